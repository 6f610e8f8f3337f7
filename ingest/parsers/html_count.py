"""Counting the readable text of an HTML page against the character budget, streaming.

BeautifulSoup builds the whole tree before anything can be counted: for a 40 MB page that is
most of a minute and gigabytes of memory spent before the size is known. lxml's event parser
reads the page piece by piece and reports text as it arrives, so a page with too much text is
refused after reading just over the budget (script and style contents do not count: the parser
drops them as well).
"""

from __future__ import annotations

from lxml import etree

from ingest import limits

_SILENT = {"script", "style", "noscript", "template"}
_PIECE = 1 << 20


class _TextCounter:
    """An lxml parser target: adds every piece of text outside script/style to the budget."""

    def __init__(self, budget: limits.CharBudget) -> None:
        self.budget = budget
        self.silent = 0

    def start(self, tag: str, attrib: dict) -> None:
        self.silent += tag in _SILENT

    def end(self, tag: str) -> None:
        self.silent -= tag in _SILENT and self.silent > 0

    def data(self, text: str) -> None:
        if not self.silent:
            self.budget.add(len(text.strip()))

    def close(self) -> None:
        return None


def check_text_budget(source: str) -> None:
    """Raise `LimitExceeded` as soon as the page's text passes `KB_MAX_DOCUMENT_CHARS`."""
    budget = limits.char_budget()
    if len(source) <= budget.limits.max_chars:
        return  # the whole page is within the budget, text or not
    parser = etree.HTMLParser(target=_TextCounter(budget), no_network=True)
    for start in range(0, len(source), _PIECE):
        parser.feed(source[start:start + _PIECE])
    parser.close()
