"""Document metadata from three sources, strongest first: the user, a sidecar, the document itself.

Users state what they know on the command line (`--district Kusel`); maintainers keep a sidecar
(`brief.pdf.meta.json`) or Markdown front matter; everything else is read from the document
(title, date, a district named in the letterhead, a type named in the title, the validity its
head states – see `ingest.validity`) or the file name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from ingest.errors import IngestError
from ingest.law_stand import parse_stand
from ingest.legal import DISTRICTS, NETWORK, detect_district, detect_doc_type, parse_district, parse_doc_type
from ingest.models import DocType, ParsedDocument
from ingest.validity import Validity, validity_from_text

_ISO_IN_NAME = re.compile(r"(20\d{2}|19\d{2})[-_](\d{2})(?:[-_](\d{2}))?")
_SIDECAR_KEYS = {"title", "district", "doc_type", "date", "norm", "visibility",
                 "valid_from", "valid_to", "replaces", "key", "stand", "working_group", "arbeitsgruppe"}
_GROUP_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
VISIBILITIES = ("netzwerk", "intern")

__all__ = ["DISTRICTS", "NETWORK", "MetaHints", "hints_from_document", "hints_from_mapping", "parse_date",
           "parse_visibility", "read_sidecar", "sidecar_path"]
# DISTRICTS, NETWORK: defined in ingest.legal, imported from here by many


@dataclass
class MetaHints:
    """Partial metadata from one source; `None` means the source said nothing."""

    title: str | None = None
    district: str | None = None
    doc_type: DocType | None = None
    date: date | None = None
    norm: str | None = None
    visibility: str | None = None  # "netzwerk" | "intern"
    valid_from: date | None = None  # "gültig ab"
    valid_to: date | None = None  # "gültig bis" (inclusive)
    replaces: str | None = None  # the document this one replaces: id, key or file name
    key: str | None = None  # document key shared by all versions (default: the source path)
    stand: str | None = None  # a law text's "Stand" as stated: a date or words with one
    working_group: str | None = None  # slug of the working group whose minutes these are ("arbeitsgruppe")

    def checked(self, origin: str) -> MetaHints:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise IngestError(f"{origin}: 'gültig bis' ({self.valid_to:%d.%m.%Y}) liegt vor "
                              f"'gültig ab' ({self.valid_from:%d.%m.%Y})")
        return self

    def merged_over(self, weaker: MetaHints) -> MetaHints:
        return MetaHints(**{f.name: mine if (mine := getattr(self, f.name)) is not None
                            else getattr(weaker, f.name) for f in fields(MetaHints)})


def parse_visibility(value: str) -> str:
    """'intern' or 'netzwerk' (any case); anything else is refused, never guessed: a typo must
    not publish an internal circular to the whole network."""
    cleaned = str(value).strip().lower()
    if cleaned not in VISIBILITIES:
        raise IngestError(f"Unbekannte Sichtbarkeit '{value}' (erlaubt: netzwerk, intern)")
    return cleaned


def parse_date(value: str | date) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise IngestError(f"Ungültiges Datum '{value}' (erwartet JJJJ-MM-TT)") from exc


def hints_from_mapping(data: dict, origin: str) -> MetaHints:
    """Validate user-supplied metadata (sidecar, front matter, CLI) into hints."""
    unknown = set(data) - _SIDECAR_KEYS
    if unknown:
        raise IngestError(f"{origin}: unbekannte Felder {sorted(unknown)}")
    return MetaHints(
        title=str(data["title"]).strip() if data.get("title") else None,
        district=parse_district(str(data["district"])) if data.get("district") else None,
        doc_type=parse_doc_type(str(data["doc_type"])) if data.get("doc_type") else None,
        date=parse_date(data["date"]) if data.get("date") else None,
        norm=str(data["norm"]).strip() if data.get("norm") else None,
        visibility=parse_visibility(data["visibility"]) if data.get("visibility") else None,
        valid_from=parse_date(data["valid_from"]) if data.get("valid_from") else None,
        valid_to=parse_date(data["valid_to"]) if data.get("valid_to") else None,
        replaces=str(data["replaces"]).strip() if data.get("replaces") else None,
        key=str(data["key"]).strip()[:1000] if data.get("key") else None,
        stand=_stand(data.get("stand"), origin),
        working_group=parse_group(data.get("working_group") or data.get("arbeitsgruppe"), origin),
    ).checked(origin)


def _stand(value: object, origin: str) -> str | None:
    """Checked now, so that a typo is reported at ingest rather than shown as a wrong Stand."""
    if not value:
        return None
    parse_stand(value if isinstance(value, date) else str(value), origin)
    return value.isoformat() if isinstance(value, date) else str(value).strip()


def parse_group(value: object, origin: str) -> str | None:
    """A working group's slug ('AG-Leistung' is not one); whether the group exists is the
    store's question (`kb.services.groups`), the list being configured there."""
    if not value:
        return None
    slug = str(value).strip().lower()
    if not _GROUP_SLUG.fullmatch(slug):
        raise IngestError(f"{origin}: Arbeitsgruppe '{value}' ist kein Kürzel (Kleinbuchstaben, Ziffern, "
                          "Bindestrich, z. B. leistung)")
    return slug


