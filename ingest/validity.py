"""Validity a document states about itself in its first lines ("Gültig ab: 1.7.2026", "Diese
Weisung tritt am 1. Juli 2026 in Kraft", "befristet bis 31.12.2026").

A circular that is out of date must not be handed out as current advice, and most circulars say
in their head from when (and sometimes until when) they apply. But the head of a circular about
a law change is full of dates that are *not* its own: "Das Gesetz tritt am 1. Juli 2026 in
Kraft" says nothing about the circular. So a phrase only counts when nothing but the document
itself can be its subject:

- a field label written with a capital and a colon ("Gültig ab: 1.7.2026", "Inkrafttreten:
  01.07.2026", "In Kraft ab:", "Gültig bis:", "Außerkrafttreten:", "Gültigkeit: 1.7.2026 –
  31.12.2026"), wherever it stands in the head (Markdown and PDF letterheads join their lines),
  or such a label without colon at the start of a line;
- a phrase ("gültig ab/bis", "gilt ab/bis", "gelten ab", "befristet bis", "ist bis … befristet",
  "tritt am/zum/mit Wirkung vom … in Kraft", "tritt am/mit Ablauf des … außer Kraft") whose
  preceding words in its sentence are all in `SUBJECT_WORDS`: articles, "dies-",
  "vorliegend", auxiliaries and the names of document kinds ("Dieses Rundschreiben Nr. 3/2026
  ist gültig ab …", "Diese Weisung tritt … in Kraft", or no words at all); "Das Gesetz", "Der
  Regelbedarf", "Die Änderungen" are other subjects, and so is anything in a longer sentence.

Dates must be complete (day, month, year; "1. Juli 2026", "01.07.2026", "1.7.26", ISO) and
follow the phrase directly. "Tritt am 30. Juni 2026 außer Kraft" ends validity the day before
(valid_to is inclusive); "mit Ablauf des 30. Juni 2026" on that day. Callers decide for which
documents this applies (not for law texts, whose "Inkrafttreten" provisions are about
amendments) and what to do with an inconsistent pair (`Validity.consistent`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ingest.legal.folding import fold
from ingest.parsers.dates import DATE_RE, parse_date

HEAD_LIMIT = 1500
"""Only the head of a document speaks about the document; later dates are about its subject."""

_DOCUMENT_NOUNS = (
    "rundschreiben rundverfuegung rundbrief weisung weisungen dienstanweisung fachanweisung "
    "arbeitsanweisung geschaeftsanweisung anweisung arbeitshilfe verfuegung richtlinie richtlinien "
    "hinweise fachlichen fachliche handlungsempfehlung empfehlung information informationen schreiben "
    "fassung version neufassung dokument leitfaden merkblatt vordruck formular muster erlass "
    "dienstvereinbarung"
)
SUBJECT_WORDS = frozenset((
    "der die das dies diese dieser dieses diesem vorliegende vorliegender vorliegendes vorliegenden "
    "neue neuer neues aktuelle aktueller aktuelles ist sind wird werden bleibt bleiben nur nun jetzt "
    "erst ausschliesslich weiterhin hinweis neu achtung wichtig nr nr. " + _DOCUMENT_NOUNS).split())
"""Words that may stand before a validity phrase in its sentence: they leave the document itself
as the only possible subject."""

_IDENTIFIER = re.compile(r"^[\d/.\-]+$")  # "3/2026", "12.", "2026-04"
# A sentence ends at ". X" but not after "Nr." or a day number ("1. Juli"); ":" ends a label.
_SENTENCE_START = re.compile(r"(?<!\bNr)(?<!\b\d)(?<!\b\d\d)[.!?]\s+(?=[A-ZÄÖÜ])|[:;]\s+|\n")
_WORD = re.compile(r"[^\W_][\w./\-]*")
_FILL = re.compile(r"[\s:–\-]{0,4}")
_SHORT_DATE = re.compile(r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{2})(?![\d.])")
_UNTIL = re.compile(r"\s*(?:bis(?:\s+zum|\s+einschließlich)?|[–-])\s*", re.I)

_FROM = re.compile(
    r"\b(?:g(?:ü|ue)ltig\s+(?:ab|seit|vom|von)|gilt\s+(?:ab|seit|vom)|gelten\s+(?:ab|seit|vom)"
    r"|wirksam\s+ab|anzuwenden\s+ab)(?:\s+dem)?", re.I)
_TO = re.compile(r"\b(?:g(?:ü|ue)ltig|gilt|gelten|befristet)\s+bis(?:\s+zum|\s+einschließlich)?", re.I)
_IN_FORCE = re.compile(r"\b(?:tritt|treten)(?:\s+\w+){0,2}?\s+(?P<how>am|zum|ab|mit\s+Wirkung\s+(?:vom|zum|ab)"
                       r"|mit\s+Ablauf\s+des)", re.I)
_IN_FORCE_END = re.compile(r"\s+(?P<what>in|außer|ausser)\s+Kraft\b", re.I)
_LIMITED = re.compile(r"\bbis(?:\s+zum|\s+einschließlich)?(?=\s+\d)", re.I)
_LIMITED_END = re.compile(r"\s+befristet\b", re.I)
_LABEL = re.compile(  # case-sensitive: a field label is written with a capital
    r"(?<![\w.])(?:(?P<to>Gültig(?:keit)?\s+bis|Gilt\s+bis|Befristet\s+bis|(?P<out>Au(?:ß|ss)erkrafttreten))"
    r"|Gültig(?:keit)?\s+(?:ab|seit)|Gilt\s+ab|In\s+Kraft\s+(?:ab|seit)|Inkrafttreten|Wirksam\s+ab"
    r"|Gültigkeit(?:szeitraum)?|Geltungszeitraum|Geltungsdauer)(?:\s+am)?[ \t]*(?P<colon>:)?")

@dataclass(frozen=True)
class Validity:
    """Dates a document states for itself; None where it states none."""

    valid_from: date | None = None
    valid_to: date | None = None  # inclusive

    @property
    def consistent(self) -> bool:
        return not (self.valid_from and self.valid_to and self.valid_to < self.valid_from)


def validity_from_text(text: str) -> Validity:
    """Validity stated in the head of `text`; of each kind the finding nearest the top wins."""
    head = text[:HEAD_LIMIT]
    found: dict[str, date] = {}
    for _, kind, day in sorted(_findings(head), key=lambda finding: finding[0]):
        found.setdefault(kind, day)
    return Validity(found.get("from"), found.get("to"))


def _findings(head: str):
    """(position, kind, date) for every accepted phrase or label."""
    for match in _LABEL.finditer(head):
        if match["colon"] or _line_start(head, match.start()):
            kind, shift = ("to", -1 if match["out"] else 0) if match["to"] else ("from", 0)
            yield from _dated(match.start(), kind, head, match.end(), shift=shift)
    for pattern, kind in ((_FROM, "from"), (_TO, "to")):
        for match in pattern.finditer(head):
            if _about_itself(head, match.start()):
                yield from _dated(match.start(), kind, head, match.end())
    for match in _IN_FORCE.finditer(head):
        if _about_itself(head, match.start()):
            yield from _in_force(head, match)
    for match in _LIMITED.finditer(head):
        if _about_itself(head, match.start()):
            yield from _dated(match.start(), "to", head, match.end(), suffix=_LIMITED_END)


def _in_force(head: str, match: re.Match[str]):
    """"tritt am X in Kraft" → from X; "tritt am X außer Kraft" → to X − 1 day; "tritt mit
    Ablauf des X außer Kraft" → to X."""
    at = _date_at(head, match.end())
    end = _IN_FORCE_END.match(head, at[1]) if at else None
    if not at or not end:
        return
    ends_that_day = match["how"].lower().startswith("mit ablauf")
    if end["what"].lower() == "in" and not ends_that_day:
        yield match.start(), "from", at[0]
    elif end["what"].lower() != "in":
        yield match.start(), "to", at[0] if ends_that_day else at[0] - timedelta(days=1)


