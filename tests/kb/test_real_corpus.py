"""Real public PDFs: every file is ingested or reported with its reason; re-ingest is cheap.

Parsing robustness is the subject here, so the fake embedder keeps the test fast; ranking
quality with the real model is tested in test_search_quality.py and test_eval_dev.py.
"""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def database_url():
    """SQLite only: these tests are about parsing real files; the storage contract runs on both
    backends in test_knowledge_base.py."""
    return


def test_pdf_folder_is_ingested_completely_and_idempotently(fake_kb, real_pdfs):
    files = sorted(real_pdfs.rglob("*.pdf"))
    started = time.perf_counter()
    first = fake_kb.ingesting.ingest([real_pdfs])
    first_seconds = time.perf_counter() - started
    assert len(first.files) == len(files) >= 40
    for outcome in first.files:
        assert outcome.status == "added" or (outcome.status == "failed" and outcome.reason), outcome
    added = first.count("added")
    assert added >= len(files) - 2, [f for f in first.files if f.status != "added"]

    stats = fake_kb.admin.stats()
    assert stats.documents == added and stats.chunks == stats.index_vectors > 1000
    assert stats.by_format == {"pdf": added}

    started = time.perf_counter()
    second = fake_kb.ingesting.ingest([real_pdfs])
    second_seconds = time.perf_counter() - started
    assert {f.status for f in second.files} <= {"unchanged", "failed"}
    assert second.count("unchanged") == added
    assert second_seconds < 0.1 * first_seconds


def test_law_pdf_and_law_xml_give_the_same_norms(fake_kb, shared):
    pdf = shared / "corpus-real" / "pdf" / "gii-gesetze" / "SGB_02_Buergergeld.pdf"
    xml = shared / "corpus-real" / "laws" / "gii-xml_2025-03_daniel-j-h" / "sgb_2.xml"
    fake_kb.ingesting.ingest([pdf, xml])
    by_source = {d.source: d for d in fake_kb.documents.list()}
    norms = {}
    for name in ("SGB_02_Buergergeld.pdf", "sgb_2.xml"):
        detail = fake_kb.documents.detail(by_source[name].id)
        assert by_source[name].law == "SGB II"
        norms[name] = {c.norm_self for c in detail.chunks if c.norm_self}
    assert norms["SGB_02_Buergergeld.pdf"] == norms["sgb_2.xml"]
    assert "SGB II § 22" in norms["sgb_2.xml"] and len(norms["sgb_2.xml"]) > 120  # sections with text
    pdf_detail = fake_kb.documents.detail(by_source["SGB_02_Buergergeld.pdf"].id)
    assert all(c.page_start for c in pdf_detail.chunks)
