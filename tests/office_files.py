"""Office files built with the libraries themselves (openpyxl, python-pptx, odfpy, email), for the
parser and end-to-end tests of the formats of issue 18. Every text is invented."""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import datetime
from email.message import EmailMessage

MAIL_BODY = ("Sehr geehrte Damen und Herren,\n\nanbei erhalten Sie das Rundschreiben zur Anerkennung "
             "der Heizkostenpauschale im Kreis Kusel.\n\n> zitierte alte Nachricht\nMit freundlichen Grüßen")


def xlsx_bytes() -> bytes:
    """Two sheets: invented Eingliederungsmittel per district, and a short note sheet."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.properties.title = "Eingliederungsmittel 2026"
    workbook.properties.created = datetime(2026, 1, 15, 9, 30)
    sheet = workbook.active
    sheet.title = "Mittel 2026"
    sheet.append(["Eingliederungsmittel 2026 nach Kreisen (erfunden)"])
    sheet.append([])
    sheet.append(["Kreis", "Jahr", "Eingliederungsmittel", "Anteil"])
    for row, (district, amount, share) in enumerate(
            [("Kusel", 1234000, 0.125), ("Saarlouis", 2345678.5, 0.25)], start=4):
        sheet.append([district, 2026, amount, share])
        sheet.cell(row, 3).number_format = "#,##0.00 €" if row == 5 else "#,##0 €"
        sheet.cell(row, 4).number_format = "0.0%"
    notes = workbook.create_sheet("Hinweise")
    notes.append(["Die Zahlen sind erfunden und dienen nur dem Test."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pptx_bytes() -> bytes:
    """Three slides: bullets with notes, a table, and one without a title."""
    import pptx
    from pptx.util import Inches

    deck = pptx.Presentation()
    deck.core_properties.title = "Schulung Kosten der Unterkunft"
    deck.core_properties.created = datetime(2026, 2, 10, 8, 0)
    first = deck.slides.add_slide(deck.slide_layouts[1])
    first.shapes.title.text = "Angemessenheit der Unterkunft"
    first.placeholders[1].text = "Mietobergrenze nach schlüssigem Konzept\nHeizkosten gesondert prüfen"
    first.notes_slide.notes_text_frame.text = "Auf die Karenzzeit nach § 22 Abs. 1 SGB II hinweisen."
    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = "Fallzahlen"
    table = second.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(4), Inches(1.5)).table
    for r, row in enumerate([["Kreis", "Fälle"], ["Kusel", "412"], ["Vulkaneifel", "388"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    third = deck.slides.add_slide(deck.slide_layouts[6])  # blank: no title placeholder
    box = third.shapes.add_textbox(Inches(1), Inches(1), Inches(5), Inches(1))
    box.text_frame.text = "Fragen und Antworten zur Zahlbarmachung"
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _odf_table(rows: list[list[str]], name: str):
    from odf import table as odf_table
    from odf.text import P

    table = odf_table.Table(name=name)
    for cells in rows:
        row = odf_table.TableRow()
        table.addElement(row)
        for value in cells:
            cell = odf_table.TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
    return table


def odt_bytes() -> bytes:
    """A circular: title heading, numbered headings, paragraph with spans, a list and a table."""
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P, S, Span

    document = OpenDocumentText()
    from odf.dc import Title

    document.meta.addElement(Title(text="Rundschreiben 4/2026 Bildung und Teilhabe"))
    document.text.addElement(H(outlinelevel=1, text="Rundschreiben 4/2026"))
    document.text.addElement(P(text="Mainz-Bingen, 2. März 2026"))
    document.text.addElement(H(outlinelevel=2, text="1. Lernförderung"))
    paragraph = P(text="Die Lernförderung wird ")
    paragraph.addElement(Span(text="ohne"))
    paragraph.addElement(S(c=2))
    paragraph.addText("Vorabprüfung bewilligt.")
    document.text.addElement(paragraph)
    items = List()
    for text in ("Nachweis der Schule", "Kostenvoranschlag"):
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    document.text.addElement(items)
    document.text.addElement(H(outlinelevel=2, text="2. Beträge"))
    document.text.addElement(_odf_table([["Leistung", "Betrag"], ["Schulbedarf", "195 €"],
                                         ["Schülerbeförderung", "tatsächliche Kosten"]], "Beträge"))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def ods_bytes() -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet

    document = OpenDocumentSpreadsheet()
    document.spreadsheet.addElement(_odf_table([["Kreis", "Bedarfsgemeinschaften"], ["Kusel", "2.140"]], "BG 2026"))
    document.spreadsheet.addElement(_odf_table([["Stand: 31.01.2026"]], "Stand"))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def odp_bytes() -> bytes:
    from odf.draw import Frame, Page, TextBox
    from odf.namespaces import PRESENTATIONNS
    from odf.opendocument import OpenDocumentPresentation
    from odf.presentation import Notes
    from odf.style import MasterPage, PageLayout
    from odf.text import P

    document = OpenDocumentPresentation()
    layout = PageLayout(name="Layout")
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    document.masterstyles.addElement(master)
    for number, (title, body, note) in enumerate([("Einstiegsgeld", "Befristet bis zu 24 Monate", "Beispiel rechnen"),
                                                  ("Förderketten", "Vermittlungsbudget zuerst", "")], 1):
        page = Page(name=f"Folie{number}", masterpagename=master)
        for cls, text in (("title", title), ("outline", body)):
            frame = Frame(width="20cm", height="3cm", x="1cm", y=f"{number * 4}cm")
            frame.setAttrNS(PRESENTATIONNS, "class", cls)
            box = TextBox()
            box.addElement(P(text=text))
            frame.addElement(box)
            page.addElement(frame)
        if note:
            notes = Notes()
            frame = Frame(width="20cm", height="3cm", x="1cm", y="1cm")
            frame.setAttrNS(PRESENTATIONNS, "class", "notes")
            box = TextBox()
            box.addElement(P(text=note))
            frame.addElement(box)
            notes.addElement(frame)
            page.addElement(notes)
        document.presentation.addElement(page)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def eml_bytes(attachments: list[tuple[str, bytes]] | None = None, html: bool = False) -> bytes:
    """A circular sent by mail (invented addresses), with the given attachments."""
    message = EmailMessage()
    message["From"] = "Jobcenter Kusel <leistung@jobcenter-kusel.example>"
    message["To"] = "netzwerk@suedwestoption.example"
    message["Subject"] = "Rundschreiben Heizkostenpauschale 2026"
    message["Date"] = "Tue, 03 Mar 2026 10:15:00 +0100"
    if html:
        message.set_content("<html><body><h1>Heizkosten</h1><p>Die Pauschale gilt ab April.</p></body></html>",
                            subtype="html")
    else:
        message.set_content(MAIL_BODY)
    for name, data in attachments or []:
        maintype, subtype = ("application", "pdf") if name.endswith(".pdf") else ("text", "plain")
        if maintype == "text":
            message.add_attachment(data.decode("utf-8"), subtype=subtype, filename=name)
        else:
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def truncated(data: bytes) -> bytes:
    """The first half of a file: the ZIP's central directory is gone."""
    return data[: len(data) // 2]


def with_declared_size(data: bytes, member: str, size: int) -> bytes:
    """The same ZIP whose central directory claims `member` inflates to `size` bytes (a bomb's
    header; the data is unchanged)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(member)
    out = bytearray(data)
    start = archive.start_dir
    while True:
        found = out.find(b"PK\x01\x02", start)
        name_len = struct.unpack_from("<H", out, found + 28)[0]
        if out[found + 46: found + 46 + name_len].decode() == info.filename:
            struct.pack_into("<I", out, found + 24, size)
            return bytes(out)
        start = found + 4


def encrypted_xlsx(password: str = "geheim") -> bytes:
    """The workbook of `xlsx_bytes` protected with a password (Excel's "Mit Kennwort verschlüsseln")."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx_bytes())).encrypt(password, out)
    return out.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 780
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


BESCHEID_LINES = ["Merkblatt Heizkostenpauschale", "Die Pauschale für Warmwasser wird monatlich gezahlt.",
                  "Bei Ölheizung gilt die Bevorratung für zwölf Monate."]
