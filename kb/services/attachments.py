"""Files that came attached to a mail: ingested as their own documents, linked to the mail.

The mail is committed first; then each attachment goes through the same `Ingestor.ingest_bytes`
as any file, with `attached_to_id` set to the mail, the mail's district and visibility (an
internal mail's attachments stay internal), and a source key derived from the mail's key
(`<mail key>#anhang-2/bescheid.pdf`), so re-reading the mail finds the same documents. An
attachment that fails is reported with the mail; the mail stays in. Attachments of attachments
are followed `MAX_DEPTH` levels deep.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ingest.metadata import MetaHints
from ingest.models import PreparedDocument
from kb.access import document_visibility
from kb.services.schemas import FileOutcome

if TYPE_CHECKING:
    from kb.services.ingest_service import Ingestor

MARK = "#anhang-"
MAX_DEPTH = 2
_STATUS = {"added": "eingelesen", "replaced": "neue Fassung", "unchanged": "unverändert",
           "duplicate": "Duplikat", "failed": "fehlgeschlagen"}


def attachment_key(mail_key: str, index: int, name: str) -> str:
    return f"{mail_key}{MARK}{index}/{name}"


def source_file(source_key: str) -> str:
    """The file a document was read from: an attachment's is its mail's."""
    return source_key.split(MARK, 1)[0]


def ingest_attachments(ingestor: Ingestor, prepared: PreparedDocument, mail_id: int, mail_key: str,
                       label: str, depth: int) -> list[FileOutcome]:
    """Each attachment of a committed mail as its own document; their outcomes."""
    if not prepared.attachments:
        return []
    if depth >= MAX_DEPTH:
        return [FileOutcome(path=f"{label} › {a.name}", status="failed",
                            reason=f"Anhang in {MAX_DEPTH}. Ebene: nicht eingelesen") for a in prepared.attachments]
    meta = prepared.meta
    visibility = document_visibility(meta.visibility, meta.district, ingestor.settings.security.default_visibility)
    hints = MetaHints(district=meta.district, visibility=visibility)
    outcomes = []
    for index, attachment in enumerate(prepared.attachments, 1):
        sub_label = f"{label} › {attachment.name}"
        outcomes.append(ingestor._guarded(Path(sub_label), lambda a=attachment, i=index, s=sub_label: (
            ingestor.ingest_bytes(a.data, a.name, attachment_key(mail_key, i, a.name), hints, None, label=s,
                                  attached_to=mail_id, depth=depth + 1))))
    return outcomes


def summary(notes: list[str | None], outcomes: list[FileOutcome]) -> str | None:
    """One German line for the mail's report: each attachment's result, then the notes."""
    parts = [f"Anhang '{Path(o.path.rsplit(' › ', 1)[-1]).name}': {_STATUS.get(o.status, o.status)}"
             + (f" ({o.reason})" if o.reason and o.status != "added" else "") for o in outcomes]
    text = "; ".join(parts + [n for n in notes if n])
    return text[:2000] or None
