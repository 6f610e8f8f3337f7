"""PDF pages → visual lines with typography, and removal of running headers and footers.

pypdf's text visitor reports every text run with its font, which costs nothing extra during
extraction and tells headings (bold, larger) from body text far more reliably than wording.
Headers like "Ein Service des Bundesministeriums der Justiz …" or "- Seite 3 von 68 -" repeat
on every page and would otherwise end up in the middle of paragraphs and in every search hit.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from ingest.parsers.textclean import clean_inline
from ingest.parsers.typography import Line

EDGE_LINES = 4  # how many lines at the top and bottom of a page may be running header/footer
_BOLD_NAMES = ("bold", "black", "heavy", "demi", "semibold", ",b")
_Run = tuple[str, bool, float, "tuple[float, float] | None"]  # text, bold, size, origin


def page_lines(page: Any, page_no: int) -> list[Line]:
    """The lines of one pypdf page, each with its dominant boldness and font size."""
    runs: list[_Run] = []
    fonts: dict[int, bool] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text:
            key = id(font)
            if key not in fonts:
                fonts[key] = _is_bold(font)
            runs.append((text, fonts[key], _effective_size(size, cm, tm), _origin(cm, tm)))

    page.extract_text(visitor_text=visit)
    return _split_lines(runs, page_no)


def strip_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop lines that recur at the same place at the top or bottom of most pages.

    Digits are masked before comparing, so "Seite 3 von 68" and "- 12 -" count as repeats. A
    line must recur on at least half the pages and on at least three (both pages of a two-page
    document), within the top (or bottom) lines each time; single pages are left alone. The
    exact position may vary: a page may carry an extra line such as "Anlage 1" in its header.
    """
    count = len(pages)
    if count < 2:
        return pages
    needed = 2 if count == 2 else max(3, math.ceil(count / 2))
    seen: Counter[tuple[int, str]] = Counter()
    for lines in pages:
        seen.update(set(_edge_keys(lines).values()))
    running = {key for key, n in seen.items() if n >= needed and key[1]}
    return [_without(lines, running) for lines in pages]


def _without(lines: list[Line], running: set[tuple[int, str]]) -> list[Line]:
    edge = _edge_keys(lines)
    return [ln for i, ln in enumerate(lines) if edge.get(i) not in running]


def _edge_keys(lines: list[Line]) -> dict[int, tuple[int, str]]:
    """Line index → (1 for the top zone, -1 for the bottom zone, masked text)."""
    filled = [i for i, ln in enumerate(lines) if not ln.blank]
    keys = {i: (-1, _mask(lines[i].text)) for i in filled[-EDGE_LINES:]}
    keys.update({i: (1, _mask(lines[i].text)) for i in filled[:EDGE_LINES]})
    return keys


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _split_lines(runs: list[_Run], page_no: int) -> list[Line]:
    lines: list[Line] = []
    parts: list[_Run] = []
    for text, bold, size, origin in runs:
        pieces = text.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                lines.append(_make_line(parts, page_no))
                parts = []
                origin = None  # later pieces of one run: their place is not known
            if piece:
                parts.append((piece, bold, size, origin))
    if parts:
        lines.append(_make_line(parts, page_no))
    return lines


def _make_line(parts: list[_Run], page_no: int) -> Line:
    """Join the runs of one line; boldness and size are those of most of its characters, its
    place that of its first visible run."""
    raw = "".join(p[0] for p in parts)
    weights: Counter[float] = Counter()
    bold = total = 0
    pos = next((p[3] for p in parts if p[0].strip()), None)
    for piece, is_bold, size, _ in parts:
        visible = sum(1 for c in piece if not c.isspace())
        weights[round(size, 1)] += visible
        total += visible
        bold += visible if is_bold else 0
    size = weights.most_common(1)[0][0] if total else 0.0
    return Line(clean_inline(raw), page_no, total > 0 and bold / total > 0.6, size, raw, pos)


def _is_bold(font: Any) -> bool:
    """Bold by font name ("…-Bold", "…,Bold", "Black") or by the descriptor's weight/flags."""
    try:
        name = str(font.get("/BaseFont", "")).lower() if font else ""
        if any(marker in name for marker in _BOLD_NAMES):
            return True
        descriptor = font.get("/FontDescriptor") if font else None
        descriptor = descriptor.get_object() if descriptor is not None else None
        if descriptor is None:
            return False
        weight = float(descriptor.get("/FontWeight", 0) or 0)
        return weight >= 600 or bool(int(descriptor.get("/Flags", 0) or 0) & (1 << 18))
    except Exception:  # a broken font dictionary only costs the typography hint
        return False


def _origin(cm: list[float], tm: list[float]) -> tuple[float, float] | None:
    """Where a text run starts on the page: the text matrix's origin through the CTM."""
    try:
        x, y = float(tm[4]), float(tm[5])
        return x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]
    except (TypeError, IndexError, ValueError):
        return None


def _effective_size(size: float, cm: list[float], tm: list[float]) -> float:
    """Font size after the text and transformation matrices (vertical scale)."""
    try:
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        return abs(float(size)) * math.hypot(c, d)
    except (TypeError, IndexError, ValueError):
        return float(size or 0.0)
