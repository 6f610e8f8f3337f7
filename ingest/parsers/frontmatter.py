"""Metadata written at the top of text files: YAML front matter and pandoc `%` title blocks.

Network members keep notes as Markdown with a front matter (`title`, `district`, `doc_type`,
`date`); law dumps (kmein/gesetze) use pandoc's "% Title" lines. Both describe the document and
must not end up as body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

import yaml

from ingest.parsers.dates import parse_date
from ingest.parsers.textclean import clean_inline

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_KEY_VALUE = re.compile(r"^([A-Za-zÄÖÜäöüß][\w ÄÖÜäöüß-]{0,40}):\s+(.+)$")


@dataclass
class Header:
    """What the head of a text file says: properties (strings), title and date if given."""

    properties: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    date: date | None = None


def split_header(text: str) -> tuple[str, Header]:
    """Remove a YAML front matter or a pandoc title block from `text` and return both."""
    header = Header()
    text = _front_matter(text, header)
    text = _pandoc_title(text, header)
    return text, header


def _front_matter(text: str, header: Header) -> str:
    """`---\\n key: value \\n---` at the very start, parsed with yaml.safe_load."""
    match = _FRONT.match(text)
    if not match:
        return text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return text  # not YAML after all (e.g. a horizontal rule): leave it as text
    if not isinstance(data, dict):
        return text
    for key, value in data.items():
        if isinstance(value, (str, int, float, bool, date)) and str(key).strip():
            _set(header, str(key).strip().lower(), value)
    return text[match.end() :]


def _set(header: Header, key: str, value: object) -> None:
    if isinstance(value, (date, datetime)):
        as_date = value.date() if isinstance(value, datetime) else value
        header.properties[key] = as_date.isoformat()
        if key == "date":
            header.date = as_date
        return
    text = clean_inline(str(value))
    if key == "date":  # downstream expects ISO; an unreadable date is kept, but aside
        header.date = parse_date(text)
        key, text = ("date", header.date.isoformat()) if header.date else ("date_text", text)
    header.properties[key] = text
    if key == "title" and text:
        header.title = text


def _pandoc_title(text: str, header: Header) -> str:
    """Leading "% …" lines: title, then "Key: value" properties or author/date by position."""
    lines = text.split("\n")
    count = 0
    while count < len(lines) and lines[count].startswith("%"):
        count += 1
    for position, line in enumerate(lines[:count]):
        value = clean_inline(line[1:])
        pair = _KEY_VALUE.match(value)
        if position == 0 and value:
            header.title = header.title or value
            header.properties.setdefault("title", value)
        elif pair and pair.group(1).strip().lower() not in header.properties:
            _set(header, pair.group(1).strip().lower(), pair.group(2))
        elif value and position == 1:
            header.properties.setdefault("author", value)
        elif value and position == 2 and parse_date(value):
            _set(header, "date", value)
    return "\n".join(lines[count:])
