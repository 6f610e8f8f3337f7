"""The worker thread and the import-folder schedule on a real store (fake embedder)."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import update

from kb.db.models import Document, Job, utcnow
from kb.services.import_dirs import ImportSchedule
from kb.services.worker import JobWorker
from tests.kb.test_jobs import document, upload_job


def _wait_for(kb, job_id: int, state: str = "done", seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while kb.jobs.get(job_id).state != state:
        assert time.monotonic() < deadline, kb.jobs.get(job_id)
        time.sleep(0.05)


def test_the_worker_runs_a_job_when_it_is_queued_and_resumes_an_interrupted_one_at_start(fake_kb):
    interrupted = upload_job(fake_kb, {"alt.md": document("Alt")})
    with fake_kb.sessions.begin() as session:  # as a killed server leaves it
        session.execute(update(Job).where(Job.id == interrupted.id).values(
            state="running", started_at=utcnow(), heartbeat_at=utcnow() - timedelta(hours=1)))
    fake_kb.settings.jobs.job_poll_seconds = 600  # only the wake-up event can start a new job in time
    worker = JobWorker(fake_kb.job_runner, fake_kb.jobs, fake_kb.settings.jobs)
    worker.start()
    try:
        _wait_for(fake_kb, interrupted.id)
        fresh = upload_job(fake_kb, {"neu.md": document("Neu", seed=2)})
        _wait_for(fake_kb, fresh.id)
    finally:
        worker.stop()
    assert not worker.running
    assert [i.status for i in fake_kb.jobs.get(fresh.id).items] == ["added"]


def test_import_folders_are_synced_on_their_schedule_as_jobs_of_import(fake_kb, tmp_path):
    folder = tmp_path / "import-kusel"
    folder.mkdir()
    (folder / "rs.md").write_text(document("Rundschreiben Kusel"), encoding="utf-8")
    settings = fake_kb.settings.jobs
    settings.import_dirs = f"kusel:{folder},vulkaneifel:{tmp_path / 'fehlt'}"
    schedule = ImportSchedule(fake_kb.jobs, settings)

    kusel, missing = schedule.queue_due()
    job = fake_kb.jobs.get(kusel)
    assert (job.kind, job.login, job.state, job.params["hints"]) == ("sync", "import", "queued", {"district": "Kusel"})
    failed = fake_kb.jobs.get(missing)
    assert failed.state == "failed" and "Importordner nicht lesbar" in failed.error
    assert schedule.queue_due() == []  # one is queued, the other failed a moment ago
    fake_kb.job_runner.run_pending()
    item = fake_kb.jobs.get(kusel).items[0]
    with fake_kb.sessions() as session:
        assert session.get(Document, item.document_id).district == "Kusel"
    assert schedule.queue_due(utcnow() + timedelta(minutes=10)) == []  # the interval has not passed
    again = schedule.queue_due(utcnow() + timedelta(minutes=16))
    assert len(again) == 2
    fake_kb.job_runner.run_pending()
    second = fake_kb.jobs.get(again[0])
    assert (second.state, second.files_total, second.params["unchanged"]) == ("done", 0, 1)
