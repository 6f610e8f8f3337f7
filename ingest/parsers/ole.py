"""OLE2 compound files: Outlook mails (.msg, extract-msg), and what else wears that magic.

The OLE2 signature is shared by Outlook's .msg, by password-protected (encrypted) Word, Excel
and PowerPoint files — an encrypted XLSX is no ZIP any more but an OLE2 file with an
`EncryptedPackage` stream — and by the old binary formats (.doc, .xls, .ppt). The stream names
tell them apart: a mail is read, the others get a clear German message saying what to do.
"""

from __future__ import annotations

import io
from typing import Any

from ingest.errors import IngestError, UnsupportedFormat
from ingest.models import ParsedDocument
from ingest.parsers import messages
from ingest.parsers.base import register
from ingest.parsers.mail import Mail, mail_document

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLD_FORMATS = {"worddocument": "Word 97–2003 (.doc)", "workbook": "Excel 97–2003 (.xls)",
                "book": "Excel 5 (.xls)", "powerpoint document": "PowerPoint 97–2003 (.ppt)"}


class OleParser:
    """Reads Outlook mails; refuses encrypted and old Office files with a reason."""

    format = "msg"
    extensions = (".msg",)

    def sniff(self, head: bytes) -> bool:
        return head.startswith(OLE_MAGIC)

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        streams = _stream_names(data, name)
        if "encryptedpackage" in streams or "encryptioninfo" in streams:
            raise messages.encrypted(name)
        old = next((label for stream, label in _OLD_FORMATS.items() if stream in streams), None)
        if old:
            raise UnsupportedFormat(f"'{name}' ist im alten Format {old} gespeichert, das nicht unterstützt wird. "
                                    "Bitte im Originalprogramm öffnen und als DOCX, XLSX bzw. PPTX speichern.")
        if not any(s.startswith("__substg1.0_") for s in streams):
            raise UnsupportedFormat(f"'{name}' ist eine OLE2-Datei, aber keine Outlook-Nachricht (.msg); "
                                    "dieses Format wird nicht unterstützt.")
        return mail_document(_read_msg(data, name), self.format, name)


def _stream_names(data: bytes, name: str) -> set[str]:
    """Lower-case names of every stream and storage (the last path element)."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {part.lower() for entry in ole.listdir(streams=True, storages=True) for part in entry}
    except Exception as exc:  # olefile raises OSError and its own errors for damaged files
        raise messages.corrupt(name, "OLE2/Outlook", exc) from exc


def _read_msg(data: bytes, name: str) -> Mail:
    import extract_msg  # heavy: only when a .msg is read

    try:
        message = extract_msg.openMsg(io.BytesIO(data), delayAttachments=False)
    except Exception as exc:  # extract-msg raises many kinds for damaged or unusual files
        raise messages.corrupt(name, "Outlook-Nachricht (MSG)", exc) from exc
    try:
        return _mail_of(message)
    except IngestError:
        raise
    except Exception as exc:
        raise messages.corrupt(name, "Outlook-Nachricht (MSG)", exc) from exc
    finally:
        message.close()


def _mail_of(message: Any) -> Mail:
    mail = Mail(subject=message.subject or "", sender=message.sender or "",
                recipients=", ".join(x for x in (message.to, message.cc) if x), sent=message.date)
    mail.text = message.body or ""
    if not mail.text.strip() and message.htmlBody:
        html = message.htmlBody
        mail.html = html.decode("utf-8", "replace") if isinstance(html, bytes) else str(html)
    mail.attachments.extend(_attachment_of(attachment) for attachment in message.attachments)
    return mail


def _attachment_of(attachment: Any) -> tuple[str, bytes]:
    """Name and bytes of one attachment. An embedded message (a forwarded mail) has no file name in
    real Outlook files: it is named after its subject with `.msg`, so the list of attachments and
    the document made from it say what it is instead of "anhang-1"."""
    payload = attachment.data
    name = attachment.longFilename or attachment.shortFilename or ""
    if not isinstance(payload, bytes | bytearray):  # an embedded message: its bytes as a .msg
        name = name or f"{(getattr(payload, 'subject', '') or 'Nachricht').strip()[:150]}.msg"
        payload = _embedded_bytes(payload)
    return name, bytes(payload or b"")


def _embedded_bytes(message: Any) -> bytes:
    try:
        buffer = io.BytesIO()
        message.export(buffer)
        return buffer.getvalue()
    except Exception:  # not exportable: the attachment is reported as empty
        return b""


register(OleParser())
