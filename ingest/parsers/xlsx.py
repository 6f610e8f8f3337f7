"""Excel workbooks (.xlsx, openpyxl in read-only mode): funding figures, Eingliederungsmittel, lists.

One section per sheet (its name is the heading, its number the "page" a hit cites), each
table's rows written with the column names of its header row (`ingest.parsers.tables`), so a row
found by a search reads on its own. Values are read as last calculated (`data_only`), numbers
and dates as a German reader writes them. Rows beyond `MAX_ROWS` per sheet are left out with a
note: a spreadsheet of a million rows is data, not a document.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from ingest import limits
from ingest.errors import IngestError
from ingest.models import Block, ParsedDocument
from ingest.parsers import messages
from ingest.parsers.base import register
from ingest.parsers.container import Container, ContainerBreach
from ingest.parsers.docmeta import meaningful_title, title_from_blocks
from ingest.parsers.tables import SEPARATOR, cell_text, split_on_blank_rows, table_blocks

MAX_ROWS = 20_000  # per sheet
MAX_COLUMNS = 200
_KIND = "Excel (XLSX)"


class XlsxParser:
    """Parses Excel 2007+ workbooks; see the module docstring."""

    format = "xlsx"
    extensions = (".xlsx", ".xlsm", ".xltx")
    container = True

    def sniff(self, head: bytes) -> bool:
        """Only for a container whose directory cannot be read (the registry asks the directory
        first): its first local headers name `xl/` parts."""
        return head.startswith(b"PK\x03\x04") and b"xl/" in head and b"word/" not in head

    def parse(self, data: bytes, name: str) -> ParsedDocument:
        messages.require_content(data, name)
        workbook = _open(data, name)
        try:
            budget = limits.char_budget()
            blocks = list(limits.counted((b for index, sheet in enumerate(workbook.worksheets, 1)
                                          for b in _sheet_blocks(sheet, index)), budget))
            props = workbook.properties
            sheets = len(workbook.worksheets)
        except IngestError:
            raise
        except Exception as exc:  # openpyxl/lxml on a damaged part
            raise messages.corrupt(name, _KIND, exc) from exc
        finally:
            workbook.close()
        if not any(not b.is_heading for b in blocks):
            raise messages.empty(name, "alle Tabellenblätter sind leer")
        title = meaningful_title(props.title, name) or _first_text(blocks)
        doc_date = props.created.date() if props.created else None
        info = {k: clean for k in ("creator", "subject", "keywords")
                if (clean := str(getattr(props, k) or "").strip())}
        return ParsedDocument(blocks, self.format, title, doc_date, sheets, info)


def _open(data: bytes, name: str) -> Any:
    """The workbook, after the container checks; damage and zip bombs become German messages."""
    import openpyxl  # heavy: only when a workbook is read

    try:
        Container(data)
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ContainerBreach as exc:
        raise messages.corrupt(name, _KIND, f"ZIP-Container {exc}") from exc
    except IngestError:  # a parse limit (KB_MAX_UNPACKED_MB) with its own message
        raise
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise messages.corrupt(name, _KIND, exc) from exc
    except Exception as exc:  # openpyxl raises various errors for parts it cannot read
        raise messages.corrupt(name, _KIND, exc) from exc


def _sheet_blocks(sheet: Any, index: int) -> list[Block]:
    """The sheet's name as heading, then its tables (separated by empty rows) row by row."""
    rows = []
    if hasattr(sheet, "reset_dimensions"):  # read-only sheets trust <dimension>, which may be stale
        sheet.reset_dimensions()
    for count, row in enumerate(sheet.iter_rows(), 1):
        if count > MAX_ROWS:
            rows.append([f"(weitere Zeilen ab Zeile {count} nicht eingelesen)"])
            break
        rows.append([cell_text(c.value, getattr(c, "number_format", "General")) for c in row[:MAX_COLUMNS]])
    blocks = [Block(str(sheet.title), index, 1)]
    for group in split_on_blank_rows(rows):
        cells = [c for row in group for c in row if c]
        if len(group) == 1 and len(cells) == 1:  # a title line above a table
            blocks.append(Block(cells[0], index))
        else:
            blocks.extend(table_blocks(group, index))
    return blocks


def _first_text(blocks: list[Block]) -> str | None:
    """A title line of the first sheet ("Eingliederungsmittel 2026"), else the first sheet name."""
    for block in blocks[:5]:
        if not block.is_heading and SEPARATOR not in block.text and ":" not in block.text:
            return meaningful_title(block.text, "") or None
    return title_from_blocks(blocks)


register(XlsxParser())
