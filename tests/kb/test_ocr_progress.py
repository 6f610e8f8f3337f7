"""A long scan shows where OCR is: each page read is told from the parse process to the job — as
the item's line on the job page (until its outcome replaces it) and to the CLI's bar."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ingest.limits import Limits
from ingest.parsers import ocr
from ingest.parsers.ocr_options import OcrOptions
from kb.access import SYSTEM
from kb.db.models import JobItem
from kb.services.job_claim import claim
from kb.services.job_runner import RunObserver
from kb.services.parse_process import parse_isolated, progress_to
from tests.ingest.ocr_samples import image_pdf, text_page

pytestmark = pytest.mark.skipif(ocr.unavailable(OcrOptions()) is not None, reason="Tesseract (deu) fehlt")


@pytest.fixture(scope="module")
def scan() -> bytes:
    return image_pdf([text_page([[f"Seite {n} des Protokolls"], ["Die Heizkosten werden übernommen."]])
                      for n in (1, 2, 3)], dpi=200)


def test_the_parse_process_tells_each_page_read(scan):
    steps: list[tuple[int, int]] = []
    with progress_to(lambda done, total: steps.append((done, total))):
        doc = parse_isolated(scan, "protokoll-scan.pdf", Limits(), OcrOptions())
    assert steps == [(1, 3), (2, 3), (3, 3)]
    assert [p["page"] for p in doc.ocr_pages] == [1, 2, 3]


class Watching(RunObserver):
    """Reads the item's line on the job page at each step, as the page's poll would."""

    def __init__(self, kb) -> None:
        self.kb, self.seen = kb, []

    def pages(self, name: str, done: int, total: int) -> None:
        with self.kb.sessions() as session:
            self.seen.append((name, session.scalar(select(JobItem.reason).where(JobItem.name == name))))


def test_an_upload_job_shows_ocr_progress_on_its_item_until_the_outcome(fake_kb, scan):
    jobs = fake_kb.jobs.acting(SYSTEM)
    with jobs.upload_batch() as batch:
        batch.add("protokoll-scan.pdf", scan)
        job_id = jobs.submit_upload(batch, None).id
    watching = Watching(fake_kb)
    assert fake_kb.job_runner.execute(claim(fake_kb.sessions, job_id), observer=watching) == "done"
    assert watching.seen == [("protokoll-scan.pdf", f"Texterkennung: Seite {n} von 3 gelesen …") for n in (1, 2, 3)]
    item = fake_kb.jobs.get(job_id).items[0]
    assert item.status == "added" and "gelesen …" not in item.reason  # the outcome replaced the progress line
