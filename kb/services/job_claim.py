"""Owning a job while it runs: an atomic claim, a heartbeat, and writes only by the owner.

Two server processes (or a server and `kb ingest`) share one database, so a job is taken with one
conditional UPDATE — `WHERE state = 'queued'`, or for an interrupted job `WHERE state = 'running'
AND heartbeat_at < cutoff` — and only the process whose UPDATE changed the row runs it. The owner
refreshes `heartbeat_at` while it works (also during one long file) and every later write of the
job row is conditional on the heartbeat it wrote last: should a frozen process wake up after
another one took the job over, its next write changes nothing and it stops (`LostClaim`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, update
from sqlalchemy.orm import Session, sessionmaker

from kb.db.models import Job, JobItem, utcnow
from kb.services.job_schemas import PENDING
from kb.services.schemas import FileOutcome

log = logging.getLogger(__name__)


class LostClaim(RuntimeError):
    """Another process owns the job now; this one must stop working on it."""


def claim(sessions: sessionmaker[Session], job_id: int, stale_before: datetime | None = None) -> Claim | None:
    """Take a queued job, or with `stale_before` a running one whose heartbeat is older; None if
    another process was first (or the job is in no such state)."""
    now = utcnow()
    if stale_before is None:
        condition = Job.state == "queued"
    else:
        condition = and_(Job.state == "running", or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < stale_before))
    with sessions.begin() as session:
        taken = session.execute(update(Job).where(Job.id == job_id, condition).values(
            state="running", heartbeat_at=now, started_at=func.coalesce(Job.started_at, now)))
    return Claim(sessions, job_id, now) if taken.rowcount == 1 else None


class Claim:
    """This process's hold on one running job."""

    def __init__(self, sessions: sessionmaker[Session], job_id: int, beat: datetime) -> None:
        self.sessions = sessions
        self.job_id = job_id
        self._beat = beat
        self._lock = threading.Lock()

    def _write(self, session: Session, **values) -> datetime:
        """Update the job row if this process still owns it; the new heartbeat."""
        now = utcnow()
        values.setdefault("heartbeat_at", now)
        done = session.execute(update(Job).where(Job.id == self.job_id, Job.heartbeat_at == self._beat)
                               .values(**values))
        if done.rowcount != 1:
            raise LostClaim(f"Auftrag {self.job_id} wird inzwischen von einem anderen Prozess ausgeführt")
        return values["heartbeat_at"]

    def beat(self) -> None:
        with self._lock, self.sessions.begin() as session:
            beat = self._write(session)
        self._beat = beat

    def record(self, item_id: int, outcome: FileOutcome) -> None:
        """An item's outcome and the job's counters, in one transaction (so they always agree)."""
        failed = outcome.status == "failed"
        with self._lock, self.sessions.begin() as session:
            session.execute(update(JobItem).where(JobItem.id == item_id).values(
                status=outcome.status, reason=(outcome.reason or "")[:4000], document_id=outcome.document_id,
                chunks=outcome.chunks, finished_at=utcnow()))
            beat = self._write(session, files_done=Job.files_done + 1, files_failed=Job.files_failed + int(failed),
                               chunks=Job.chunks + outcome.chunks)
        self._beat = beat

    def note(self, item_id: int, text: str) -> None:
        """A progress line on an item still in work; its outcome overwrites it."""
        with self.sessions.begin() as session:
            session.execute(update(JobItem).where(JobItem.id == item_id, JobItem.status == PENDING)
                            .values(reason=text[:4000]))

    def finish(self, state: str, error: str = "") -> None:
        """Done, or failed with `error`; items still pending fail with the same reason."""
        with self._lock, self.sessions.begin() as session:
            pending = 0
            if state == "failed":
                pending = session.execute(update(JobItem).where(JobItem.job_id == self.job_id,
                                                                JobItem.status == PENDING)
                                          .values(status="failed", reason=error[:4000], finished_at=utcnow())).rowcount
            self._write(session, state=state, error=error[:4000], finished_at=utcnow(),
                        files_done=Job.files_done + pending, files_failed=Job.files_failed + pending)

    def release(self) -> None:
        """Give the job back (clean shutdown between two files): the next start takes it at once."""
        with self._lock, self.sessions.begin() as session:
            self._write(session, state="queued", heartbeat_at=None)

    @contextmanager
    def beating(self, interval: float) -> Iterator[None]:
        """Refresh the heartbeat every `interval` seconds while the block runs."""
        stop = threading.Event()

        def loop() -> None:
            while not stop.wait(interval):
                try:
                    self.beat()
                except LostClaim:
                    return
                except Exception:  # a database hiccup: the next beat tries again
                    log.warning("Lebenszeichen für Auftrag %d nicht geschrieben", self.job_id, exc_info=True)

        thread = threading.Thread(target=loop, name=f"kb-job-{self.job_id}-heartbeat", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()


def stale_cutoff(stale_seconds: float) -> datetime:
    return utcnow() - timedelta(seconds=stale_seconds)
