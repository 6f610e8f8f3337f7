"""A knowledge base over the whole sample corpus (fake embedder), ingested once for the page tests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import CORPUS, MODEL_CACHE
from webui.app import create_app


@pytest.fixture(scope="session")
def corpus_kb(tmp_path_factory):
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    settings = Settings(data_dir=tmp_path_factory.mktemp("webui") / "data", embedder="fake",
                        model_dir=MODEL_CACHE, admin_password="test-passwort", secret_key="test-secret",
                        anonymous_read=True, match_weak=0.0, match_good=0.0)  # fake vectors: see tests/conftest.py
    kb = KnowledgeBase(settings)
    kb.ingesting.ingest([CORPUS])
    yield kb
    kb.close()


@pytest.fixture
def corpus_client(corpus_kb) -> TestClient:
    """A fresh client (own session cookie, own rate limit) on the shared corpus."""
    return TestClient(create_app(corpus_kb))
