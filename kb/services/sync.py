"""Folder sync: what a folder's files mean for the store — new, changed, unchanged, gone.

Ingesting a folder already skips files whose content is stored (content hash per source path);
a sync also finds the documents whose file has left the folder, so that `--prune` can remove
them. `--dry-run` reports all of it without touching anything: a district's import folder is
often a network share that somebody else tidies up.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from ingest.pipeline import content_hash, read_file
from kb.access import Principal
from kb.db.models import Document
from kb.services import store
from kb.services.attachments import source_file
from kb.services.documents import info
from kb.services.schemas import DocumentInfo


class SyncPlan(BaseModel):
    folder: str
    new: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    gone: list[DocumentInfo] = Field(default_factory=list)  # stored from this folder, file missing


def documents_from(session: Session, folder: Path) -> list[Document]:
    """The documents ingested from files inside `folder` (source key = resolved path)."""
    prefix = str(folder.resolve()).rstrip("/") + "/"
    return list(session.scalars(select(Document).where(Document.source_key.startswith(prefix, autoescape=True))))


def gone_documents(session: Session, folder: Path, principal: Principal) -> list[Document]:
    """Documents of the folder whose file no longer exists and that the principal may change."""
    return [d for d in documents_from(session, folder)
            if not Path(source_file(d.source_key)).is_file() and principal.can_edit(d.district)]


def plan(session: Session, folder: Path, files: list[Path], principal: Principal, max_bytes: int) -> SyncPlan:
    result = SyncPlan(folder=str(folder.resolve()))
    for path in files:
        existing = store.document_by_key(session, str(path.resolve()))
        bucket = (result.new if existing is None
                  else result.unchanged if existing.content_hash == content_hash(read_file(path, max_bytes))
                  else result.changed)
        bucket.append(str(path))
    result.gone = [info(d) for d in gone_documents(session, folder, principal)]
    return result
