"""Law XML from gesetze-im-internet.de (root `<dokumente>`, one `<norm>` per § or unit).

The XML is the cleanest source of law text: every § comes with its number (`enbez`) and title,
Kapitel/Abschnitt are explicit, and the version ("Stand") is stated. The parser turns it into
the same block shape as the PDF of the same law, so both chunk and cite alike.

The files reference an external DTD; it is never loaded (no network, no entity expansion), and
files declaring their own entities are refused outright (billion-laughs protection).
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from ingest import limits
from ingest.models import Block, ParsedDocument
from ingest.parsers import messages
from ingest.parsers.base import register
from ingest.parsers.dates import parse_compact_timestamp, parse_date
from ingest.parsers.gii_text import element_blocks, text_of
from ingest.parsers.headings import DASH, NORM_LEVEL, STRUCTURE_LEVEL, norm_heading

_TOC_ENBEZ = {"inhaltsübersicht", "inhaltsverzeichnis", "inhalt"}
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
REPEALED = "(weggefallen)"


class GiiXmlParser:
    """Parses GII law XML; see the module docstring."""

    format = "gii-xml"
    extensions = (".xml",)

    def sniff(self, head: bytes) -> bool:
        """`<dokumente` in the first 2 KB and law metadata (`<norm`/`<metadaten>`) after it."""
        return b"<dokumente" in head[:2048] and (b"<norm" in head or b"<metadaten>" in head)

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        root = _parse_xml(data, name)
        norms = root.findall("norm")
        if not norms:
            raise messages.empty(name, "keine Normen im Gesetzes-XML")
        first = _meta(norms[0])
        title = text_of(first.find("langue")) or text_of(first.find("kurzue")) or None
        blocks = _law_header(norms[0], title)
        for norm in norms[1:]:
            blocks.extend(_norm_blocks(norm))
        if not any(b.text for b in blocks):
            raise messages.empty(name, "keine Normtexte")
        props = _properties(root, first)
        return ParsedDocument(blocks, self.format, title, _law_date(first, root), None, props)


def _parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse without DTD, network or entity expansion; refuse entity declarations."""
    if _ENTITY_DECL.search(data[:1_000_000]):
        raise messages.corrupt(name, "Gesetzes-XML", "Entity-Deklarationen sind nicht erlaubt")
    parser = etree.XMLPullParser(
        events=("end",), resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        root = _read_counted(parser, data)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise messages.corrupt(name, "Gesetzes-XML", exc) from exc
    if root is None or root.tag != "dokumente":
        raise messages.corrupt(name, "Gesetzes-XML", "kein <dokumente>-Element")
    return root


def _read_counted(parser: etree.XMLPullParser, data: bytes, piece: int = 1 << 20) -> etree._Element:
    """The tree, built piece by piece while its text is counted against the document's character
    budget (`ingest.limits`): a law dump with too much text stops just past the limit."""
    budget = limits.char_budget()
    for start in range(0, len(data), piece):
        parser.feed(data[start:start + piece])
        for _event, element in parser.read_events():
            budget.add(len((element.text or "").strip()) + len((element.tail or "").strip()))
    return parser.close()


def _meta(norm: etree._Element) -> etree._Element:
    found = norm.find("metadaten")
    return found if found is not None else etree.Element("metadaten")


def _law_header(norm: etree._Element, title: str | None) -> list[Block]:
    """The law's title as top heading, its dates and "Stand" lines, and any preamble text."""
    meta = _meta(norm)
    blocks = [Block(title, None, STRUCTURE_LEVEL)] if title else []
    issued = _iso_date(text_of(meta.find("ausfertigung-datum")))
    if issued:
        blocks.append(Block(f"Ausfertigungsdatum: {issued.strftime('%d.%m.%Y')}"))
    blocks.extend(Block(line) for line in _stand_lines(meta))
    blocks.extend(Block(t) for t in element_blocks(norm.find("textdaten/text")))
    return blocks


def _norm_blocks(norm: etree._Element) -> list[Block]:
    """A structural unit (Kapitel …) or a § with its paragraphs; TOC norms give nothing."""
    meta = _meta(norm)
    enbez = re.sub(r"^\(X+\)\s*", "", text_of(meta.find("enbez")))
    unit = meta.find("gliederungseinheit")
    body = element_blocks(norm.find("textdaten/text"))
    if enbez.lower() in _TOC_ENBEZ:
        return []
    if not enbez and unit is not None:
        bez, titel = text_of(unit.find("gliederungsbez")), text_of(unit.find("gliederungstitel"))
        heading = f"{bez}{DASH}{titel}" if bez and titel else bez or titel
        return [Block(heading, None, STRUCTURE_LEVEL)] + [Block(t) for t in body]
    if not enbez:
        return []
    heading = Block(norm_heading(enbez, text_of(meta.find("titel"))), None, NORM_LEVEL)
    if all(t == REPEALED for t in body):
        return [heading]
    return [heading] + [Block(t) for t in body]


def _stand_lines(meta: etree._Element) -> list[str]:
    """"Stand: zuletzt geändert durch …" lines as the PDF edition prints them."""
    lines = []
    for stand in meta.findall("standangabe"):
        kind, comment = text_of(stand.find("standtyp")), text_of(stand.find("standkommentar"))
        label = {"Sonst": "Hinweis"}.get(kind, kind)
        if comment:
            lines.append(comment if kind == "Neuf" else f"{label}: {comment}")
    return lines


def _law_date(meta: etree._Element, root: etree._Element) -> date | None:
    """Date of the last amendment ("Stand"), else the build date, else the Ausfertigung."""
    for stand in meta.findall("standangabe"):
        if text_of(stand.find("standtyp")) == "Stand":
            found = parse_date(text_of(stand.find("standkommentar")))
            if found:
                return found
    built = parse_compact_timestamp(root.get("builddate"))
    return built.date() if built else _iso_date(text_of(meta.find("ausfertigung-datum")))


def _properties(root: etree._Element, meta: etree._Element) -> dict[str, str]:
    props = {key: text_of(meta.find(key)) for key in ("jurabk", "amtabk", "kurzue")}
    built = parse_compact_timestamp(root.get("builddate"))
    props["builddate"] = built.isoformat() if built else ""
    props["doknr"] = root.get("doknr") or ""
    issued = _iso_date(text_of(meta.find("ausfertigung-datum")))
    props["ausfertigung_datum"] = issued.isoformat() if issued else ""
    props["standangabe"] = "\n".join(_stand_lines(meta))
    return {k: v for k, v in props.items() if v}


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


register(GiiXmlParser())
