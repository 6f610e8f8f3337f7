"""Choosing a document's title from what the file says about itself.

Embedded metadata is often junk: "Microsoft Word - Rundschreiben_neu2.docx", "Dokument1",
the author's template name. Users search and browse by title, so junk is rejected and the first
heading or first prominent line of the text is used instead.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from ingest.models import Block
from ingest.parsers.headings import is_toc_title
from ingest.parsers.textclean import clean_inline

_JUNK = re.compile(
    r"^(?:microsoft (?:word|excel|powerpoint)\b|untitled|unbenannt|ohne titel|dokument\s*\d*$|"
    r"document\s*\d*$|titel$|title$|vorlage|template|folie\s*\d*$|slide\s*\d*$)",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(r"\.(?:docx?|pdf|odt|rtf|txt|html?|xlsx?|pptx?|dotx?|md)\s*$", re.I)
MAX_TITLE = 300


def meaningful_title(candidate: str | None, file_name: str) -> str | None:
    """`candidate` cleaned, or None if it is empty, a file name or a generic placeholder."""
    title = clean_inline(candidate or "")
    if len(title) < 3 or not any(c.isalpha() for c in title):
        return None
    stem = PurePath(file_name).stem.lower()
    if _JUNK.match(title) or _FILE_NAME.search(title) or title.lower() == stem:
        return None
    if "://" in title or (" " not in title and any(c.isdigit() for c in title)):
        return None  # a URL or a code like "5K098111"
    return title[:MAX_TITLE]


def title_from_blocks(blocks: list[Block]) -> str | None:
    """The first heading (not "Inhaltsverzeichnis"), else the first short paragraph."""
    for block in blocks[:200]:
        if block.is_heading and not is_toc_title(block.text):
            return block.text[:MAX_TITLE]
    for block in blocks[:5]:
        if 3 <= len(block.text) <= 200:
            return block.text
    return None
