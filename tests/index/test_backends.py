"""The factories: an unknown kind is refused in German, naming the kinds there are."""

from __future__ import annotations

import pytest

from index.backends import LEXICAL_INDEXES, VECTOR_INDEXES, create_lexical_index, create_vector_index


def test_an_unknown_vector_index_is_refused_in_german_naming_the_known_kinds(tmp_path):
    with pytest.raises(ValueError, match=r"Unbekannter Vektorindex: hnsw \(bekannt: ") as refused:
        create_vector_index("hnsw", 16, tmp_path)
    assert all(kind in str(refused.value) for kind in VECTOR_INDEXES)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_lexical_index_is_refused_in_german_naming_the_known_kinds(tmp_path):
    with pytest.raises(ValueError, match=r"Unbekannter lexikalischer Index: opensearch \(bekannt: ") as refused:
        create_lexical_index("opensearch", tmp_path)
    assert all(kind in str(refused.value) for kind in LEXICAL_INDEXES)
    assert list(tmp_path.iterdir()) == []


def test_the_tables_name_the_default_backends():
    """The contract suites parametrize over these tables; an empty one would skip them silently."""
    assert "flat" in VECTOR_INDEXES and "fts5" in LEXICAL_INDEXES
