"""The sample threads: generated reproducibly, posted once through the network service, found by
the one search and linked to their thread."""

from __future__ import annotations

import importlib.util
import json

import pytest
from sqlalchemy import func, select

from kb.access import Principal
from kb.db.network_models import Answer, PostLink, Question
from kb.services.network_sample import THREADS_FILE, load_sample_threads
from kb.services.schemas import SearchQuery
from tests.conftest import CORPUS, REPO

READER = Principal(None, "leser.kusel", "Kusel", "leser")


def _generator():
    spec = importlib.util.spec_from_file_location("make_threads", REPO / "tools/make_corpus/make_threads.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cited() -> list[str]:
    """The corpus files the threads cite."""
    data = json.loads((CORPUS / THREADS_FILE).read_text(encoding="utf-8"))
    return sorted({p for t in data["threads"] for post in [t, *t["answers"]] for p in post["documents"]})


@pytest.fixture
def cited_documents(fake_kb) -> list[str]:
    """Only the documents the threads cite are read in (the whole corpus takes minutes)."""
    paths = _cited()
    report = fake_kb.ingesting.ingest([CORPUS / p for p in paths])
    assert {f.status for f in report.files} == {"added"}
    return paths


def test_shipped_file_is_what_the_generator_writes() -> None:
    assert (CORPUS / THREADS_FILE).read_bytes() == _generator().threads_json()


def test_loading_twice_posts_the_threads_once(fake_kb, cited_documents) -> None:
    assert load_sample_threads(fake_kb, CORPUS) == 2
    assert load_sample_threads(fake_kb, CORPUS) == 0
    with fake_kb.sessions() as session:
        assert session.scalar(select(func.count(Question.id))) == 2
        assert session.scalar(select(func.count(Answer.id))) == 3
        districts = set(session.scalars(select(Answer.district)))
        cited = session.scalar(select(func.count(PostLink.id)).where(PostLink.document_id.is_not(None)))
        norms = set(session.scalars(select(PostLink.norm).where(PostLink.norm.is_not(None))))
    assert districts == {"Kusel", "Mayen-Koblenz", "St. Wendel"}
    assert cited == 4 and {"SGB II § 28", "SGB II § 29"} <= {n.split(" Abs.")[0] for n in norms}


def test_a_sample_thread_is_found_by_its_topic(fake_kb, cited_documents) -> None:
    load_sample_threads(fake_kb, CORPUS)
    with fake_kb.sessions() as session:
        qid = session.scalar(select(Question.id).where(Question.district == "Vulkaneifel"))
    response = fake_kb.searching.acting(READER).search(SearchQuery(text="Datenübernahme Fachverfahren Umstieg", k=10))
    urls = [h.url for h in response.results if h.doc_type == "Netzwerkfrage"]
    assert f"/netzwerk/fragen/{qid}" in urls


def test_no_corpus_file_no_threads(fake_kb, tmp_path) -> None:
    assert load_sample_threads(fake_kb, tmp_path) == 0


def test_kb_serve_posts_the_threads_when_the_sample_job_is_done(fake_kb, tmp_path) -> None:
    """As `kb serve` does it: the sample corpus is a queued job; when it is done, the threads follow."""
    from kb_cli import serve_start

    corpus = tmp_path / "corpus"
    for relative in [str(THREADS_FILE), *_cited()]:
        (corpus / relative).parent.mkdir(parents=True, exist_ok=True)
        (corpus / relative).write_bytes((CORPUS / relative).read_bytes())
    job_id = serve_start.queue_sample(fake_kb, corpus)
    assert fake_kb.job_runner.run_pending() == 1
    serve_start.follow(fake_kb, job_id, poll=0.01, corpus=corpus).join(60)
    serve_start.follow(fake_kb, job_id, poll=0.01, corpus=corpus).join(60)  # a second start adds nothing
    with fake_kb.sessions() as session:
        assert session.scalar(select(func.count(Question.id))) == 2
        assert session.scalar(select(func.count(PostLink.id)).where(PostLink.document_id.is_not(None))) == 4
