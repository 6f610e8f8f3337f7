"""PowerPoint decks (.pptx, python-pptx): the network's Schulungen (training material).

One section per slide: its title is the heading (a slide without one is "Folie n"), its number
the "page" a hit cites, so "Quelle öffnen" says Folie 7. Text boxes, placeholders, grouped shapes
and tables are read top to bottom; the speaker notes follow as "Notizen: …", since trainers put
the actual explanation there.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from ingest import limits
from ingest.errors import IngestError
from ingest.models import Block, ParsedDocument
from ingest.parsers import messages
from ingest.parsers.base import register
from ingest.parsers.container import Container, ContainerBreach
from ingest.parsers.dates import find_document_date
from ingest.parsers.docmeta import meaningful_title, title_from_blocks
from ingest.parsers.tables import table_blocks
from ingest.parsers.textclean import clean_inline

_KIND = "PowerPoint (PPTX)"
NOTES_LABEL = "Notizen"


class PptxParser:
    """Parses PowerPoint 2007+ decks; see the module docstring."""

    format = "pptx"
    extensions = (".pptx", ".ppsx", ".potx", ".pptm")
    container = True

    def sniff(self, head: bytes) -> bool:
        """Only for a container whose directory cannot be read: its first entries name `ppt/`."""
        return head.startswith(b"PK\x03\x04") and b"ppt/" in head

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        deck = _open(data, name)
        try:
            slides = list(deck.slides)
            budget = limits.char_budget()
            blocks = list(limits.counted((b for number, slide in enumerate(slides, 1)
                                          for b in _slide_blocks(slide, number)), budget))
            core = deck.core_properties
        except IngestError:
            raise
        except Exception as exc:  # python-pptx/lxml on a damaged slide part
            raise messages.corrupt(name, _KIND, exc) from exc
        if all(b.is_heading and _generic(b) for b in blocks):
            raise messages.empty(name, "die Folien enthalten keinen Text")
        title = meaningful_title(core.title, name) or title_from_blocks(blocks)
        head = "\n".join(b.text for b in blocks[:40] if not b.table)
        doc_date = find_document_date(head) or (core.created.date() if core.created else None)
        info = {k: clean_inline(v) for k in ("author", "subject", "keywords")
                if isinstance(v := getattr(core, k, None), str) and v.strip()}
        return ParsedDocument(blocks, self.format, title, doc_date, len(slides), info)


def _open(data: bytes, name: str) -> Any:
    import pptx  # heavy: only when a deck is read

    try:
        Container(data)
        return pptx.Presentation(io.BytesIO(data))
    except ContainerBreach as exc:
        raise messages.corrupt(name, _KIND, f"ZIP-Container {exc}") from exc
    except IngestError:  # a parse limit (KB_MAX_UNPACKED_MB) with its own message
        raise
    except Exception as exc:  # BadZipFile, KeyError, PackageNotFoundError, lxml errors
        raise messages.corrupt(name, _KIND, exc) from exc


def _slide_blocks(slide: Any, number: int) -> list[Block]:
    title_shape = slide.shapes.title
    title = clean_inline(title_shape.text_frame.text) if title_shape is not None and title_shape.has_text_frame else ""
    blocks = [Block(title or f"Folie {number}", number, 1)]
    for shape in _reading_order(slide.shapes):
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        blocks.extend(_shape_blocks(shape, number))
    if slide.has_notes_slide:
        notes = slide.notes_slide.notes_text_frame
        text = clean_inline(notes.text) if notes is not None else ""
        if text:
            blocks.append(Block(f"{NOTES_LABEL}: {text}", number))
    return blocks


def _reading_order(shapes: Any) -> list[Any]:
    """Top to bottom, then left to right (shapes without a position keep their place last)."""
    return sorted(shapes, key=lambda s: (s.top is None, s.top or 0, s.left or 0))


def _shape_blocks(shape: Any, number: int) -> Iterator[Block]:
    if shape.shape_type is not None and int(shape.shape_type) == 6:  # MSO_SHAPE_TYPE.GROUP
        for inner in _reading_order(shape.shapes):
            yield from _shape_blocks(inner, number)
    elif getattr(shape, "has_table", False) and shape.has_table:
        rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
        yield from table_blocks(rows, number)
    elif shape.has_text_frame:
        for paragraph in shape.text_frame.paragraphs:
            text = clean_inline("".join(run.text for run in paragraph.runs) or paragraph.text)
            if text:
                yield Block(text, number)


def _generic(block: Block) -> bool:
    """The stand-in heading of a slide without a title."""
    return block.text.startswith("Folie ") and block.text[6:].isdigit()


register(PptxParser())
