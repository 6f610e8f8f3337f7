"""What an e-mail becomes, whichever program saved it (EML from Thunderbird, MSG from Outlook).

Circulars travel as e-mails: the subject is the title, the sending day the document date, sender
and recipients a line of their own (so "Rundschreiben von Kusel" finds it), then the body. Its
attachments are handed on to be ingested as their own documents, linked to the mail; an empty
one is left out with a German note, and at most `MAX_ATTACHMENTS` are taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath

from ingest.models import Attachment, Block, ParsedDocument
from ingest.parsers import messages
from ingest.parsers.textclean import clean_inline

MAX_ATTACHMENTS = 20
MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024
_PARAGRAPHS = re.compile(r"\n\s*\n")
_QUOTED = re.compile(r"^\s*>")


@dataclass
class Mail:
    """The parts of a mail both readers find; `html` only when there is no plain text."""

    subject: str = ""
    sender: str = ""
    recipients: str = ""
    sent: datetime | None = None
    text: str = ""
    html: str = ""
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def mail_document(mail: Mail, fmt: str, name: str) -> ParsedDocument:
    """Blocks: subject (heading), "Von … | An … | Datum …", body paragraphs, list of attachments."""
    subject = clean_inline(mail.subject)
    blocks = [Block(subject, None, 1)] if subject else []
    header = _header_line(mail)
    if header:
        blocks.append(Block(header))
    body = _body_blocks(mail, name)
    if not body and not subject:
        raise messages.empty(name, "E-Mail ohne Betreff und Text")
    blocks += body
    attachments, notes = _attachments(mail.attachments)
    if mail.attachments:
        blocks.append(Block("Anhänge: " + ", ".join(n for n, _ in _named(mail.attachments))))
    props = {k: v for k, v in (("sender", clean_inline(mail.sender)), ("recipients", clean_inline(mail.recipients)))
             if v}
    sent = mail.sent.date() if mail.sent else None
    return ParsedDocument(blocks, fmt, subject or None, sent, None, props, attachments=attachments, notes=notes)


def _header_line(mail: Mail) -> str:
    parts = [("Von", clean_inline(mail.sender)), ("An", clean_inline(mail.recipients)[:300]),
             ("Datum", mail.sent.strftime("%d.%m.%Y") if mail.sent else "")]
    return " | ".join(f"{label}: {value}" for label, value in parts if value)


def _body_blocks(mail: Mail, name: str) -> list[Block]:
    """Plain text by paragraph (quoted replies left out); else the HTML part's readable text."""
    if mail.text.strip():
        paragraphs = (" ".join(line for line in p.splitlines() if not _QUOTED.match(line))
                      for p in _PARAGRAPHS.split(mail.text.replace("\r\n", "\n")))
        return [Block(text) for p in paragraphs if (text := clean_inline(p))]
    if mail.html.strip():
        from ingest.parsers.html import HtmlParser  # BeautifulSoup only for HTML mails

        try:
            return [Block(b.text, None, b.level) for b in HtmlParser().parse(mail.html.encode(), name).blocks]
        except messages.EmptyDocument:
            return []
    return []


def _named(raw: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Attachment names reduced to a plain file name (no folders, no control characters)."""
    named = []
    for index, (name, data) in enumerate(raw, 1):
        clean = re.sub(r"[\x00-\x1f\x7f]", "", PurePosixPath((name or "").replace("\\", "/")).name).strip()
        named.append((clean[:200] or f"anhang-{index}", data))
    return named


def _attachments(raw: list[tuple[str, bytes]]) -> tuple[list[Attachment], list[str]]:
    taken: list[Attachment] = []
    notes: list[str] = []
    for name, data in _named(raw):
        if not data or not data.strip():
            notes.append(f"Anhang '{name}' ist leer (0 Bytes) und wurde übersprungen.")
        elif len(data) > MAX_ATTACHMENT_BYTES:
            notes.append(f"Anhang '{name}' ist größer als {MAX_ATTACHMENT_BYTES // 2**20} MB und wurde übersprungen.")
        elif len(taken) >= MAX_ATTACHMENTS:
            notes.append(f"Anhang '{name}' wurde übersprungen (mehr als {MAX_ATTACHMENTS} Anhänge).")
        else:
            taken.append(Attachment(name, data))
    return taken, notes
