"""KB_INDEX_BACKEND=postgres end to end: the same sample documents, ingested into a PostgreSQL
store whose indexes are pgvector and PostgreSQL full-text search, are found exactly as in the
embedded store (SQLite, FAISS, FTS5), in every mode, with filters, after a delete and after a
rebuild — and not one index file is written (fake embedder: this is about the backends)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.config import Settings
from kb.services.knowledge_base import KnowledgeBase
from kb.services.schemas import SearchFilters, SearchHit, SearchQuery
from tests.conftest import CORPUS, MODEL_CACHE

QUERIES = ["Mehrbedarf bei Alleinerziehung", "Mietobergrenzen für 2025", "Lernförderung beantragen",
           "Karenzzeit beim Vermögen", "Mietkaution und Genossenschaftsanteile", "Erreichbarkeit bei Ortsabwesenheit",
           "Mittagessen und Schulbedarf", "Heizkosten nachzahlen", "Mehrbedarf für kostenaufwändige Ernährung"]
DISTRICTS = ("st-wendel", "mainz-bingen", "saarpfalz-kreis")  # no two passages alike: ties would have no order
MODES = ("dense", "lexical", "hybrid")
MEHRBEDARFE = "rs-2024-03-mehrbedarfe.pdf"


def sample_folder(tmp_path: Path) -> Path:
    """Three districts' sample documents with their sidecars."""
    folder = tmp_path / "eingang"
    for district in DISTRICTS:
        shutil.copytree(CORPUS / district, folder / district)
    return folder


def make_kb(data: Path, **storage) -> KnowledgeBase:
    return KnowledgeBase(Settings(data_dir=data, embedder="fake", model_dir=MODEL_CACHE, admin_password="test-passwort",
                                  secret_key="test-secret", match_weak=0.0, match_good=0.0, **storage))


@pytest.fixture
def stores(tmp_path, postgres_database):
    """(embedded, postgres) knowledge bases holding the same sample documents."""
    folder = sample_folder(tmp_path)
    embedded = make_kb(tmp_path / "embedded")
    postgres = make_kb(tmp_path / "postgres", database_url=postgres_database, index_backend="postgres")
    for kb in (embedded, postgres):
        report = kb.ingesting.ingest([folder])
        assert report.count("failed") == 0 and report.count("added") >= 8, report.files
    yield embedded, postgres
    for kb in (embedded, postgres):
        kb.close()


def search(kb: KnowledgeBase, text: str, mode: str, **filters) -> list[SearchHit]:
    query = SearchQuery(text=text, mode=mode, k=10, filters=SearchFilters(**filters), highlight=False)
    return kb.searching.search(query).results


def found(kb: KnowledgeBase, text: str, mode: str, **filters) -> list[tuple[str, str]]:
    return [(hit.title, hit.text) for hit in search(kb, text, mode, **filters)]


@pytest.mark.postgres
def test_every_mode_finds_the_same_passages_in_the_same_order(stores):
    embedded, postgres = stores
    for mode in MODES:
        for text in QUERIES:
            expected = found(embedded, text, mode)
            assert expected, (mode, text)
            assert found(postgres, text, mode) == expected, (mode, text)


@pytest.mark.postgres
def test_filters_delete_and_rebuild_agree_and_no_index_file_is_written(stores, tmp_path):
    embedded, postgres = stores
    gone = {kb.ingesting.delete(MEHRBEDARFE) for kb in stores}
    assert len(gone) == 1 and None not in gone
    for text in QUERIES[:3]:
        for mode in MODES:
            wendel = found(embedded, text, mode, district=["St. Wendel"])
            assert found(postgres, text, mode, district=["St. Wendel"]) == wendel, (mode, text)
            assert not gone & {title for title, _ in found(postgres, text, mode)}
    assert postgres.admin.reindex() == len(embedded.components.indexes.vectors)
    assert all(kb.admin.check(kb.ingesting.write_lock).ok for kb in stores)
    assert postgres.admin.stats().indexes.startswith("PostgreSQL (pgvector HNSW, ef_search 100")
    assert embedded.admin.stats().indexes == "eingebettet (FAISS ivf ab 50000 Vektoren; SQLite FTS5)"
    assert found(postgres, QUERIES[1], "hybrid") == found(embedded, QUERIES[1], "hybrid")
    index_folder = tmp_path / "postgres" / "index"
    assert not index_folder.exists() or not any(index_folder.iterdir())


@pytest.mark.postgres
def test_a_second_knowledge_base_on_the_same_database_sees_writes_without_rebuilding(stores, tmp_path, monkeypatch):
    _embedded, postgres = stores
    other = make_kb(tmp_path / "zweite", database_url=postgres.settings.storage.database_url, index_backend="postgres")
    try:
        sources = {mode: {hit.source for hit in search(other, QUERIES[0], mode)} for mode in MODES}
        assert all(MEHRBEDARFE in found_in for found_in in sources.values()), sources
        indexes = other.components.indexes
        for member in (indexes._vectors, indexes._lexical):
            monkeypatch.setattr(member, "rebuild", lambda *_: pytest.fail("Neuaufbau statt gemeinsamer Tabelle"))
        chunks = len(indexes.vectors)
        assert postgres.ingesting.delete(MEHRBEDARFE) is not None
        assert all(MEHRBEDARFE not in {hit.source for hit in search(other, QUERIES[0], mode)} for mode in MODES)
        assert indexes.vectors.generation == indexes.lexical.generation == indexes.db_generation()
        assert len(indexes.vectors) == len(indexes.lexical) < chunks
    finally:
        other.close()


def test_the_backend_follows_the_database_unless_set_and_postgres_needs_postgres(tmp_path):
    url = "postgresql+psycopg://kb@127.0.0.1:1/kb"  # never contacted
    assert Settings(data_dir=tmp_path, database_url=url).storage.postgres_indexes
    assert not Settings(data_dir=tmp_path, database_url=url, index_backend="embedded").storage.postgres_indexes
    assert not Settings(data_dir=tmp_path).storage.postgres_indexes
    with pytest.raises(ValueError, match="KB_INDEX_BACKEND=postgres braucht eine PostgreSQL-Datenbank"):
        Settings(data_dir=tmp_path, index_backend="postgres")
