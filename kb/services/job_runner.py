"""Running a job: item by item, each outcome written as soon as its file is done.

The job acts as the principal who created it (checked again when it runs: a user disabled in the
meantime fails the job with the reason). Each file goes through the `Ingestor` (its file lock
keeps one writer at a time across processes) and its outcome, with the job's counters, is
committed right after; so an interrupted job resumes at its first unfinished item. A file whose
commit landed just before a crash, but not its item, is harmless to redo: its content hash makes
it "unverändert". The indexes are saved once, when the job stops.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ingest.errors import IngestError
from kb.access import SYSTEM, AccessDenied, Principal
from kb.config import Settings
from kb.db.models import Job, JobItem
from kb.services.accounts import Accounts
from kb.services.admin_service import AdminService
from kb.services.ingest_service import Ingestor
from kb.services.job_claim import Claim, LostClaim, claim, stale_cutoff
from kb.services.job_schemas import PENDING, JobInfo, job_info
from kb.services.job_staging import remove_job_folder, sweep
from kb.services.jobs import IMPORT, hints_of
from kb.services.parse_process import ParseCancelled, cancelled_by, progress_to
from kb.services.schemas import FileOutcome

log = logging.getLogger(__name__)
BUILT_IN = {SYSTEM.login: SYSTEM, IMPORT.login: IMPORT}
CHANGES_INDEXES = ("added", "replaced")


class JobFailed(Exception):
    """The job cannot go on; the message (German) is its recorded reason."""


class RunObserver:
    """What a progress display hears of a running job (the CLI's bar); silent by default."""

    def started(self, job: JobInfo) -> None:
        """The job is claimed; `job.files_total` and its finished items are known."""

    def item(self, name: str, outcome: FileOutcome | None) -> None:
        """An item starts (`outcome` None) or has finished."""

    def pages(self, name: str, done: int, total: int) -> None:
        """OCR of the item has read `done` of `total` scanned pages."""


class JobRunner:
    def __init__(self, settings: Settings, sessions: sessionmaker[Session], ingesting: Ingestor,
                 admin: AdminService, accounts: Accounts) -> None:
        self.settings = settings
        self.sessions = sessions
        self.ingesting = ingesting
        self.admin = admin
        self.accounts = accounts

    @property
    def beat_interval(self) -> float:
        return min(15.0, self.settings.jobs.job_stale_seconds / 4)

    def run_pending(self, stop: threading.Event | None = None) -> int:
        """Resume interrupted jobs (heartbeat older than `KB_JOB_STALE_SECONDS`), then run the
        queued ones, oldest first; how many jobs were run."""
        sweep(self.settings.storage.resolved_data_dir)
        ran = 0
        cutoff = stale_cutoff(self.settings.jobs.job_stale_seconds)
        for job_id, stale in self._runnable(cutoff):
            if stop is not None and stop.is_set():
                break
            held = claim(self.sessions, job_id, cutoff if stale else None)
            if held is not None:
                if stale:
                    log.warning("Auftrag %d war unterbrochen und wird fortgesetzt", job_id)
                self.execute(held, stop)
                ran += 1
        return ran

    def _runnable(self, cutoff) -> list[tuple[int, bool]]:
        with self.sessions() as session:
            stale = session.scalars(select(Job.id).where(Job.state == "running", Job.heartbeat_at < cutoff)
                                    .order_by(Job.id)).all()
            queued = session.scalars(select(Job.id).where(Job.state == "queued").order_by(Job.id)).all()
        return [(i, True) for i in stale] + [(i, False) for i in queued]

    def execute(self, held: Claim, stop: threading.Event | None = None, observer: RunObserver | None = None) -> str:
        """Work a claimed job to its end; its state afterwards ('queued': given back at shutdown)."""
        changed: list[bool] = []
        try:
            with held.beating(self.beat_interval):
                state = self._work(held, stop, observer or RunObserver(), changed)
        except LostClaim as exc:
            log.warning("%s", exc)
            return "lost"
        except JobFailed as exc:
            state = self._fail(held, str(exc))
        except Exception as exc:  # a bug must fail the job with its reason, not leave it running
            log.exception("Auftrag %d abgebrochen", held.job_id)
            state = self._fail(held, f"Interner Fehler ({type(exc).__name__}: {exc})")
        finally:
            if any(changed) or self.ingesting.indexes_behind():
                self.ingesting.save_indexes()
        if state in ("done", "failed"):
            remove_job_folder(self.settings.storage.resolved_data_dir, held.job_id)
        return state

    def _fail(self, held: Claim, reason: str) -> str:
        try:
            held.finish("failed", reason)
        except LostClaim:
            return "lost"
        return "failed"

    def _work(self, held: Claim, stop: threading.Event | None, observer: RunObserver, changed: list[bool]) -> str:
        job, pending = self._load(held.job_id)
        work = self._work_for(job, self._principal(job.login))
        self._check_staged(job, pending)
        observer.started(job_info(job))
        for item in pending:
            if stop is not None and stop.is_set():
                held.release()
                return "queued"
            observer.item(item.name, None)
            try:
                with cancelled_by(stop), progress_to(_pages(held, item, observer)):
                    outcome = work(item)
            except ParseCancelled:  # shutdown while a file was parsed: the item stays pending
                held.release()
                return "queued"
            held.record(item.id, outcome)
            changed.append(outcome.status in CHANGES_INDEXES)
            observer.item(item.name, outcome)
        held.finish("done")
        return "done"

    def _load(self, job_id: int) -> tuple[Job, list[JobItem]]:
        with self.sessions() as session:
            job = session.get(Job, job_id)
            pending = session.scalars(select(JobItem).where(JobItem.job_id == job_id, JobItem.status == PENDING)
                                      .order_by(JobItem.ordinal)).all()
            return job, list(pending)

    def _principal(self, login: str) -> Principal:
        if login in BUILT_IN:
            return BUILT_IN[login]
        principal = self.accounts.principal(login)
        if principal is None:
            raise JobFailed(f"Das Konto '{login}' ist gesperrt oder gelöscht; der Auftrag wurde nicht ausgeführt.")
        return principal

    @staticmethod
    def _check_staged(job: Job, pending: list[JobItem]) -> None:
        """An upload resumes only with its staged files (they are gone if the data directory was
        cleaned); a missing one fails the job instead of leaving it to wait forever."""
        missing = [i.name for i in pending if job.kind == "upload" and not Path(i.path or "").is_file()]
        if missing:
            raise JobFailed(f"Zwischengespeicherte Dateien fehlen ({', '.join(missing[:3])}"
                            f"{' …' if len(missing) > 3 else ''}); bitte erneut hochladen.")

    def _work_for(self, job: Job, principal: Principal) -> Callable[[JobItem], FileOutcome]:
        if job.kind == "reindex":
            if not principal.is_admin:
                raise JobFailed("Indizes neu aufbauen darf nur die Verwaltung.")
            return lambda item: FileOutcome(path=item.name, status="done",
                                            reason=f"{self.admin.reindex()} Vektoren im Index")
        try:
            hints = hints_of(job.params or {})
        except IngestError as exc:
            raise JobFailed(f"Ungültige Metadaten im Auftrag: {exc}") from exc
        ingesting = self.ingesting.acting(principal)

        def one(item: JobItem) -> FileOutcome:
            if item.path is None:
                return _delete(ingesting, item)
            key = ingesting.upload_key(item.name, hints) if job.kind == "upload" else None
            return ingesting.ingest_one(Path(item.path), hints, source_key=key, label=item.name)

        return one


def _pages(held: Claim, item: JobItem, observer: RunObserver) -> Callable[[int, int], None]:
    """Where OCR progress of an item goes: its line on the job page (until its outcome replaces
    it) and the observer (the CLI's bar)."""
    def tell(done: int, total: int) -> None:
        held.note(item.id, f"Texterkennung: Seite {done} von {total} gelesen …")
        observer.pages(item.name, done, total)

    return tell


def _delete(ingesting: Ingestor, item: JobItem) -> FileOutcome:
    """A sync's document whose file is gone; already deleted (a resumed job) is as good."""
    try:
        title = ingesting.delete(str(item.document_id))
    except AccessDenied as exc:
        return FileOutcome(path=item.name, status="failed", reason=str(exc), document_id=item.document_id)
    reason = "Datei nicht mehr im Ordner" if title else "Datei nicht mehr im Ordner (Dokument war schon entfernt)"
    return FileOutcome(path=item.name, status="deleted", reason=reason, document_id=item.document_id)
