"""The pgvector HNSW build gets the memory it needs (`KB_PG_BUILD_MEMORY`): pgvector builds the
graph in memory while it fits into `maintenance_work_mem` and says so when it no longer does."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from index.pg_vectors import PgVectorIndex
from kb.config import Settings
from kb.services.index_backends import backend_choice
from tests.index.test_vector_index_contract import DIM, unit


def built_with(url: str, memory: str, n: int = 3000) -> tuple[list[str], str, PgVectorIndex]:
    """Notices of the build, the session's maintenance_work_mem afterwards, and the index."""
    index = PgVectorIndex(DIM, url, build_memory=memory, build_workers=0)
    notices: list[str] = []
    with index.db.connection() as conn:
        conn.add_notice_handler(lambda diag: notices.append(diag.message_primary or ""))
    vectors = unit(np.random.default_rng(5).normal(size=(n, DIM)))
    index.add(np.arange(n), vectors)
    index.save(1)
    with index.db.connection() as conn:
        memory_after = conn.execute("SHOW maintenance_work_mem").fetchone()[0]
    assert index.search(vectors[17], 1)[0].tolist() == [17]
    return notices, memory_after, index


@pytest.mark.postgres
def test_the_build_session_gets_the_configured_memory_and_the_graph_fits(postgres_database):
    notices, memory, index = built_with(postgres_database, "256MB")
    index.close()
    assert memory == "256MB"
    assert not [n for n in notices if "maintenance_work_mem" in n]


@pytest.mark.postgres
def test_too_little_memory_still_builds_but_pgvector_reports_the_slow_path(postgres_database):
    notices, memory, index = built_with(postgres_database, "1MB")
    index.close()
    assert memory == "1MB" and [n for n in notices if "maintenance_work_mem" in n]


def test_the_settings_reach_the_backend_and_nonsense_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_PG_BUILD_MEMORY", "4GB")
    storage = Settings(data_dir=tmp_path, database_url="postgresql+psycopg://u@127.0.0.1/x").storage
    (kind, options), _ = backend_choice(storage)
    assert kind == "pgvector" and options["build_memory"] == "4GB" and options["build_workers"] == 1
    monkeypatch.setenv("KB_PG_BUILD_MEMORY", "viel")
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path)
