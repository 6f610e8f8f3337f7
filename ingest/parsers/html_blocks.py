"""Walking cleaned HTML into blocks: one per paragraph-like element, heading or table row.

Text is grouped by the nearest block-level element that contains it, so "text <dl>…</dl> more
text" inside one <div> yields three kinds of block in order, and inline markup (<b>, <a>,
<span>) never splits a paragraph. Rows of data tables become "cell | cell" blocks. The walk
uses the document's flat element order with a memo instead of recursion, so a page with
thousands of nested <div>s is handled in linear time without hitting the recursion limit.
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag

from ingest.models import Block
from ingest.parsers.textclean import clean_inline

BLOCK_TAGS = {
    "p", "div", "li", "dt", "dd", "pre", "blockquote", "section", "article", "main", "body",
    "html", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "ul", "ol", "dl",
    "figure", "figcaption", "address", "center", "details", "summary", "fieldset", "legend",
    "header", "footer", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
HEADING_LEVELS = {f"h{n}": n for n in range(1, 7)}
_CELLS = {"td", "th"}
_LAYOUT_MARKERS = ["table", "h1", "h2", "h3", "h4", "h5", "h6"]
_MARKER_ONLY = re.compile(r"^(?:\(?[0-9]{1,3}[a-z]?[.)]|\(?[a-zA-Z]{1,3}[.)]|[-•*–·])$")


def blocks_from_root(root: Tag) -> list[Block]:
    """Blocks of the element `root` in document order."""
    builder = _Builder()
    memo: dict[int, tuple[Tag, Tag | None]] = {}
    for node in root.descendants:
        if type(node) is NavigableString:  # subclasses are comments, script text, CDATA …
            block, cell = _container(node.parent, root, memo)
            builder.add(str(node), block, cell)
        elif isinstance(node, Tag) and node.name == "br":
            block, cell = _container(node.parent, root, memo)
            builder.add(" ", block, cell)
    builder.flush()
    return builder.blocks


def _container(tag: Tag | None, root: Tag, memo: dict[int, tuple[Tag, Tag | None]]):
    """(block element, table cell or None) that text directly inside `tag` belongs to."""
    chain: list[Tag] = []
    node = tag
    while node is not None and id(node) not in memo and node is not root:
        chain.append(node)
        node = node.parent
    found = memo.get(id(node)) if node is not None else None
    if found is None:
        found = (root, None)
        memo[id(root)] = found
    for element in reversed(chain):
        found = _step(element, found)
        memo[id(element)] = found
    return found


def _step(element: Tag, outer: tuple[Tag, Tag | None]) -> tuple[Tag, Tag | None]:
    """Where text inside `element` goes, given where text of its parent goes."""
    name = element.name
    if name in _CELLS:
        row = element.find_parent("tr")
        if row is None or element.find(_LAYOUT_MARKERS) is not None:
            return element, None  # a layout cell: its content forms its own blocks
        return row, element
    if outer[1] is not None:  # inside a data cell, everything belongs to the row
        return outer
    if name in BLOCK_TAGS:
        return element, None
    return outer


class _Builder:
    """Collects text per block; a lone list marker ("1.") is carried to the next block."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._block: Tag | None = None
        self._cell: Tag | None = None
        self._marker = ""

    def add(self, text: str, block: Tag, cell: Tag | None) -> None:
        if block is not self._block:
            self.flush()
            self._block = block
        elif cell is not self._cell and cell is not None and self._parts:
            self._parts.append(" | ")
        self._cell = cell
        self._parts.append(text)

    def flush(self) -> None:
        text = clean_inline("".join(self._parts))
        self._parts = []
        if not text or set(text) <= set("| "):
            return
        text = text.strip(" |")
        level = HEADING_LEVELS.get(self._block.name, 0) if self._block is not None else 0
        if _MARKER_ONLY.match(text) and not level:
            self._marker = f"{self._marker} {text}".strip()
            return
        if self._marker and not level:
            text = f"{self._marker} {text}"
        self._marker = ""
        self.blocks.append(Block(text, None, level))
