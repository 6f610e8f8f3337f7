"""DOCX rendering with python-docx: real Heading 1/2/3 styles, header/footer, fixed properties.

The title is "Heading 1", numbered sections are "Heading 2", subsections "Heading 3". The zip is
rewritten with fixed member timestamps so the file is byte-identical across runs.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from markup import Source
from profiles import Profile


def _add_runs(par, text: str) -> None:
    for i, part in enumerate(re.split(r"\*\*", text)):
        if part:
            run = par.add_run(part)
            run.bold = i % 2 == 1


def _field(par, instr: str) -> None:
    """Insert a simple Word field (PAGE, NUMPAGES) with a placeholder result."""
    run = par.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = par.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    run._r.append(it)
    run = par.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    par.add_run("1")
    run = par.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Arial")
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
        st = doc.styles[name]
        st.font.name = "Arial"
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)


def render_docx(src: Source, prof: Profile) -> bytes:
    doc = Document()
    _styles(doc)
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin, sec.right_margin = Cm(2.5), Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.0)

    hp = sec.header.paragraphs[0]
    hp.text = src.header
    hp.runs[0].font.size = Pt(8)
    fp = sec.footer.paragraphs[0]
    fp.add_run(f"{prof.unit} · Nur für den Dienstgebrauch · Seite ").font.size = Pt(8)
    _field(fp, "PAGE")
    fp.add_run(" von ")
    _field(fp, "NUMPAGES")

    lh = doc.add_paragraph()
    r = lh.add_run(prof.org)
    r.bold = True
    r.font.size = Pt(13)
    r.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    lh.add_run("\n" + prof.subline).font.size = Pt(8.5)

    doc.add_heading(src.title, level=1)
    info = [src.dateline_text(prof.city)] + [b.text for b in src.blocks if b.kind == "info"]
    for line in info:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(line)
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    doc.add_paragraph()

    for b in src.blocks:
        if b.kind == "h1":
            doc.add_heading(b.text, level=2)
        elif b.kind == "h2":
            doc.add_heading(b.text, level=3)
        elif b.kind == "p":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _add_runs(p, b.text)
        elif b.kind == "sig":
            _add_runs(doc.add_paragraph(), b.text)
        elif b.kind == "ul":
            for item in b.items:
                _add_runs(doc.add_paragraph(style="List Bullet"), item)
        elif b.kind == "ol":
            for _n, item in enumerate(b.items, 1):
                _add_runs(doc.add_paragraph(style="List Number"), item)
        elif b.kind == "table":
            t = doc.add_table(rows=len(b.rows), cols=len(b.rows[0]))
            t.style = "Table Grid"
            for ri, row in enumerate(b.rows):
                for ci, cell in enumerate(row):
                    par = t.cell(ri, ci).paragraphs[0]
                    _add_runs(par, f"**{cell}**" if ri == 0 else cell)
                    for run in par.runs:
                        run.font.size = Pt(9)
            doc.add_paragraph()

    cp = doc.core_properties
    stamp = datetime(src.date.year, src.date.month, src.date.day, 9, 0, tzinfo=UTC)
    cp.title = src.title
    cp.author = prof.unit
    cp.last_modified_by = prof.unit
    cp.subject = src.doc_type
    cp.keywords = f"{src.district}; {src.doc_type}"
    cp.category = src.doc_type
    cp.comments = "Erfundenes Beispieldokument der Südwestoption (CC0)"
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp
    cp.revision = 1

    raw = io.BytesIO()
    doc.save(raw)
    return _normalise_zip(raw.getvalue(), (src.date.year, src.date.month, src.date.day, 9, 0, 0))


def _normalise_zip(data: bytes, date_time: tuple[int, ...]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()
