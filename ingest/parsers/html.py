"""HTML pages (BeautifulSoup + lxml): saved web pages, intranet exports, GII per-norm pages.

Only the readable text is kept: scripts, styles, navigation, forms and page chrome are removed
before the walk, so neither menus nor injected script text end up in the search index. The
walk is iterative (no recursion), so absurdly deep nesting cannot crash the parser.
"""

from __future__ import annotations

import re
from datetime import date

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from ingest.models import ParsedDocument
from ingest.parsers import messages
from ingest.parsers.base import register
from ingest.parsers.dates import find_document_date, parse_date
from ingest.parsers.decoding import decode_text
from ingest.parsers.docmeta import meaningful_title, title_from_blocks
from ingest.parsers.headings import norm_heading
from ingest.parsers.html_blocks import blocks_from_root
from ingest.parsers.html_count import check_text_budget
from ingest.parsers.textclean import clean_inline

_STRIP_TAGS = ["script", "style", "nav", "aside", "form", "noscript", "template", "iframe",
               "object", "embed", "svg", "math", "canvas", "button", "select", "textarea",
               "xmp", "plaintext", "head", "link", "meta", "input"]  # fmt: skip
_STRIP_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar"}
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([\w.:-]+)""", re.I)
_DATE_META = ("date", "dc.date", "dcterms.date", "dcterms.modified", "article:published_time",
              "article:modified_time", "last-modified", "dc.date.issued")  # fmt: skip
_GII_TITLE = re.compile(r"^(§+\s*\S+|Art\s*\S+)\s+(.+?)\s+-\s+Einzelnorm$")


class HtmlParser:
    """Parses HTML; see the module docstring."""

    format = "html"
    extensions = (".html", ".htm", ".xhtml")

    def sniff(self, head: bytes) -> bool:
        """`<!doctype html` or `<html` near the start (after BOM, whitespace, XML declaration
        or comments)."""
        start = head[:2048].lstrip(b"\xef\xbb\xbf\t\r\n\f ").lower()
        return start.startswith(b"<") and (b"<!doctype html" in start or b"<html" in start)

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        source = decode_text(data, _declared_charset(data[:4096]))
        check_text_budget(source)
        soup = BeautifulSoup(source, "lxml")
        page_title = clean_inline(soup.title.get_text()) if soup.title else ""
        meta_date = _meta_date(soup)
        props = _gii_properties(page_title)
        _strip_chrome(soup)
        _split_gii_heading(soup, props)
        blocks = blocks_from_root(_content_root(soup))
        if not blocks:
            raise messages.empty(name, "keine lesbaren Textabschnitte")
        title = meaningful_title(page_title, name) or title_from_blocks(blocks)
        head = "\n".join(b.text for b in blocks[:40])
        doc_date = find_document_date(head) or meta_date
        return ParsedDocument(blocks, self.format, title, doc_date, None, props)


def decode_html(data: bytes) -> str:
    """The page as text, in the charset it declares (else detected), as the parser reads it."""
    return decode_text(data, _declared_charset(data[:4096]))


def _declared_charset(head: bytes) -> str | None:
    """Charset from `<meta charset>` / http-equiv, or from the XML declaration."""
    match = _CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _strip_chrome(soup: BeautifulSoup) -> None:
    """Remove everything that is not readable page content (scripts, menus, hidden parts).

    Removed elements leave a space behind so the words around them do not run together.
    """
    for tag in soup.find_all(_STRIP_TAGS) + soup.find_all(_is_chrome):
        if tag.parent is not None:
            tag.replace_with(" ")
    for node in soup.find_all(string=_is_markup_node):
        node.extract()


def _is_chrome(tag: Tag) -> bool:
    """Site header/footer (not an article's own), ARIA navigation roles, hidden elements."""
    if tag.name in {"header", "footer"} and tag.find_parent(["article", "main"]) is None:
        return True
    role = str(tag.get("role") or "").lower()
    style = str(tag.get("style") or "").replace(" ", "").lower()
    hidden = tag.has_attr("hidden") or str(tag.get("aria-hidden")).lower() == "true"
    return role in _STRIP_ROLES or hidden or "display:none" in style


def _is_markup_node(node: object) -> bool:
    return isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction))


def _content_root(soup: BeautifulSoup) -> Tag:
    """The main content element if the page marks one, else the body (or the whole soup)."""
    for selector in ("main", "[role=main]", "#paddingLR12", "#content", "article"):
        found = soup.select(selector)
        if len(found) == 1:
            return found[0]
    return soup.body or soup


def _split_gii_heading(soup: BeautifulSoup, props: dict[str, str]) -> None:
    """GII norm pages put law title and norm into one <h1>: "<law><br/><span class=jnenbez>
    § 6a</span> <span class=jnentitel>…</span>". Make that a law heading (h1) followed by the
    norm heading (h2) "§ 6a – Zugelassene kommunale Träger", the same form the XML gives."""
    for link in soup.select(".jnheader > a"):
        link.decompose()  # "Nichtamtliches Inhaltsverzeichnis"
    for heading in soup.find_all(["h1", "h2", "h3"]):
        enbez = heading.find(class_="jnenbez")
        if enbez is not None:
            _split_norm_heading(soup, heading, enbez, props)


def _split_norm_heading(soup: BeautifulSoup, heading: Tag, enbez: Tag, props: dict) -> None:
    titel = heading.find(class_="jnentitel")
    number = clean_inline(enbez.get_text())
    norm_tag = soup.new_tag("h2")
    norm_tag.string = norm_heading(number, titel.get_text() if titel else "")
    for part in (enbez, titel):
        if part is not None:
            part.decompose()
    law = clean_inline(heading.get_text(" "))
    heading.clear()
    heading.append(law)
    heading.insert_after(norm_tag)
    props.setdefault("enbez", number)  # not "norm": that key means the law (e.g. "SGB II")
    if law:
        props.setdefault("law_title", law)


def _gii_properties(page_title: str) -> dict[str, str]:
    """"§ 6a SGB 2 - Einzelnorm" → {"jurabk": "SGB 2"} for GII per-norm pages."""
    match = _GII_TITLE.match(page_title)
    return {"jurabk": match.group(2)} if match else {}


def _meta_date(soup: BeautifulSoup) -> date | None:
    for meta in soup.find_all("meta"):
        key = str(meta.get("name") or meta.get("property") or meta.get("http-equiv") or "")
        if key.lower() in _DATE_META:
            found = parse_date(str(meta.get("content") or ""))
            if found:
                return found
    return None


register(HtmlParser())
