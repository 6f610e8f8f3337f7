"""Jobs as the principal sees them: creating upload, ingest, sync and re-index jobs, reading them.

A job is a row in `jobs` with one row per file in `job_items`, written before any work starts,
so that whatever happens to the process, what was asked for and how far it got stays on record
(`kb.services.job_runner` does the work). Who created a job and the admins see it; others do not
(a 404, as for a document they may not see).
"""

from __future__ import annotations

import threading
from dataclasses import fields
from datetime import date
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from ingest.errors import IngestError
from ingest.metadata import MetaHints, hints_from_mapping
from kb.access import AccessDenied, Acting, Principal
from kb.config import Settings
from kb.db.models import Job, JobItem, utcnow
from kb.services.ingest_service import Ingestor, expand_paths
from kb.services.job_claim import Claim
from kb.services.job_schemas import JobInfo, job_info
from kb.services.job_staging import UploadBatch, job_folder
from kb.services.sync import SyncPlan
from kb.services.zip_upload import UploadRefused, ZipLimits

IMPORT = Principal(user_id=None, login="import", district=None, role="admin")
"""The server syncing a watched import folder (`KB_IMPORT_DIRS`)."""
MAX_SKIPPED = 200  # skipped ZIP members kept in a job's record


def hints_params(hints: MetaHints | None) -> dict[str, str]:
    """Metadata hints as JSON (ISO dates), read back by `hints_of`."""
    values = {f.name: getattr(hints, f.name) for f in fields(MetaHints)} if hints else {}
    return {k: v.isoformat() if isinstance(v, date) else str(v) for k, v in values.items() if v is not None}


def hints_of(params: dict) -> MetaHints | None:
    data = params.get("hints") or {}
    return hints_from_mapping(data, "Auftrag") if data else None


