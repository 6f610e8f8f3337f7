"""PDF rendering with reportlab: letterhead, running header and footer, numbered headings.

Byte-identical output: reportlab runs in invariant mode, the PDF date is the document's date and
the embedded font (Bitstream Vera, shipped with reportlab) is subset deterministically.
"""

from __future__ import annotations

import io
import os
import re

import reportlab
from markup import Source, german_date
from profiles import Profile
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

rl_config.invariant = 1
rl_config.canvas_basefontname = "Vera"  # no unused, non-embedded Helvetica in the page resources

_FONT_DIR = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
FONT, FONT_BOLD, FONT_ITALIC = "Vera", "Vera-Bold", "Vera-Italic"
if FONT not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(TTFont(FONT, os.path.join(_FONT_DIR, "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, os.path.join(_FONT_DIR, "VeraBd.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, os.path.join(_FONT_DIR, "VeraIt.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD)

GREY = colors.HexColor("#555555")
ACCENT = colors.HexColor("#1f4e79")

S_BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5, alignment=TA_JUSTIFY,
                        spaceAfter=5)
S_BULLET = ParagraphStyle("bullet", parent=S_BODY, leftIndent=14, bulletIndent=3, spaceAfter=2.5,
                          bulletFontName=FONT,
                          alignment=TA_LEFT)
S_TITLE = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=14, leading=18, spaceBefore=4,
                         spaceAfter=8, textColor=colors.black)
S_H1 = ParagraphStyle("h1", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=9,
                      spaceAfter=4, keepWithNext=1)
S_H2 = ParagraphStyle("h2", fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=6,
                      spaceAfter=3, keepWithNext=1)
S_INFO = ParagraphStyle("info", fontName=FONT, fontSize=8.5, leading=11.5, textColor=GREY)
S_SIG = ParagraphStyle("sig", fontName=FONT, fontSize=9.5, leading=13.5, spaceBefore=4)
S_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=11)
S_CELL_HEAD = ParagraphStyle("cellhead", parent=S_CELL, fontName=FONT_BOLD)
S_LH_ORG = ParagraphStyle("lhorg", fontName=FONT_BOLD, fontSize=13, leading=16, textColor=ACCENT)
S_LH = ParagraphStyle("lh", fontName=FONT, fontSize=8.5, leading=11, textColor=GREY)
S_LH_RIGHT = ParagraphStyle("lhr", parent=S_LH, alignment=TA_RIGHT)

PAGE_W, PAGE_H = A4
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 25 * mm, 20 * mm, 27 * mm, 22 * mm


def _inline(text: str) -> str:
    """Escape XML and turn **bold** into <b> for reportlab paragraphs."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)


def _letterhead(src: Source, prof: Profile) -> list:
    left = [Paragraph(_inline(prof.org), S_LH_ORG), Paragraph(_inline(prof.subline), S_LH)]
    if prof.org != prof.unit:
        left.append(Paragraph(_inline(prof.unit), S_LH))
    right_lines = []
    if "sender" in src.extra:
        right_lines.append(src.extra["sender"])
    if src.dateline == "ort":
        right_lines.append(f"{prof.city}, {german_date(src.date)}")
    right = [Paragraph(_inline(x), S_LH_RIGHT) for x in right_lines]
    usable = PAGE_W - MARGIN_L - MARGIN_R
    t = Table([[left, right]], colWidths=[usable * 0.62, usable * 0.38])
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return [t, Spacer(1, 8)]


def _table(rows: list[list[str]]) -> Table:
    usable = PAGE_W - MARGIN_L - MARGIN_R
    ncol = len(rows[0])
    # width by longest cell text, bounded
    lens = [max(len(r[i]) for r in rows) for i in range(ncol)]
    total = sum(max(8, min(n, 60)) for n in lens)
    widths = [usable * max(8, min(n, 60)) / total for n in lens]
    data = [[Paragraph(_inline(c), S_CELL_HEAD) for c in rows[0]]]
    data += [[Paragraph(_inline(c), S_CELL) for c in r] for r in rows[1:]]
    t = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return t


def _story(src: Source, prof: Profile) -> list:
    story: list = _letterhead(src, prof)
    story.append(Paragraph(_inline(src.title), S_TITLE))
    info = [b for b in src.blocks if b.kind == "info"]
    info_lines = [src.dateline_text(prof.city)] if src.dateline != "ort" else []
    info_lines += [b.text for b in info]
    for line in info_lines:
        story.append(Paragraph(_inline(line), S_INFO))
    story.append(Spacer(1, 8))
    for b in src.blocks:
        if b.kind == "info":
            continue
        if b.kind == "h1":
            story.append(Paragraph(_inline(b.text), S_H1))
        elif b.kind == "h2":
            story.append(Paragraph(_inline(b.text), S_H2))
        elif b.kind == "p":
            story.append(Paragraph(_inline(b.text), S_BODY))
        elif b.kind == "sig":
            story.append(Paragraph(_inline(b.text), S_SIG))
        elif b.kind in ("ul", "ol"):
            marks = ["•"] * len(b.items) if b.kind == "ul" else [
                f"{n}." for n in range(1, len(b.items) + 1)]
            items = [Paragraph(_inline(i), S_BULLET, bulletText=m)
                     for i, m in zip(b.items, marks, strict=False)]
            story.extend(items)
            story.append(Spacer(1, 3))
        elif b.kind == "table":
            story.append(KeepTogether([_table(b.rows)]) if len(b.rows) <= 10 else _table(b.rows))
            story.append(Spacer(1, 6))
    # closing lines (place, signature) never stand alone on the last page
    n_sig = 0
    while n_sig < len(story) and getattr(story[-1 - n_sig], "style", None) is S_SIG:
        n_sig += 1
    if n_sig:
        tail = story[-(n_sig + 1):]
        del story[-(n_sig + 1):]
        story.append(KeepTogether(tail))
    return story


def _page_decorator(src: Source, prof: Profile, total: int | None):
    footer_left = src.extra.get("footer", f"{prof.unit} · Nur für den Dienstgebrauch")
    pdf_date = src.date.strftime("D:%Y%m%d090000+01'00'")

    def draw(canvas, doc):
        canvas.saveState()
        canvas.setDateFormatter(lambda *a: pdf_date)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        y_head = PAGE_H - 14 * mm
        canvas.drawString(MARGIN_L, y_head, src.header)
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_L, y_head - 2.2 * mm, PAGE_W - MARGIN_R, y_head - 2.2 * mm)
        y_foot = 12 * mm
        canvas.line(MARGIN_L, y_foot + 4 * mm, PAGE_W - MARGIN_R, y_foot + 4 * mm)
        canvas.drawString(MARGIN_L, y_foot, footer_left)
        page = canvas.getPageNumber()
        canvas.drawRightString(PAGE_W - MARGIN_R, y_foot, f"Seite {page} von {total or 0}")
        canvas.restoreState()

    return draw


def _build(src: Source, prof: Profile, total: int | None) -> tuple[bytes, int]:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_L,
        rightMargin=MARGIN_R,
        topMargin=MARGIN_T,
        bottomMargin=MARGIN_B,
        title=src.title,
        author=prof.unit,
        subject=f"{src.doc_type} – {src.header}",
        creator="Südwestoption Beispielkorpus (tools/make_corpus)",
        keywords=f"{src.district}, {src.doc_type}",
        invariant=1,
    )
    deco = _page_decorator(src, prof, total)
    doc.build(_story(src, prof), onFirstPage=deco, onLaterPages=deco)
    return buf.getvalue(), doc.page


def render_pdf(src: Source, prof: Profile) -> tuple[bytes, int]:
    """Two passes: the first counts pages so the footer can say 'Seite x von y'."""
    _, pages = _build(src, prof, None)
    data, pages2 = _build(src, prof, pages)
    assert pages == pages2
    return data, pages
