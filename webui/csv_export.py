"""Result lists as CSV files a German spreadsheet program opens directly.

Semicolon-separated, UTF-8 with byte-order mark (Excel otherwise guesses Windows-1252), one
header row in German. A cell that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed
with an apostrophe, so a document text can never run as a formula in the reader's spreadsheet
(CSV injection). Addresses are absolute, so a row still leads to its passage when the file is
mailed on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from fastapi.responses import Response

from kb.services.precedent import PrecedentView
from kb.services.schemas import SearchHit, SearchResponse
from webui.templating import STATE_LABELS

PASSAGE_HEADERS = ("Titel", "Kreis", "Dokumenttyp", "Datum", "Abschnitt", "Seite", "Normen", "Stand",
                   "Sicherheit (%)", "Einschätzung", "Textstelle", "Adresse")
SEARCH_HEADERS = ("Rang", *PASSAGE_HEADERS)
PRECEDENT_HEADERS = ("Kreis", "Ergebnis", "Dokumente im Ergebnis", *PASSAGE_HEADERS[:1], *PASSAGE_HEADERS[2:])


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ (or tab, CR) would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()


def csv_response(text: str, filename: str) -> Response:
    """The file as a download; `filename` is ASCII, so no header encoding is needed."""
    return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@dataclass(frozen=True)
class Verdict:
    """The search's thresholds (KB_MATCH_GOOD, KB_MATCH_WEAK): a row says what the page shows."""

    good: float
    weak: float

    def label(self, confidence: float) -> str:
        if confidence >= self.good:
            return "passend"
        return "möglicherweise passend" if confidence >= self.weak else "wahrscheinlich nicht passend"


def passage_cells(hit: SearchHit, base_url: str, verdict: Verdict) -> list[object]:
    """What a row says about one passage: where it is, how sure, its text and address."""
    pages = f"{hit.page}–{hit.page_end}" if hit.page and hit.page_end and hit.page_end != hit.page else hit.page
    return [hit.title, hit.district or "Netzwerk", hit.doc_type, f"{hit.date:%d.%m.%Y}" if hit.date else "",
            " › ".join(hit.heading_path) or hit.section or "", pages or "", ", ".join(hit.norms),
            STATE_LABELS.get(hit.state, hit.state), round(hit.confidence * 100), verdict.label(hit.confidence),
            " ".join(hit.text.split()), base_url.rstrip("/") + hit.url]


def search_csv(response: SearchResponse, base_url: str, verdict: Verdict) -> str:
    rows = [[hit.rank, *passage_cells(hit, base_url, verdict)] for hit in response.results]
    return csv_text(SEARCH_HEADERS, rows)


def precedent_csv(view: PrecedentView, base_url: str, verdict: Verdict) -> str:
    """One row per district (those without a passage say so), then the network, marked as not counted."""
    rows = [_precedent_row(g.district, g, base_url, verdict) for g in view.groups]
    if view.network:
        rows.append(_precedent_row("Netzwerk (kein Kreis, nicht mitgezählt)", view.network, base_url, verdict))
    return csv_text(PRECEDENT_HEADERS, rows)


def _precedent_row(label: str, group, base_url: str, verdict: Verdict) -> list[object]:
    if group.hit is None:
        return [label, "kein Treffer", 0]
    cells = passage_cells(group.hit, base_url, verdict)
    return [label, "Treffer", group.documents, cells[0], *cells[2:]]


def download_name(prefix: str, query: str) -> str:
    """An ASCII file name from the question: 'treffer-kdu-umzug.csv'."""
    folded = query.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    slug = "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in folded).split())[:60]
    return f"{prefix}-{quote(slug) or 'suche'}.csv"