class JobService(Acting):
    def __init__(self, settings: Settings, sessions: sessionmaker[Session], ingesting: Ingestor) -> None:
        self.settings = settings
        self.sessions = sessions
        self._ingesting = ingesting
        self.queued = threading.Event()  # shared by every bound copy: set when a job is queued

    @property
    def data_dir(self) -> Path:
        return self.settings.storage.resolved_data_dir

    # -- creating ------------------------------------------------------------------------------
    def upload_batch(self) -> UploadBatch:
        """A private staging folder for the files of one upload (see `submit_upload`)."""
        if self.principal.anonymous or self.principal.role not in ("redakteur", "admin"):
            raise AccessDenied("Hochladen dürfen nur Redakteure und die Verwaltung.")
        return UploadBatch(self.data_dir, ZipLimits.of(self.settings.jobs))

    def submit_upload(self, batch: UploadBatch, hints: MetaHints | None, source: str = "web") -> JobInfo:
        """Queue the staged files as an upload job; the staging folder becomes the job's."""
        if not batch.documents:
            skipped = "; ".join(f"{s['name']}: {s['reason']}" for s in batch.skipped[:5])
            raise UploadRefused("Keine einlesbare Datei im Upload" + (f" ({skipped})" if skipped else "") + ".")
        params = {"hints": hints_params(hints), "source": source, "skipped": batch.skipped[:MAX_SKIPPED],
                  "skipped_count": len(batch.skipped)}
        with self.sessions.begin() as session:
            job = self._insert(session, "upload", params, [(name, None) for name in batch.documents])
            folder = job_folder(self.data_dir, job.id)
            for item in job.items:
                item.path = str(folder / item.name)
            batch.move_to(folder)  # inside the transaction: the job exists iff its files do
            job_id = job.id
        self.queued.set()
        return self.get(job_id)

    def create_ingest(self, paths: list[Path], hints: MetaHints | None, inline: bool = False
                      ) -> tuple[int, Claim | None]:
        """Files and folders (recursively) as an ingest job; `inline`: claimed by the caller."""
        items = [(str(p), str(p.resolve())) for p in expand_paths(paths)]
        params = {"hints": hints_params(hints), "paths": [str(p.resolve()) for p in paths]}
        return self._create("ingest", params, items, inline)

    def create_sync(self, folder: Path, prune: bool, hints: MetaHints | None, inline: bool = False
                    ) -> tuple[int, Claim | None, SyncPlan]:
        """A sync job: one item per new or changed file and, with `prune`, per document whose
        file has left the folder; unchanged files are only counted."""
        if not folder.is_dir():
            raise IngestError(f"Ordner nicht gefunden: {folder}")
        plan = self._ingesting.acting(self.principal).sync_plan(folder)
        items = [(name, str(Path(name).resolve())) for name in sorted(plan.new + plan.changed)]
        gone = [(doc.title, None, doc.id) for doc in plan.gone] if prune else []
        params = {"hints": hints_params(hints), "folder": plan.folder, "prune": prune,
                  "unchanged": len(plan.unchanged), "new": len(plan.new), "changed": len(plan.changed),
                  "gone": len(plan.gone)}
        job_id, claim = self._create("sync", params, items + gone, inline)
        return job_id, claim, plan

    def create_reindex(self, inline: bool = False) -> tuple[int, Claim | None]:
        """A rebuild of the indexes as a job (inline: for the command line, which runs it itself)."""
        if not self.principal.is_admin:
            raise AccessDenied("Indizes neu aufbauen darf nur die Verwaltung.")
        return self._create("reindex", {}, [("Vektor- und lexikalischer Index", None)], inline=inline)

    def record_failed(self, kind: str, params: dict, error: str) -> int:
        """A job that could not even be set up (e.g. an import folder is missing), kept on record."""
        with self.sessions.begin() as session:
            job = self._insert(session, kind, params, [], state="failed")
            job.error, job.finished_at = error, utcnow()
            return job.id

    def _create(self, kind: str, params: dict, items: list[tuple], inline: bool) -> tuple[int, Claim | None]:
        with self.sessions.begin() as session:
            job = self._insert(session, kind, params, items, state="running" if inline else "queued")
            job_id, beat = job.id, job.heartbeat_at
        if not inline:
            self.queued.set()
        return job_id, Claim(self.sessions, job_id, beat) if inline else None

    def _insert(self, session: Session, kind: str, params: dict, items: list[tuple], state: str = "queued") -> Job:
        now = utcnow()
        running = state == "running"
        job = Job(kind=kind, login=self.principal.login, state=state, params=params, files_total=len(items),
                  created_at=now, started_at=now if running else None, heartbeat_at=now if running else None)
        for ordinal, (name, path, *document) in enumerate(items):
            job.items.append(JobItem(ordinal=ordinal, name=name[:1024], path=path,
                                     document_id=document[0] if document else None))
        session.add(job)
        session.flush()
        return job

    # -- reading -------------------------------------------------------------------------------
    def get(self, job_id: int) -> JobInfo | None:
        """The job with its items; None if there is none or it is not the principal's to see."""
        with self.sessions() as session:
            job = session.get(Job, job_id, options=[selectinload(Job.items)])
            if job is None or not self._may_see(job):
                return None
            return job_info(job, with_items=True)

    def recent(self, limit: int = 50) -> list[JobInfo]:
        """The newest jobs: the principal's own, all of them for admins."""
        query = select(Job).order_by(Job.id.desc()).limit(limit)
        if not self.principal.is_admin:
            query = query.where(Job.login == self.principal.login)
        with self.sessions() as session:
            return [job_info(job) for job in session.scalars(query)]

    def latest_imports(self, folder: str, since) -> list[JobInfo]:
        """Import jobs of `folder` still to run or created after `since` (the import schedule)."""
        query = select(Job).where(Job.kind == "sync", Job.login == IMPORT.login,
                                  or_(Job.state.in_(("queued", "running")), Job.created_at >= since))
        with self.sessions() as session:
            return [job_info(j) for j in session.scalars(query) if (j.params or {}).get("folder") == folder]

    def _may_see(self, job: Job) -> bool:
        return self.principal.is_admin or (not self.principal.anonymous and job.login == self.principal.login)
