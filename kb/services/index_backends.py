"""Which index backends serve, from the settings: files beside the database or tables in it.

`KB_INDEX_BACKEND=auto` (the default) keeps the indexes in the database when that is PostgreSQL
(pgvector and full-text search, shared by every server process), otherwise embedded (FAISS and
SQLite FTS5 in the data folder). The index set and `kb check` build their indexes here, so both
always look at the same ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from index.private import private_dir
from kb.config import StorageSettings

if TYPE_CHECKING:  # the backends (numpy, FAISS, psycopg) are imported when an index is built, not for `kb stats`
    from index.lexical import LexicalIndex
    from index.vector_index import VectorIndex

Choice = tuple[str, dict[str, Any]]  # a backend's kind and its options, as index.backends takes them


def backend_choice(storage: StorageSettings) -> tuple[Choice, Choice]:
    """(kind, options) of the vector and of the lexical index."""
    if storage.postgres_indexes:
        vectors = {"ef_search": storage.pg_ef_search, **storage.pg_build_options}
        return ("pgvector", vectors), ("postgres", {"rank": storage.pg_lexical_rank})
    vector_options = storage.faiss_options if storage.vector_index == "ivf" else {}
    return (storage.vector_index, vector_options), (storage.lexical_index, {})


def describe_indexes(storage: StorageSettings) -> str:
    """The index backends in effect, for `kb stats`."""
    if storage.postgres_indexes:
        return (f"PostgreSQL (pgvector HNSW, ef_search {storage.pg_ef_search}; "
                f"Volltextsuche, Rangfolge {storage.pg_lexical_rank})")
    ivf = storage.vector_index == "ivf"
    vectors = storage.vector_index + (f" ab {storage.faiss_ann_threshold} Vektoren" if ivf else "")
    return f"eingebettet (FAISS {vectors}; SQLite {storage.lexical_index.upper()})"


def create_indexes(storage: StorageSettings, dimension: int) -> tuple[VectorIndex, LexicalIndex]:
    """The vector and the lexical index the settings name: files in the index folder, or tables
    in the PostgreSQL database (then no index file is written)."""
    from index.backends import create_lexical_index, create_vector_index

    (vector_kind, vector_options), (lexical_kind, lexical_options) = backend_choice(storage)
    url = storage.sqlalchemy_url if storage.postgres_indexes else None
    folder = None if url else private_dir(storage.index_path)
    return (create_vector_index(vector_kind, dimension, folder, url, **vector_options),
            create_lexical_index(lexical_kind, folder, url, **lexical_options))
