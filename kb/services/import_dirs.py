"""Watched import folders (`KB_IMPORT_DIRS`): each district's folder is synced on a schedule.

A district drops its circulars into a network share; every `KB_IMPORT_INTERVAL_MINUTES` the
server queues a sync job for the folder (as the built-in principal `import`, with the folder's
district as the metadata override, pruning when `KB_IMPORT_PRUNE` is on) — unless one is still
queued or running. The results are ordinary jobs: the job list shows what each sync found.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from ingest.errors import IngestError
from ingest.metadata import MetaHints
from kb.config import JobSettings
from kb.db.models import utcnow
from kb.services.jobs import IMPORT, JobService

log = logging.getLogger(__name__)


class ImportSchedule:
    def __init__(self, jobs: JobService, settings: JobSettings) -> None:
        self.jobs = jobs.acting(IMPORT)
        self.settings = settings

    def queue_due(self, now: datetime | None = None) -> list[int]:
        """Queue a sync job for every folder whose interval has passed; the new jobs' ids."""
        now = now or utcnow()
        since = now - timedelta(minutes=self.settings.import_interval_minutes)
        queued = []
        for district, folder in self.settings.import_folders:
            key = str(folder.resolve())
            if self.jobs.latest_imports(key, since):
                continue
            queued.append(self._queue(district, folder))
        return queued

    def _queue(self, district: str, folder) -> int:
        hints = MetaHints(district=district)
        try:
            job_id, _claim, _plan = self.jobs.create_sync(folder, self.settings.import_prune, hints)
        except (IngestError, OSError) as exc:
            log.warning("Importordner %s: %s", folder, exc)
            params = {"folder": str(folder.resolve()), "hints": {"district": district},
                      "prune": self.settings.import_prune}
            return self.jobs.record_failed("sync", params, f"Importordner nicht lesbar: {exc}")
        return job_id
