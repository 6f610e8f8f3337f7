"""Visual lines with their typography, as PDF pages and text files deliver them.

Bold and larger type are the most reliable heading signal a PDF offers, but only relative to
the document: in a document set entirely in bold, bold says nothing. `Typography` captures what
bold and size mean in one document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass
class Line:
    """One visual line. `raw` keeps the original spacing (list markers are followed by several
    spaces in GII PDFs); bold/size are 0/False when the source has no typography. `pos` is where
    a PDF line starts in PDF user space (x, y from the bottom); it tells which lines a table covers."""

    text: str
    page: int | None = None
    bold: bool = False
    size: float = 0.0
    raw: str = ""
    pos: tuple[float, float] | None = None

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass(frozen=True)
class Typography:
    """What bold and font size mean in this document: the body size and whether bold or larger
    type marks something (if everything is bold, bold says nothing)."""

    body_size: float = 0.0
    uses_bold: bool = False
    uses_size: bool = False

    @classmethod
    def of(cls, lines: list[Line]) -> Typography:
        sizes: Counter[float] = Counter()
        bold = total = 0
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
            total += len(line.text)
            bold += len(line.text) if line.bold else 0
        body = sizes.most_common(1)[0][0] if sizes else 0.0
        larger = body > 0 and any(s >= body * 1.15 and n for s, n in sizes.items())
        return cls(body, total > 0 and 0 < bold / total < 0.5, larger)

    @property
    def known(self) -> bool:
        return self.uses_bold or self.uses_size

    def prominent(self, line: Line) -> bool:
        return self.uses_size and line.size >= self.body_size * 1.15

    def emphasis(self, line: Line) -> bool | None:
        """True bold/large, False plain (in a document that marks headings), None unknown."""
        if not self.known:
            return None
        return (self.uses_bold and line.bold) or self.prominent(line)
