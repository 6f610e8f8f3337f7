"""The job worker: one daemon thread in the server process that runs queued jobs.

It wakes when this process queues a job (an event) and otherwise looks into the database every
`KB_JOB_POLL_SECONDS`, since another process may have queued one or left one interrupted. One
thread is enough: writes are serialised by the Ingestor's file lock anyway, and searching goes on
beside it. Stopping (the app's shutdown, e.g. on SIGTERM) kills a parse in progress (it runs in a
child process, `parse_process`) or lets the current file's embedding and commit finish, and gives
the job back; a file that takes longer than the stop timeout is abandoned with the thread, and
the job resumes after the next start once its heartbeat is stale.
"""

from __future__ import annotations

import logging
import threading

from kb.config import JobSettings
from kb.services import parse_process
from kb.services.import_dirs import ImportSchedule
from kb.services.job_runner import JobRunner
from kb.services.jobs import JobService

log = logging.getLogger(__name__)


class JobWorker:
    def __init__(self, runner: JobRunner, jobs: JobService, settings: JobSettings) -> None:
        self.runner = runner
        self.settings = settings
        self.imports = ImportSchedule(jobs, settings)
        self._wake = jobs.queued
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="kb-job-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the worker to stop after the current file (a file being parsed is stopped at once:
        its parse process is killed and the job given back); wait at most `timeout` seconds, so
        that the server ends within 5 s of SIGTERM (uvicorn's own grace comes first)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                parse_process.kill_all()  # no parse child outlives the server
                log.warning("Auftragsbearbeitung beendet sich nicht rechtzeitig; der Auftrag wird beim "
                            "nächsten Start fortgesetzt")
        self._thread = None

    def tick(self) -> int:
        """One round: queue due import syncs, then run what is runnable; jobs run."""
        if self.settings.import_dirs:
            self.imports.queue_due()
        return self.runner.run_pending(self._stop)

    def _loop(self) -> None:
        parse_process.warm_up()
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.tick()
            except Exception:  # the database may be away for a moment; the next round tries again
                log.exception("Fehler in der Auftragsbearbeitung")
            self._wake.wait(self.settings.job_poll_seconds)
