"""Reading German dates out of document text.

Rundschreiben, Weisungen and law texts state their date in the first lines ("Stand: 14.04.2025",
"Kusel, 14. April 2025", "zuletzt geändert durch Art. 2 G v. 24.2.2025"). File dates are useless
(copies, downloads), so the date users filter by has to be read from the text itself.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3,
    "mär": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7,
    "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}  # fmt: skip

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMERIC = r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>(?:19|20)\d{2})(?!\d)"
_TEXTUAL = (
    rf"(?<!\d)(?P<td>\d{{1,2}})\.?\s*(?P<tm>{_MONTH_NAMES})\.?\s+(?P<ty>(?:19|20)\d{{2}})(?!\d)"
)
_ISO = r"(?<!\d)(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2})(?!\d)"
DATE_RE = re.compile(f"{_NUMERIC}|{_TEXTUAL}|{_ISO}", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"(?P<m>{_MONTH_NAMES})\.?\s+(?P<y>(?:19|20)\d{{2}})(?!\d)", re.I)

# Labels that say "this is the document's date", strongest first. A law's "zuletzt geändert
# durch … v. 24.2.2025" is its version date; "Neugefasst durch Bek. v. 13.5.2011" is not.
_LAST_CHANGE = re.compile(r"zuletzt\s+geändert\s+durch\b[^\n]{0,80}?\b(?:v\.|vom)\s*", re.I)
_LABELS = re.compile(
    r"\b(?:Stand|Datum|Fassung\s+vom|gültig\s+ab|Veröffentlicht(?:\s+am)?|Erstellt\s+am)"
    r"\s*(?:vom|am)?\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_LABEL_REACH = 40  # a labelled date must start this close to its label


def find_document_date(text: str, window: int = 1500) -> date | None:
    """The document's date from the first `window` characters of its text, or None.

    Prefers the last-amendment date of a law, then a date right after a "Stand"/"Datum" label,
    else the first complete date (day, month and year) in that part of the text.
    """
    head = text[:window]
    for label in (_LAST_CHANGE, _LABELS):
        for match in label.finditer(head):
            found = _date_near(head, match.end())
            if found:
                return found
    return next(iter(iter_dates(head)), None)


def iter_dates(text: str):
    """Every valid German, textual or ISO date in `text`, in order of appearance."""
    for match in DATE_RE.finditer(text):
        found = _to_date(match)
        if found:
            yield found


def parse_date(value: str) -> date | None:
    """A single date written in any supported form ("14.04.2025", "3. Mai 2024", ISO)."""
    match = DATE_RE.search(value or "")
    return _to_date(match) if match else None


def parse_compact_timestamp(value: str | None) -> datetime | None:
    """GII `builddate` / PDF-style "YYYYMMDDhhmmss" (seconds optional) as a datetime."""
    digits = re.sub(r"\D", "", value or "")[:14]
    for fmt, size in (("%Y%m%d%H%M%S", 14), ("%Y%m%d%H%M", 12), ("%Y%m%d", 8)):
        if len(digits) >= size:
            try:
                return datetime.strptime(digits[:size], fmt)
            except ValueError:
                return None
    return None


def _date_near(text: str, pos: int) -> date | None:
    """The date right after a label: only spaces and punctuation may stand between them."""
    match = DATE_RE.search(text, pos, pos + _LABEL_REACH)
    if match and not any(c.isalpha() or c == "\n" for c in text[pos : match.start()]):
        return _to_date(match)
    month = _MONTH_YEAR.match(text, pos)  # "Stand: März 2025" → 1 March 2025
    return date(int(month["y"]), MONTHS[month["m"].lower()], 1) if month else None


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        if groups["d"]:
            return date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        if groups["td"]:
            month = MONTHS[groups["tm"].lower()]
            return date(int(groups["ty"]), month, int(groups["td"]))
        return date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
    except (ValueError, KeyError):
        return None