def _dated(start: int, kind: str, head: str, pos: int, shift: int = 0,
           suffix: re.Pattern[str] | None = None):
    """The date right after a phrase, and a range's end ("1.7.2026 bis 31.12.2026")."""
    at = _date_at(head, pos)
    if not at or (suffix is not None and not suffix.match(head, at[1])):
        return
    yield start, kind, at[0] + timedelta(days=shift)
    until = _UNTIL.match(head, at[1]) if kind == "from" else None
    end = _date_at(head, until.end()) if until else None
    if end:
        yield start, "to", end[0]


def _date_at(text: str, pos: int) -> tuple[date, int] | None:
    """A complete date starting right at `pos` (after spaces, a colon or a dash), and its end."""
    start = _FILL.match(text, pos).end()
    match = DATE_RE.match(text, start)
    if match and (found := parse_date(match[0])):
        return found, match.end()
    short = _SHORT_DATE.match(text, start)
    if short:
        try:
            return date(2000 + int(short["y"]), int(short["m"]), int(short["d"])), short.end()
        except ValueError:
            return None
    return None


def _line_start(head: str, pos: int) -> bool:
    """Only bullets or markup stand between the line's start and `pos`."""
    line = head[head.rfind("\n", 0, pos) + 1:pos]
    return not any(c.isalnum() for c in line)


def _about_itself(head: str, pos: int) -> bool:
    """True when the words before `pos` in its sentence leave only the document as subject."""
    window = head[max(0, pos - 160):pos]
    starts = [m.end() for m in _SENTENCE_START.finditer(window)]
    before = window[starts[-1]:] if starts else window
    words = [fold(w).rstrip(".") for w in _WORD.findall(before)]
    return all(w in SUBJECT_WORDS or _IDENTIFIER.match(w) for w in words)