def _has_date(stand: str) -> bool:
    """A document's own "Stand: Entwurf" is no reason to refuse it (a sidecar's typo is)."""
    try:
        parse_stand(stand, "")
    except IngestError:
        return False
    return True


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.json")


def read_sidecar(path: Path) -> MetaHints:
    side = sidecar_path(path)
    if not side.is_file():
        return MetaHints()
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise IngestError(f"Metadaten-Datei {side.name} ist kein gültiges JSON "
                          f"(Zeile {exc.lineno}, Spalte {exc.colno})") from exc
    except UnicodeDecodeError as exc:
        raise IngestError(f"Metadaten-Datei {side.name} ist nicht als UTF-8 gespeichert") from exc
    except OSError as exc:
        raise IngestError(f"Metadaten-Datei {side.name} ist nicht lesbar") from exc
    if not isinstance(data, dict):
        raise IngestError(f"Metadaten-Datei {side.name} muss ein JSON-Objekt sein")
    return hints_from_mapping(data, side.name)


def hints_from_document(doc: ParsedDocument, name: str, stated: MetaHints | None = None) -> MetaHints:
    """What the document says about itself, then what its file name suggests.

    `stated` is what stronger sources (CLI, form, sidecar) say; it is not merged here, but it
    decides whether validity read from the text applies (not for a law text) and fits (dates
    read from the text that contradict stated or front-matter dates are dropped, not refused).
    """
    props = {k: v for k, v in doc.properties.items() if k in _SIDECAR_KEYS and (k != "stand" or _has_date(v))}
    front = hints_from_mapping(props, f"{name} (Front Matter)") if props else MetaHints()
    head = _head_text(doc)
    title = doc.title or _title_from_name(name)
    doc_type = detect_doc_type(title, head)
    stronger = (stated or MetaHints()).merged_over(front)
    validity = _text_validity(head, stronger.doc_type or doc_type, stronger)
    found = MetaHints(
        title=title,
        district=detect_district(head),
        doc_type=doc_type,
        date=doc.date or _date_from_name(name),
        valid_from=validity.valid_from,
        valid_to=validity.valid_to,
    )
    return front.merged_over(found)


def _text_validity(head: str, doc_type: DocType | None, stronger: MetaHints) -> Validity:
    """Validity the head states, unless the document is a law text (its "Inkrafttreten"
    provisions are about amendments) or the dates cannot hold together with stronger ones."""
    if doc_type == DocType.GESETZ:
        return Validity()
    found = validity_from_text(head)
    combined = Validity(stronger.valid_from or found.valid_from, stronger.valid_to or found.valid_to)
    return found if found.consistent and combined.consistent else Validity()


def _head_text(doc: ParsedDocument, limit: int = 1500) -> str:
    out, size = [], 0
    for block in doc.blocks:
        if block.table:  # "Kreis: Kusel | …" in a table names a row's district, not the document's
            continue
        out.append(block.text)
        size += len(block.text)
        if size > limit:
            break
    return "\n".join(out)


def _title_from_name(name: str) -> str:
    stem = Path(name).stem
    return re.sub(r"[_\s]+", " ", stem).strip() or name


def _date_from_name(name: str) -> date | None:
    match = _ISO_IN_NAME.search(Path(name).stem)
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        return date(year, month, day)
    except ValueError:
        return None

