"""Document metadata from three sources, strongest first: the user, a sidecar, the document itself.

Users state what they know on the command line (`--district Kusel`); maintainers keep a sidecar
(`brief.pdf.meta.json`) or Markdown front matter; everything else is read from the document
(title, date, a district named in the letterhead, a type named in the title) or the file name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.errors import IngestError
from ingest.models import DocType, ParsedDocument

DISTRICTS: tuple[str, ...] = (
    "Saarlouis", "St. Wendel", "Saarpfalz-Kreis", "Südwestpfalz",
    "Vulkaneifel", "Mayen-Koblenz", "Kusel", "Mainz-Bingen",
)
NETWORK = "Südwestoption"
_DISTRICT_PATTERNS = {
    "Saarlouis": r"Saarlouis", "St. Wendel": r"St\.?\s*Wendel|Sankt\s+Wendel",
    "Saarpfalz-Kreis": r"Saarpfalz(?:-Kreis)?", "Südwestpfalz": r"S(?:ü|ue)dwestpfalz",
    "Vulkaneifel": r"Vulkaneifel", "Mayen-Koblenz": r"Mayen-Koblenz",
    "Kusel": r"\bKusel\b", "Mainz-Bingen": r"Mainz-Bingen",
}
_TYPE_HINTS: list[tuple[DocType, str]] = [
    (DocType.PROTOKOLL, r"Protokoll|Niederschrift|Ergebnisvermerk|Sitzung"),
    (DocType.RECHTSAENDERUNG, r"Rechts(?:ä|ae)nderung|Gesetzes(?:ä|ae)nderung|(?:Ä|Ae)nderungen? (?:durch|im|zum)"),
    (DocType.WEISUNG, r"Weisung|Dienstanweisung|Fachliche Hinweise|Arbeitshilfe"),
    (DocType.RUNDSCHREIBEN, r"Rundschreiben|Rundverfügung|Rundbrief"),
    (DocType.SCHULUNG, r"Schulung|Einarbeitung|Fortbildung|Seminar|Leitfaden"),
    (DocType.URTEIL, r"Urteil|Beschluss|Gerichtsbescheid|\bIM NAMEN DES VOLKES\b"),
    (DocType.GESETZ, r"^(?:Sozialgesetzbuch|Gesetz|Verordnung)\b|^\w+ Buch Sozialgesetzbuch\b|"
                     r"\bGesetz(?:es)?\b.*\bvom\b|-Verordnung\b"),
]
_ISO_IN_NAME = re.compile(r"(20\d{2}|19\d{2})[-_](\d{2})(?:[-_](\d{2}))?")
_SIDECAR_KEYS = {"title", "district", "doc_type", "date", "norm"}


@dataclass
class MetaHints:
    """Partial metadata from one source; `None` means the source said nothing."""

    title: str | None = None
    district: str | None = None
    doc_type: DocType | None = None
    date: date | None = None
    norm: str | None = None

    def merged_over(self, weaker: MetaHints) -> MetaHints:
        return MetaHints(*(mine if mine is not None else theirs for mine, theirs in (
            (self.title, weaker.title), (self.district, weaker.district),
            (self.doc_type, weaker.doc_type), (self.date, weaker.date), (self.norm, weaker.norm))))


def parse_district(value: str) -> str:
    """Canonical spelling of a district ('st wendel' → 'St. Wendel'); other names pass through."""
    cleaned = value.strip()
    for name, pattern in _DISTRICT_PATTERNS.items():
        if re.fullmatch(rf"(?:Landkreis\s+|Kreis\s+)?(?:{pattern})", cleaned, re.I):
            return name
    if _fold(cleaned) in {_fold(NETWORK), "netzwerk"}:
        return NETWORK
    if not cleaned:
        raise IngestError("Leerer Kreisname")
    return cleaned


def parse_doc_type(value: str) -> DocType:
    folded = _fold(value)
    for member in DocType:
        if _fold(member.value) == folded or member.name.lower() == folded:
            return member
    allowed = ", ".join(m.value for m in DocType)
    raise IngestError(f"Unbekannter Dokumenttyp '{value}' (erlaubt: {allowed})")


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
    )


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.json")


def read_sidecar(path: Path) -> MetaHints:
    side = sidecar_path(path)
    if not side.is_file():
        return MetaHints()
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IngestError(f"Metadaten-Datei {side.name} ist kein gültiges JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise IngestError(f"Metadaten-Datei {side.name} muss ein JSON-Objekt sein")
    return hints_from_mapping(data, side.name)


def hints_from_document(doc: ParsedDocument, name: str) -> MetaHints:
    """What the document says about itself, then what its file name suggests."""
    props = {k: v for k, v in doc.properties.items() if k in _SIDECAR_KEYS}
    front = hints_from_mapping(props, f"{name} (Front Matter)") if props else MetaHints()
    head = _head_text(doc)
    title = doc.title or _title_from_name(name)
    found = MetaHints(
        title=title,
        district=detect_district(head),
        doc_type=detect_doc_type(title, head),
        date=doc.date or _date_from_name(name),
    )
    return front.merged_over(found)


def detect_district(text: str) -> str | None:
    """The one network district named in the letterhead; None when none or several compete."""
    counts = {n: len(re.findall(p, text, re.I)) for n, p in _DISTRICT_PATTERNS.items()}
    named = sorted(((c, n) for n, c in counts.items() if c), reverse=True)
    if not named or (len(named) > 1 and named[0][0] == named[1][0]):
        return None
    return named[0][1]


def detect_doc_type(title: str, head: str) -> DocType | None:
    for doc_type, pattern in _TYPE_HINTS:
        if re.search(pattern, title, re.I | re.M):
            return doc_type
    for doc_type, pattern in _TYPE_HINTS:
        if re.search(pattern, head[:400], re.M):
            return doc_type
    return None


def _head_text(doc: ParsedDocument, limit: int = 1500) -> str:
    out, size = [], 0
    for block in doc.blocks:
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


def _fold(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold().strip()
    return text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
