"""The public shape of a job and its items (CLI `--json`, `GET /api/jobs/{id}`, the job page),
with the German words for kinds, states and outcomes in one place."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, computed_field, field_validator

from kb.db.models import Job, JobItem
from kb.services.schemas import as_utc

KINDS = ("upload", "ingest", "sync", "reindex")
KIND_DE = {"upload": "Hochladen", "ingest": "Einlesen", "sync": "Ordnerabgleich", "reindex": "Indizes neu aufbauen"}
STATE_DE = {"queued": "wartet", "running": "läuft", "done": "fertig", "failed": "fehlgeschlagen"}
ACTIVE = ("queued", "running")
STATUS_DE = {"pending": "ausstehend", "added": "neu", "replaced": "neue Fassung", "unchanged": "unverändert",
             "duplicate": "Duplikat", "failed": "fehlgeschlagen", "deleted": "entfernt", "done": "erledigt"}
PENDING = "pending"
SHOWS_DOCUMENT = ("added", "replaced", "unchanged", "duplicate")  # outcomes with a document to link to


class JobItemInfo(BaseModel):
    id: int
    ordinal: int
    name: str
    status: str
    reason: str = ""
    document_id: int | None = None
    chunks: int = 0
    finished_at: datetime | None = None

    _utc = field_validator("finished_at")(lambda value: as_utc(value))

    @computed_field
    @property
    def status_label(self) -> str:
        return STATUS_DE.get(self.status, self.status)

    @computed_field
    @property
    def document_url(self) -> str | None:
        shown = self.document_id is not None and self.status in SHOWS_DOCUMENT
        return f"/dokument/{self.document_id}" if shown else None


class JobInfo(BaseModel):
    id: int
    kind: str
    login: str
    state: str
    params: dict = Field(default_factory=dict)
    files_total: int = 0
    files_done: int = 0  # finished items, failed ones included
    files_failed: int = 0
    chunks: int = 0
    error: str = ""
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    heartbeat_at: datetime | None = None
    items: list[JobItemInfo] | None = None  # None in lists of jobs

    _utc = field_validator("created_at", "started_at", "finished_at", "heartbeat_at")(lambda value: as_utc(value))

    @computed_field
    @property
    def kind_label(self) -> str:
        return KIND_DE.get(self.kind, self.kind)

    @computed_field
    @property
    def state_label(self) -> str:
        return STATE_DE.get(self.state, self.state)

    @computed_field
    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @computed_field
    @property
    def progress_text(self) -> str:
        failed = f", davon {self.files_failed} fehlgeschlagen" if self.files_failed else ""
        return f"{self.files_done} von {self.files_total} Dateien verarbeitet{failed}"


def job_info(job: Job, with_items: bool = False) -> JobInfo:
    items = [item_info(i) for i in job.items] if with_items else None
    return JobInfo(id=job.id, kind=job.kind, login=job.login, state=job.state, params=dict(job.params or {}),
                   files_total=job.files_total, files_done=job.files_done, files_failed=job.files_failed,
                   chunks=job.chunks, error=job.error or "", created_at=job.created_at, started_at=job.started_at,
                   finished_at=job.finished_at, heartbeat_at=job.heartbeat_at, items=items)


def item_info(item: JobItem) -> JobItemInfo:
    return JobItemInfo(id=item.id, ordinal=item.ordinal, name=item.name, status=item.status,
                       reason=item.reason or "", document_id=item.document_id, chunks=item.chunks,
                       finished_at=item.finished_at)
