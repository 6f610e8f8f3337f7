"""Markdown files (markdown-it-py, CommonMark + tables): notes, wiki exports, law dumps.

Parsing with a real CommonMark parser means inline markup (`**`, `_`, links, code) is removed
by the parser instead of by fragile regexes, and headings, list items, tables and code blocks
are told apart reliably. Raw HTML blocks (the kmein law dumps carry big HTML tables) go through
the HTML block walker. Chosen by extension only: Markdown has no signature.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ingest.models import Block, ParsedDocument
from ingest.parsers import messages
from ingest.parsers.base import register
from ingest.parsers.dates import find_document_date
from ingest.parsers.decoding import bounded_decode
from ingest.parsers.docmeta import title_from_blocks
from ingest.parsers.frontmatter import split_header
from ingest.parsers.headings import match_heading
from ingest.parsers.html_blocks import blocks_from_root
from ingest.parsers.textclean import clean_inline

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# Pandoc definition lists ("Ausfertigungsdatum\n:   2003-12-24") read as "Term: definition".
_DEFINITION = re.compile(r"(?m)^([^\n:|#>][^\n]*)\n:[ \t]+(?=\S)")


class MarkdownParser:
    """Parses Markdown; see the module docstring."""

    format = "markdown"
    extensions = (".md", ".markdown")

    def sniff(self, head: bytes) -> bool:
        """Never: Markdown is plain text and is chosen by its extension."""
        return False

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        source, header = split_header(bounded_decode(data))
        source = _DEFINITION.sub(r"\1: ", source)
        blocks = markdown_blocks(source)
        if not blocks:
            raise messages.empty(name)
        title = header.title or title_from_blocks(blocks)
        stated = "\n".join(v for k, v in header.properties.items() if k != "title")
        head = "\n".join(b.text for b in blocks[:40])
        # A date the header states ("% Ausfertigungsdatum: …") beats one found in the text.
        doc_date = header.date or find_document_date(stated) or find_document_date(head)
        return ParsedDocument(blocks, self.format, title, doc_date, None, header.properties)


def markdown_blocks(source: str) -> list[Block]:
    """Blocks of a Markdown text (without front matter) in reading order."""
    tokens = _MD.parse(source)
    blocks: list[Block] = []
    prefix = ""  # the number of the ordered list item whose first paragraph comes next
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "list_item_open":
            prefix = f"{token.info}{token.markup} " if token.info else ""
        elif token.type in {"heading_open", "paragraph_open"}:
            blocks.extend(_text_block(token, tokens[i + 1], prefix))
            prefix = ""
        elif token.type in {"fence", "code_block"}:
            blocks.extend(_plain(token.content))
        elif token.type == "html_block":
            blocks.extend(_html(token.content))
        elif token.type == "tr_open":
            i, row = _table_row(tokens, i)
            blocks.extend([Block(row)] if row else [])
        i += 1
    return blocks


def _text_block(opening: Token, inline: Token, prefix: str) -> list[Block]:
    text = clean_inline(inline_text(inline))
    if not text:
        return []
    if opening.type == "heading_open":
        found = match_heading(text, emphasised=True)
        normalised = found.text if found and found.kind in {"norm", "structure"} else text
        return [Block(normalised, None, int(opening.tag[1]))]
    return [Block(f"{prefix}{text}", None, 0)]


def inline_text(inline: Token) -> str:
    """Plain text of an inline token: markup, link targets and raw HTML tags dropped (and the
    content of inline <script>/<style> with them)."""
    parts: list[str] = []
    hidden = False
    for child in inline.children or []:
        tag = child.content.lower() if child.type == "html_inline" else ""
        if tag.startswith(("<script", "<style")):
            hidden = not tag.endswith("/>")
        elif tag.startswith(("</script", "</style")):
            hidden = False
        elif hidden:
            continue
        elif child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"} or tag.startswith("<br"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(inline_text(child))
    return "".join(parts)


def _table_row(tokens: list[Token], i: int) -> tuple[int, str]:
    """Cells of the row starting at `tokens[i]` joined with " | "; returns the row's end."""
    cells: list[str] = []
    while tokens[i].type != "tr_close":
        if tokens[i].type == "inline":
            cells.append(clean_inline(inline_text(tokens[i])))
        i += 1
    return i, " | ".join(c for c in cells if c)


def _plain(text: str) -> list[Block]:
    cleaned = clean_inline(text)
    return [Block(cleaned)] if cleaned else []


def _html(fragment: str) -> list[Block]:
    """Raw HTML inside Markdown (tables, <div>s) through the HTML block walker."""
    soup = BeautifulSoup(fragment, "lxml")
    for tag in soup.find_all(["script", "style", "noscript", "template", "iframe", "svg"]):
        if tag.parent is not None:
            tag.replace_with(" ")
    return blocks_from_root(soup)


register(MarkdownParser())
