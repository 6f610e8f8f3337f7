"""The store is owner-only: data directory and every folder in it 0700, every file 0600 — the
database with its WAL, the indexes, the originals, the embedding cache, the secret key and the
lock file — whatever the process umask, and a store made before this rule is tightened on open."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from index.embed_cache import CachingEmbedder
from index.embedder import FakeEmbedder
from kb.config import Settings
from kb.services.feedback import FeedbackIn
from kb.services.knowledge_base import KnowledgeBase
from tests.conftest import MODEL_CACHE
from webui.app import create_app

NOTE = "# Umzug\n\nEin Umzug ohne Zusicherung nach § 22 Abs. 4 SGB II wird gedeckelt.\n"


@pytest.fixture
def loose_umask():
    """The common default (files 0644, folders 0755): the store must not rely on a strict one."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _open_to_others(root: Path) -> list[str]:
    found = [f"{p.relative_to(root.parent)} {stat.filemode(p.lstat().st_mode)}"
             for p in [root, *root.rglob("*")] if not p.is_symlink() and p.lstat().st_mode & 0o077]
    return sorted(found)


def _use(tmp_path: Path) -> KnowledgeBase:
    """A store that has done everything once: ingest, search, feedback, reindex, the web app."""
    data = tmp_path / "data"
    kb = KnowledgeBase(Settings(data_dir=data, embedder="fake", model_dir=MODEL_CACHE, anonymous_read=True))
    (tmp_path / "umzug.md").write_text(NOTE, encoding="utf-8")
    kb.ingesting.ingest([tmp_path / "umzug.md"])
    client = TestClient(create_app(kb))  # writes the secret key
    assert client.get("/api/search", params={"q": "Umzug"}).status_code == 200
    chunk = kb.documents.detail(kb.documents.list()[0].id).chunks[0].id
    kb.feedback.add(FeedbackIn(query="Umzug", chunk_id=chunk, helpful=True))
    kb.admin.reindex()
    return kb


def test_everything_the_store_creates_is_owner_only(tmp_path, loose_umask):
    kb = _use(tmp_path)
    data = kb.settings.storage.resolved_data_dir
    names = {p.name for p in data.rglob("*")}
    assert {"kb.sqlite3", "kb.sqlite3-wal", ".secret_key", ".write.lock", "files", "index"} <= names
    assert {"lexical.sqlite3", "lexical.sqlite3-wal", "vectors.faiss"} <= names
    assert any(p.suffix == ".md" for p in (data / "files").iterdir())
    assert _open_to_others(data) == []
    kb.close()
    assert _open_to_others(data) == []
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "kb.sqlite3").stat().st_mode) == 0o600


def test_the_embedding_cache_is_owner_only(tmp_path, loose_umask):
    cache = CachingEmbedder(FakeEmbedder(), tmp_path / "cache" / "embeddings.sqlite3", "fake")
    cache.embed_passages(["Umzug ohne Zusicherung"])
    assert _open_to_others(tmp_path / "cache") == []


def test_a_store_from_before_is_tightened_when_opened(tmp_path, loose_umask):
    kb = _use(tmp_path)
    kb.close()
    data = kb.settings.storage.resolved_data_dir
    for path in [data, *data.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert len(_open_to_others(data)) > 5
    KnowledgeBase(Settings(data_dir=data, embedder="fake", model_dir=MODEL_CACHE)).close()
    assert _open_to_others(data) == []
