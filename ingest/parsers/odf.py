"""OpenDocument files (LibreOffice: ODT texts, ODS sheets, ODP slides) from their `content.xml`.

Municipal administrations write in LibreOffice. An ODF file is a ZIP whose first member
`mimetype` says which kind it is; `content.xml` holds the body and `meta.xml` title and dates.
Both are read from the checked container (`ingest.parsers.container`) and parsed without
entities (`odf_content`). ODT headings become sections and tables rows with their column names;
ODS gives one section per sheet and ODP one per slide, numbered as pages for citations.
"""

from __future__ import annotations

import zipfile
from datetime import date

from lxml import etree

from ingest.models import Block, ParsedDocument
from ingest.parsers import messages
from ingest.parsers.base import register
from ingest.parsers.container import Container, ContainerBreach, odf_kind_in_head
from ingest.parsers.dates import find_document_date, parse_date
from ingest.parsers.docmeta import meaningful_title, title_from_blocks
from ingest.parsers.odf_content import SOFT_PAGE_BREAK, parse_xml, q, sheet_blocks, slide_blocks, text_blocks
from ingest.parsers.pptx import NOTES_LABEL
from ingest.parsers.textclean import clean_inline

_KINDS = {"odt": ("text", "OpenDocument-Text (ODT)"), "ods": ("spreadsheet", "OpenDocument-Tabelle (ODS)"),
          "odp": ("presentation", "OpenDocument-Präsentation (ODP)")}
_META = {"dc": "http://purl.org/dc/elements/1.1/", "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
         "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}


class OdfParser:
    """Parses ODT, ODS and ODP; see the module docstring."""

    format = "odf"
    kinds = ("odt", "ods", "odp")
    extensions = (".odt", ".ods", ".odp", ".ott")
    container = True

    def sniff(self, head: bytes) -> bool:
        """The `mimetype` member at the start (also in a truncated file)."""
        return odf_kind_in_head(head) is not None

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        kind = odf_kind_in_head(data[:4096]) or _kind_by_name(name)
        label = _KINDS[kind][1]
        try:
            container = Container(data)
            kind = _declared_kind(container) or kind
            label = _KINDS[kind][1]
            body = _body(parse_xml(container.read("content.xml")), kind)
            meta = _meta(container)
        except ContainerBreach as exc:
            raise messages.corrupt(name, label, f"ZIP-Container {exc}") from exc
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError, NotImplementedError) as exc:
            raise messages.corrupt(name, label, exc) from exc
        return _document(body, kind, meta, name)


def _kind_by_name(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    return {"ods": "ods", "odp": "odp"}.get(suffix, "odt")


def _declared_kind(container: Container) -> str | None:
    mimetype = container.read("mimetype").strip().decode("ascii", "replace") if "mimetype" in container.names else ""
    return next((k for k, (part, _) in _KINDS.items() if mimetype.endswith(f"opendocument.{part}")), None)


def _body(root: etree._Element, kind: str) -> list[Block]:
    part = root.find(f"{q('office', 'body')}/{q('office', _KINDS[kind][0])}")
    if part is None:
        raise ValueError(f"content.xml ohne office:{_KINDS[kind][0]}")
    if kind == "ods":
        return sheet_blocks(part)
    if kind == "odp":
        return slide_blocks(part, NOTES_LABEL)
    paged = next(part.iter(SOFT_PAGE_BREAK), None) is not None
    return text_blocks(part, paged)


def _meta(container: Container) -> dict[str, str]:
    """Title, subject, keywords, creator and dates from `meta.xml` (absent or broken: nothing)."""
    if "meta.xml" not in container.names:
        return {}
    try:
        meta = parse_xml(container.read("meta.xml")).find("office:meta", _META)
    except (etree.XMLSyntaxError, ContainerBreach, zipfile.BadZipFile):
        return {}
    if meta is None:
        return {}
    fields = {"title": "dc:title", "subject": "dc:subject", "keywords": "meta:keyword",
              "author": "meta:initial-creator", "created": "meta:creation-date", "modified": "dc:date"}
    found = {key: clean_inline(el.text or "") for key, path in fields.items()
             if (el := meta.find(path, _META)) is not None}
    return {k: v for k, v in found.items() if v}


def _document(blocks: list[Block], kind: str, meta: dict[str, str], name: str) -> ParsedDocument:
    if not any(not b.is_heading for b in blocks):
        raise messages.empty(name)
    title = meaningful_title(meta.get("title"), name) or title_from_blocks(blocks)
    head = "\n".join(b.text for b in blocks[:40] if not b.table)
    doc_date = find_document_date(head) if kind == "odt" else None
    doc_date = doc_date or _iso_date(meta.get("created"))
    pages = max((b.page for b in blocks if b.page), default=None)
    props = {k: v for k, v in meta.items() if k != "title"}
    return ParsedDocument(blocks, kind, title, doc_date, pages, props)


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return parse_date(value)


register(OdfParser())
