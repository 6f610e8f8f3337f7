"""The "Stand" of a law text: the legal state a version shows, as a date and the words saying so.

Two texts of SGB II are only comparable once one knows which is older and what each shows: the
GII XML states it (`<standangabe>` "Stand: zuletzt geändert durch Art. 2 G v. 24.2.2025 …", else
its `builddate`), the GII PDF and Markdown dumps print it in their head ("Zuletzt geändert durch:
Art. 1 V v. 16.3.2021 I 358"), and where a file says nothing (the kmein Markdown) the maintainer
states it in a sidecar or front matter (`stand: 2026-04-01`). Without any of these the store shows
the day the text was read in (`kb.services.law_versions`).

Pure: a `ParsedDocument` (and a stated value) in, a `Stand` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.errors import IngestError
from ingest.models import ParsedDocument
from ingest.parsers.dates import DATE_RE, parse_compact_timestamp, parse_date

_STAND_LINE = re.compile(r"^\s*(?:Stand:\s*)?((?:[Zz]uletzt\s+)?[Gg]eändert\s+durch:?\s*.+|Stand:\s*.+)$")
_HEAD_BLOCKS = 12
MAX_NOTE = 500


@dataclass(frozen=True)
class Stand:
    """`day`: the legal state's date (None: unknown); `note`: the words stating it."""

    day: date | None = None
    note: str | None = None


def parse_stand(value: str | date, origin: str) -> Stand:
    """A stated Stand: a date ("2026-04-01", "1.4.2026") or words with one ("zuletzt geändert
    durch Art. 1 G v. 16.4.2026"); words without a date are refused, not guessed."""
    if isinstance(value, date):
        return Stand(value)
    text = " ".join(str(value).split())
    try:
        return Stand(date.fromisoformat(text))
    except ValueError:
        found = parse_date(text)
    if found is None:
        raise IngestError(f"{origin}: 'stand' enthält kein Datum ('{text[:80]}'; erwartet z. B. 2026-04-01 "
                          "oder 'zuletzt geändert durch Art. 1 G v. 16.4.2026')")
    return Stand(found, None if _only_a_date(text) else text[:MAX_NOTE])


def stand_of(doc: ParsedDocument, stated: str | None = None) -> Stand:
    """The Stand of a law text: stated > the XML's `standangabe` > the head's "zuletzt geändert
    durch" line > the XML's build date > unknown."""
    if stated:
        return parse_stand(stated, doc.title or "Gesetzestext")
    lines = doc.properties.get("standangabe", "").splitlines() + _head_lines(doc)
    for line in lines:
        match = _STAND_LINE.match(line)
        if match and (day := parse_date(match[1])):
            return Stand(day, re.sub(r"durch:\s*", "durch ", match[1].strip())[:MAX_NOTE])
    built = parse_compact_timestamp(doc.properties.get("builddate"))
    return Stand(built.date(), "Stand der XML-Datei (builddate)") if built else Stand()


def _head_lines(doc: ParsedDocument) -> list[str]:
    """The paragraphs between the title and the next heading: where a law text states its
    Stand; "geändert durch" inside a norm is about that norm."""
    lines: list[str] = []
    for index, block in enumerate(doc.blocks[:_HEAD_BLOCKS]):
        if block.is_heading and index > 0:
            break
        if not block.is_heading:
            lines.append(block.text)
    return lines


def _only_a_date(text: str) -> bool:
    return not re.search(r"[^\W\d_]{3,}", DATE_RE.sub("", text).replace("Stand", ""))
