"""Background jobs on a real store (SQLite and PostgreSQL, real FAISS and FTS5 indexes, real
files; the fake embedder): a sync processes exactly what changed while searches go on, a claim is
taken once, an interrupted job resumes without redoing what is done, or fails with its reason."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from kb.access import SYSTEM
from kb.db.models import AuditEntry, Job, utcnow
from kb.services.job_claim import LostClaim, claim
from kb.services.job_runner import RunObserver
from kb.services.schemas import SearchQuery

WORDS = ("Mietkaution Darlehen Heizkosten Unterkunft Bedarfsgemeinschaft Zusicherung Umzug Kooperationsplan "
         "Eingliederung Antrag Bescheid Widerspruch Einkommen Vermögen Nachzahlung Abrechnung").split()


def document(title: str, sections: int = 3, seed: int = 0) -> str:
    """A Markdown circular with `sections` sections of distinct text (no two files alike)."""
    body = []
    for i in range(sections):
        words = " ".join(WORDS[(i * 7 + seed + j) % len(WORDS)] for j in range(40))
        body.append(f"## {i + 1}. Abschnitt {title}\n\nNach § 22 SGB II gilt für {title}: {words}.\n")
    return f"# {title}\n\n" + "\n".join(body)


def upload_job(kb, files: dict[str, str], principal=SYSTEM):
    jobs = kb.jobs.acting(principal)
    with jobs.upload_batch() as batch:
        for name, text in files.items():
            batch.add(name, text.encode())
        return jobs.submit_upload(batch, None)


def documents(kb) -> int:
    """Documents in force (an older version stays stored beside its successor)."""
    return kb.admin.stats(with_index=False).documents


def uploads_audited(kb) -> int:
    with kb.sessions() as session:
        return len(session.scalars(select(AuditEntry.id).where(AuditEntry.action == "upload")).all())


class Searching(RunObserver):
    """Issues `count` searches from another thread while the job runs: the job waits at its first
    file until ten were answered and at its last until all were — so all of them fall into the
    job, and most while its files are being written."""

    def __init__(self, kb, count: int = 50) -> None:
        self.kb, self.count = kb, count
        self.answers: list = []
        self.errors: list[Exception] = []
        self.first_ten, self.all_done = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._search)
        self.items_seen = 0

    def _search(self) -> None:
        for i in range(self.count):
            try:
                self.answers.append(self.kb.searching.search(SearchQuery(text=f"{WORDS[i % len(WORDS)]} § 22")))
            except Exception as exc:  # the assertion below shows it
                self.errors.append(exc)
            if i == 9:
                self.first_ten.set()
        self.all_done.set()

    def started(self, job) -> None:
        self.total = job.files_total
        self.thread.start()

    def item(self, name, outcome) -> None:
        if outcome is None and self.items_seen == 0:
            assert self.first_ten.wait(60)
        if outcome is not None:
            self.items_seen += 1
            if self.items_seen == self.total:
                assert self.all_done.wait(120)


def test_sync_with_prune_processes_exactly_the_changed_added_and_deleted_file_while_50_searches_succeed(
        fake_kb, tmp_path):
    folder = tmp_path / "import"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.md").write_text(document(name.upper(), sections=40), encoding="utf-8")
    first, _ = fake_kb.jobs.create_ingest([folder], None)
    assert fake_kb.job_runner.run_pending() == 1 and fake_kb.jobs.get(first).files_done == 3
    (folder / "a.md").write_text(document("A", sections=60, seed=3), encoding="utf-8")
    (folder / "c.md").unlink()
    (folder / "d.md").write_text(document("D", sections=60), encoding="utf-8")

    job_id, held, _plan = fake_kb.jobs.create_sync(folder, prune=True, hints=None, inline=True)
    searching = Searching(fake_kb)
    assert fake_kb.job_runner.execute(held, observer=searching) == "done"
    searching.thread.join()

    job = fake_kb.jobs.get(job_id)
    assert sorted((Path(i.name).name, i.status) for i in job.items) == [
        ("C", "deleted"), ("a.md", "replaced"), ("d.md", "added")]
    assert (job.files_total, job.files_done, job.files_failed, job.params["unchanged"]) == (3, 3, 0, 1)
    assert searching.errors == [] and len(searching.answers) == 50
    assert all(answer.results for answer in searching.answers)
    assert documents(fake_kb) == 3
    assert fake_kb.admin.check(fake_kb.ingesting.write_lock).ok


def test_a_job_is_claimed_once_and_a_stale_one_is_taken_over_from_its_silent_owner(fake_kb):
    job = upload_job(fake_kb, {"a.md": document("A")})
    first = claim(fake_kb.sessions, job.id)
    assert first is not None
    assert claim(fake_kb.sessions, job.id) is None  # a second process gets nothing
    assert claim(fake_kb.sessions, job.id, stale_before=utcnow() - timedelta(seconds=60)) is None  # still alive
    first.beat()
    second = claim(fake_kb.sessions, job.id, stale_before=utcnow() + timedelta(seconds=1))  # now "stale"
    assert second is not None
    with pytest.raises(LostClaim):
        first.beat()  # the old owner's next write changes nothing: it stops
    second.release()
    assert fake_kb.jobs.get(job.id).state == "queued"


def _interrupt_after_first_file(kb, job_id: int) -> None:
    """Run one file, then leave the job as a killed process would: running, heartbeat old."""
    stop = threading.Event()

    class StopAfterOne(RunObserver):
        def item(self, name, outcome):
            if outcome is not None:
                stop.set()

    assert kb.job_runner.execute(claim(kb.sessions, job_id), stop, StopAfterOne()) == "queued"
    with kb.sessions.begin() as session:
        session.execute(update(Job).where(Job.id == job_id).values(
            state="running", heartbeat_at=utcnow() - timedelta(hours=1)))


def test_an_interrupted_job_resumes_at_its_first_unfinished_file(fake_kb):
    files = {f"rs-{n}.md": document(f"Rundschreiben {n}", seed=n) for n in range(4)}
    job = upload_job(fake_kb, files)
    _interrupt_after_first_file(fake_kb, job.id)
    before = fake_kb.jobs.get(job.id)
    assert (before.state, before.files_done) == ("running", 1)
    # the second file's commit landed, its item was not marked yet (the crash came in between)
    staged = Path(fake_kb.settings.storage.resolved_data_dir / "jobs" / str(job.id) / "rs-1.md")
    fake_kb.ingesting.ingest_one(staged, source_key=fake_kb.ingesting.upload_key("rs-1.md", None), label="rs-1.md")

    assert fake_kb.job_runner.run_pending() == 1
    after = fake_kb.jobs.get(job.id)
    assert (after.state, after.files_done, after.files_failed) == ("done", 4, 0)
    assert after.items[0].finished_at == before.items[0].finished_at  # not redone
    assert [i.status for i in after.items] == ["added", "unchanged", "added", "added"]
    assert documents(fake_kb) == 4 and uploads_audited(fake_kb) == 4
    assert not (fake_kb.settings.storage.resolved_data_dir / "jobs" / str(job.id)).exists()
    assert fake_kb.admin.check(fake_kb.ingesting.write_lock).ok


def test_a_resumed_upload_without_its_staged_files_fails_with_the_reason(fake_kb):
    job = upload_job(fake_kb, {"a.md": document("A"), "b.md": document("B", seed=1)})
    _interrupt_after_first_file(fake_kb, job.id)
    (fake_kb.settings.storage.resolved_data_dir / "jobs" / str(job.id) / "b.md").unlink()
    fake_kb.job_runner.run_pending()
    after = fake_kb.jobs.get(job.id)
    assert after.state == "failed" and "Zwischengespeicherte Dateien fehlen (b.md)" in after.error
    assert [i.status for i in after.items] == ["added", "failed"] and after.items[1].reason == after.error
    assert (after.files_done, after.files_failed) == (2, 1)


def test_a_job_acts_as_its_creator_and_fails_once_the_account_is_disabled(fake_kb):
    fake_kb.accounts.add_user(SYSTEM, "kusel.red", "geheim-genug-123", "Kusel", "redakteur")
    kusel = fake_kb.accounts.principal("kusel.red")
    own = upload_job(fake_kb, {"k.md": "---\ndistrict: Kusel\n---\n" + document("K"),
                               "s.md": "---\ndistrict: Saarlouis\n---\n" + document("S")}, kusel)
    fake_kb.job_runner.run_pending()
    done = fake_kb.jobs.get(own.id)
    assert [i.status for i in done.items] == ["added", "failed"]  # a Kusel editor writes Kusel only
    assert "Keine Berechtigung" in done.items[1].reason and done.state == "done"
    later = upload_job(fake_kb, {"l.md": "---\ndistrict: Kusel\n---\n" + document("L")}, kusel)
    fake_kb.accounts.set_active(SYSTEM, "kusel.red", False)
    fake_kb.job_runner.run_pending()
    failed = fake_kb.jobs.get(later.id)
    assert failed.state == "failed" and "gesperrt oder gelöscht" in failed.error
    assert documents(fake_kb) == 1


def test_jobs_are_seen_by_their_creator_and_admins_only(fake_kb):
    for login, district, role in (("kusel.red", "Kusel", "redakteur"), ("saar.red", "Saarlouis", "redakteur"),
                                  ("netz.admin", "netzwerk", "admin")):
        fake_kb.accounts.add_user(SYSTEM, login, "geheim-genug-123", district, role)
    principal = fake_kb.accounts.principal
    job = upload_job(fake_kb, {"k.md": document("K")}, principal("kusel.red"))
    assert fake_kb.jobs.acting(principal("kusel.red")).get(job.id) is not None
    assert fake_kb.jobs.acting(principal("saar.red")).get(job.id) is None
    assert fake_kb.jobs.acting(principal("netz.admin")).get(job.id) is not None
    assert [j.id for j in fake_kb.jobs.acting(principal("saar.red")).recent()] == []
    assert [j.id for j in fake_kb.jobs.acting(principal("netz.admin")).recent()] == [job.id]


def test_staged_uploads_are_private_and_removed_when_the_job_is_done(fake_kb):
    job = upload_job(fake_kb, {"a.md": document("A")})
    folder = fake_kb.settings.storage.resolved_data_dir / "jobs" / str(job.id)
    assert folder.stat().st_mode & 0o777 == 0o700 and folder.parent.stat().st_mode & 0o777 == 0o700
    assert (folder / "a.md").stat().st_mode & 0o777 == 0o600
    fake_kb.job_runner.run_pending()
    assert not folder.exists() and fake_kb.jobs.get(job.id).state == "done"
