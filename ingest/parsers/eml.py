"""E-mails saved as files (.eml, RFC 822/MIME, Python's `email` with the modern policy).

Recognised by their header block (From, Subject, Date … before the first empty line), not by the
extension. The plain-text part is preferred; an HTML-only mail is read through the HTML parser's
text extraction. Attachments (parts with a file name or `Content-Disposition: attachment`) are
handed on by `ingest.parsers.mail`.
"""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from ingest.models import ParsedDocument
from ingest.parsers import messages
from ingest.parsers.base import register
from ingest.parsers.mail import Mail, mail_document

_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,60}:")
_MAIL_HEADERS = {b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"mime-version", b"received",
                 b"return-path", b"reply-to", b"content-type", b"x-mailer", b"delivered-to", b"sender",
                 b"user-agent", b"thread-topic", b"importance"}


class EmlParser:
    """Parses RFC 822 mail files; see the module docstring."""

    format = "eml"
    extensions = (".eml",)

    def sniff(self, head: bytes) -> bool:
        """Every line up to the first empty one is a header (or its continuation), a sender is
        named, and at least three of them are headers mail programs write."""
        top = re.split(rb"\r?\n\r?\n", head.lstrip(b"\xef\xbb\xbf"), maxsplit=1)[0]
        lines = top.splitlines()
        if not lines or not _HEADER_LINE.match(lines[0]):
            return False
        names = set()
        for line in lines:
            if line[:1] in (b" ", b"\t"):
                continue
            if not _HEADER_LINE.match(line):
                return False
            names.add(line.split(b":", 1)[0].lower())
        return bool(names & {b"from", b"sender"}) and len(names & _MAIL_HEADERS) >= 3

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        message = BytesParser(policy=policy.default).parsebytes(data)
        if not isinstance(message, EmailMessage) or not (message["from"] or message["subject"]):
            raise messages.corrupt(name, "E-Mail (EML)", "keine Kopfzeilen gefunden")
        return mail_document(read_message(message), self.format, name)


def read_message(message: EmailMessage) -> Mail:
    """Subject, sender, recipients, date, body and attachments of a parsed message."""
    mail = Mail(subject=str(message["subject"] or ""), sender=str(message["from"] or ""),
                recipients=", ".join(str(message[h]) for h in ("to", "cc") if message[h]))
    try:
        mail.sent = message["date"].datetime if message["date"] else None
    except (AttributeError, ValueError, TypeError):  # an unparseable Date header
        mail.sent = None
    mail.text = _part_text(message.get_body(preferencelist=("plain",)))
    if not mail.text.strip():
        mail.html = _part_text(message.get_body(preferencelist=("html",)))
    for part in message.iter_attachments():
        if part.get_content_maintype() == "multipart":
            continue
        payload = part.get_payload(decode=True)
        if part.get_content_type() == "message/rfc822" and payload is None:
            inner = part.get_payload(0) if part.is_multipart() else None
            payload = inner.as_bytes() if inner is not None else b""
        mail.attachments.append((part.get_filename() or "", payload or b""))
    return mail


def _part_text(part: EmailMessage | None) -> str:
    if part is None:
        return ""
    try:
        return str(part.get_content())
    except (LookupError, ValueError, AssertionError):  # unknown charset, broken encoding
        raw = part.get_payload(decode=True) or b""
        return raw.decode("utf-8", errors="replace")


register(EmlParser())
