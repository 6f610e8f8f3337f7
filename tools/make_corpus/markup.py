"""Source format of the sample corpus and its parser.

Every document is written once, in a small plain-text markup, and rendered to its shipped format
(PDF, DOCX, HTML, Markdown or plain text) by the renderers. A source file looks like this::

    path: kusel/rs-2025-04-kdu-angemessenheit.pdf
    title: Kosten der Unterkunft und Heizung – Angemessenheitsgrenzen ab 1. Mai 2025
    district: Kusel
    doc_type: Rundschreiben
    date: 2025-04-14
    header: Landkreis Kusel – Jobcenter | Rundschreiben Nr. 4/2025
    dateline: ort
    ---
    @ Az.: 50.2-KdU/2025
    # 1. Ausgangslage
    Ein Absatz, auch über
    mehrere Zeilen.
    ## 1.1 Unterabschnitt
    - Aufzählungspunkt
    | Kopf A | Kopf B |
    | Zelle  | Zelle  |

Body syntax: ``# `` section heading, ``## `` subsection heading, ``@ `` a single short line of the
document's head (reference, distribution list, ...), ``- `` bullet and ``1. `` numbered item (indented lines
continue them),
``|`` table row (first row is the header; ``|---|`` rows are ignored), blank line ends a paragraph.
``**bold**`` marks emphasis inside a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DISTRICTS = (
    "Saarlouis",
    "St. Wendel",
    "Saarpfalz-Kreis",
    "Südwestpfalz",
    "Vulkaneifel",
    "Mayen-Koblenz",
    "Kusel",
    "Mainz-Bingen",
    "Südwestoption",
)
DOC_TYPES = (
    "Rundschreiben",
    "Weisung",
    "Protokoll",
    "Rechtsänderung",
    "Gesetz",
    "Urteil",
    "Schulung",
    "Sonstiges",
)
MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)

REQUIRED = ("path", "title", "district", "doc_type", "date", "header")


@dataclass
class Block:
    kind: str  # "info", "sig", "h1", "h2", "p", "ul", "ol", "table"
    text: str = ""
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Source:
    path: str
    title: str
    district: str
    doc_type: str
    date: date
    header: str
    dateline: str
    blocks: list[Block]
    extra: dict[str, str]

    @property
    def fmt(self) -> str:
        return Path(self.path).suffix.lstrip(".")

    def dateline_text(self, city: str) -> str:
        """The date line every document carries (so the date can be read from the text too)."""
        d = self.date
        if self.dateline == "ort":
            return f"{city}, {d.day}. {MONTHS[d.month - 1]} {d.year}"
        return f"Stand: {d:%d.%m.%Y}"


def german_date(d: date) -> str:
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def parse_source(text: str, origin: str) -> Source:
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise ValueError(f"{origin}: missing '---' between header and body")
    meta: dict[str, str] = {}
    for line in head.splitlines():
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise ValueError(f"{origin}: bad header line {line!r}")
        meta[key.strip()] = value.strip()
    for key in REQUIRED:
        if key not in meta:
            raise ValueError(f"{origin}: header '{key}' missing")
    if meta["district"] not in DISTRICTS:
        raise ValueError(f"{origin}: unknown district {meta['district']!r}")
    if meta["doc_type"] not in DOC_TYPES:
        raise ValueError(f"{origin}: unknown doc_type {meta['doc_type']!r}")
    d = date.fromisoformat(meta["date"])
    extra = {k: v for k, v in meta.items() if k not in REQUIRED and k != "dateline"}
    return Source(
        path=meta["path"],
        title=meta["title"],
        district=meta["district"],
        doc_type=meta["doc_type"],
        date=d,
        header=meta["header"],
        dateline=meta.get("dateline", "stand"),
        blocks=parse_body(body, origin),
        extra=extra,
    )


_TABLE_SEP = re.compile(r"^\|[\s:|-]+\|$")
_OL_ITEM = re.compile(r"^\d{1,2}\. (?=\S)")


def parse_body(body: str, origin: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    current_list: Block | None = None
    current_table: Block | None = None

    def flush() -> None:
        nonlocal para, current_list, current_table
        if para:
            blocks.append(Block("p", " ".join(para)))
            para = []
        if current_list is not None:
            blocks.append(current_list)
            current_list = None
        if current_table is not None:
            blocks.append(current_table)
            current_table = None

    for raw in body.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if line.startswith("# "):
            flush()
            blocks.append(Block("h1", line[2:].strip()))
        elif line.startswith("## "):
            flush()
            blocks.append(Block("h2", line[3:].strip()))
        elif line.startswith("@ "):
            flush()
            # head lines before the first heading/paragraph; later ones are closing lines
            kind = "info" if all(b.kind == "info" for b in blocks) else "sig"
            blocks.append(Block(kind, line[2:].strip()))
        elif line.startswith("- ") or _OL_ITEM.match(line):
            kind = "ul" if line.startswith("- ") else "ol"
            if para or current_table is not None or (
                current_list is not None and current_list.kind != kind
            ):
                flush()
            if current_list is None:
                current_list = Block(kind)
            text = line[2:] if kind == "ul" else _OL_ITEM.sub("", line, count=1)
            current_list.items.append(text.strip())
        elif line.startswith("  ") and current_list is not None:
            current_list.items[-1] += " " + stripped
        elif stripped.startswith("|"):
            if para or current_list is not None:
                flush()
            if _TABLE_SEP.match(stripped):
                continue
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if current_table is None:
                current_table = Block("table")
            elif len(cells) != len(current_table.rows[0]):
                raise ValueError(f"{origin}: table row with wrong cell count: {stripped!r}")
            current_table.rows.append(cells)
        else:
            if current_list is not None or current_table is not None:
                flush()
            para.append(stripped)
    flush()
    return blocks


def strip_inline(text: str) -> str:
    """Text without inline markup (for plain text and metadata)."""
    return text.replace("**", "")


def word_count(src: Source) -> int:
    words = len(src.title.split())
    for b in src.blocks:
        if b.kind in ("ul", "ol"):
            words += sum(len(i.split()) for i in b.items)
        elif b.kind == "table":
            words += sum(len(c.split()) for r in b.rows for c in r)
        else:
            words += len(b.text.split())
    return words
