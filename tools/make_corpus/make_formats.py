"""Sample files of the formats of issue 18 (ODT, PPTX, XLSX, e-mail with a PDF attachment).

Run from the repository root (after make_corpus.py, which does not know these files):

    .venv/bin/python tools/make_corpus/make_formats.py [--out DIR]

Everything is invented (figures, addresses, names by function only). Output is byte-identical
across runs: every ZIP member gets a fixed timestamp, the files' own metadata dates are the
document's date, the mail's MIME boundary is fixed and reportlab runs in invariant mode.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import zipfile
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
_STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?")

FIGURES = [  # Kreis, Eingliederungsmittel, Verwaltungskosten, gebunden (Anteil) – all invented
    ("Saarlouis", 9_412_000, 11_230_000, 0.62), ("St. Wendel", 3_981_000, 4_870_000, 0.58),
    ("Saarpfalz-Kreis", 6_207_500, 7_345_000, 0.66), ("Südwestpfalz", 3_104_000, 3_920_000, 0.55),
    ("Vulkaneifel", 2_088_000, 2_611_000, 0.49), ("Mayen-Koblenz", 8_530_250, 9_904_000, 0.64),
    ("Kusel", 2_734_000, 3_402_000, 0.57), ("Mainz-Bingen", 7_015_000, 8_250_000, 0.61),
]
SLIDES = [
    ("Kosten der Unterkunft – Grundlagen", ["Einarbeitung neuer Mitarbeitender, Modul 3"], ""),
    ("Angemessenheit prüfen", ["Mietobergrenze nach dem schlüssigen Konzept des Kreises",
                               "Heizkosten getrennt nach dem Heizspiegel prüfen"],
     "Karenzzeit: Im ersten Jahr werden die tatsächlichen Kosten der Unterkunft anerkannt."),
    ("Kostensenkungsaufforderung", ["Schriftlich, mit Angabe der angemessenen Miete",
                                    "Frist in der Regel sechs Monate"],
     "Auf Härtefälle achten: Alleinerziehende, Pflege von Angehörigen, Schulwechsel."),
]


def fixed_zip(data: bytes, when: datetime, first: str | None = None) -> bytes:
    """The archive with fixed member times and metadata dates (`first` stays first, stored)."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [(i.filename, source.read(i)) for i in source.infolist()]
    members.sort(key=lambda m: m[0] != first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in members:
            if name in ("docProps/core.xml", "meta.xml"):
                content = _STAMP.sub(stamp, content)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == first else zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def xlsx_figures() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.title = "Eingliederungsmittel und Verwaltungskosten 2026 (AG Finanzen)"
    book.properties.creator = "AG Finanzen Südwestoption"
    sheet = book.active
    sheet.title = "Mittel 2026"
    sheet.append(["Eingliederungsmittel und Verwaltungskosten 2026 – Zuteilung je Kreis (erfundene Zahlen)"])
    sheet.append([])
    sheet.append(["Kreis", "Jahr", "Eingliederungsmittel", "Verwaltungskosten", "gebunden"])
    for row, (district, egm, vwk, bound) in enumerate(FIGURES, start=4):
        sheet.append([district, 2026, egm, vwk, bound])
        for column, fmt in ((3, "#,##0 €"), (4, "#,##0 €"), (5, "0%")):
            sheet.cell(row, column).number_format = fmt
    notes = book.create_sheet("Erläuterungen")
    notes.append(["Gebunden: Anteil der Eingliederungsmittel, der durch Maßnahmen aus dem Vorjahr bereits belegt ist."])
    notes.append(["Umschichtungen zwischen Eingliederungsmitteln und Verwaltungskosten meldet jeder Kreis bis 30.09."])
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue(), datetime(2026, 2, 12, 9, 0), "[Content_Types].xml")


def pptx_training() -> bytes:
    import pptx

    deck = pptx.Presentation()
    deck.core_properties.title = "Schulung: Kosten der Unterkunft – Grundlagen"
    deck.core_properties.author = "Team Qualifizierung Vulkaneifel"
    for number, (title, bullets, notes) in enumerate(SLIDES):
        slide = deck.slides.add_slide(deck.slide_layouts[0 if number == 0 else 1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = "\n".join(bullets)
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    buffer = io.BytesIO()
    deck.save(buffer)
    return fixed_zip(buffer.getvalue(), datetime(2026, 1, 20, 8, 0), "[Content_Types].xml")


def odt_circular() -> bytes:
    from odf.dc import Title
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.meta.addElement(Title(text="Rundschreiben 2/2026 – Lernförderung ohne Vorabprüfung"))
    for level, text in [(1, "Rundschreiben 2/2026 – Lernförderung ohne Vorabprüfung"),
                        (0, "Mainz-Bingen, 14. April 2026"),
                        (2, "1. Anlass"),
                        (0, "Schulen melden den Bedarf an Lernförderung oft erst kurz vor Zeugnissen. "
                            "Damit die Förderung rechtzeitig beginnt, wird das Verfahren vereinfacht."),
                        (2, "2. Verfahren"),
                        (0, "Bestätigt die Schule den Förderbedarf, wird Lernförderung nach § 28 Abs. 5 SGB II "
                            "ohne weitere Vorabprüfung für bis zu sechs Monate bewilligt."),
                        (0, "Die Anbieter rechnen direkt mit dem Jobcenter ab; die Eltern erhalten eine Kopie.")]:
        document.text.addElement(H(outlinelevel=level, text=text) if level else P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return fixed_zip(buffer.getvalue(), datetime(2026, 4, 14, 10, 0), "mimetype")


def mail_with_attachment() -> bytes:
    message = EmailMessage()
    message["From"] = "Teamleitung Leistung Südwestpfalz <leistung@jobcenter-suedwestpfalz.example>"
    message["To"] = "netzwerk@suedwestoption.example"
    message["Subject"] = "Rundschreiben Heizkostenpauschale bei Ölheizung"
    message["Date"] = "Tue, 10 Mar 2026 09:30:00 +0100"
    message["Message-ID"] = "<rs-2026-03-heizoel@jobcenter-suedwestpfalz.example>"
    message.set_content("Liebe Kolleginnen und Kollegen,\n\nim Anhang finden Sie das Merkblatt zur "
                        "Bevorratung von Heizöl. Bei Ölheizungen wird der Bedarf für zwölf Monate auf einmal "
                        "anerkannt, wenn der Tank nachweislich leer ist.\n\nMit freundlichen Grüßen\n"
                        "Teamleitung Leistung")
    message.add_attachment(_merkblatt_pdf(), maintype="application", subtype="pdf",
                           filename="merkblatt-heizoel.pdf")
    message.set_boundary("==grenze-suedwestpfalz-2026==")
    return message.as_bytes()


def _merkblatt_pdf() -> bytes:
    from reportlab import rl_config
    from reportlab.pdfgen import canvas

    rl_config.invariant = 1
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.setTitle("Merkblatt Bevorratung von Heizöl")
    lines = ["Merkblatt Bevorratung von Heizöl", "",
             "Heizöl wird für zwölf Monate auf einmal als Bedarf anerkannt.",
             "Voraussetzung ist ein Nachweis über den Füllstand des Tanks.",
             "Der Lieferant kann direkt vom Jobcenter bezahlt werden."]
    for offset, line in enumerate(lines):
        pdf.drawString(72, 780 - 18 * offset, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


FILES = {  # path: (builder, title, district, type, date)
    "netzwerk/tabelle-2026-eingliederungsmittel.xlsx": (
        xlsx_figures, "Eingliederungsmittel und Verwaltungskosten 2026 (AG Finanzen)", "Südwestoption", "Sonstiges",
        "2026-02-12"),
    "vulkaneifel/schulung-2026-kdu-grundlagen.pptx": (
        pptx_training, "Schulung: Kosten der Unterkunft – Grundlagen", "Vulkaneifel", "Schulung", "2026-01-20"),
    "mainz-bingen/rs-2026-04-lernfoerderung.odt": (
        odt_circular, "Rundschreiben 2/2026 – Lernförderung ohne Vorabprüfung", "Mainz-Bingen", "Rundschreiben",
        "2026-04-14"),
    "suedwestpfalz/mail-2026-03-heizkostenpauschale.eml": (
        mail_with_attachment, "Rundschreiben Heizkostenpauschale bei Ölheizung", "Südwestpfalz", "Rundschreiben",
        "2026-03-10"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "corpus")
    args = parser.parse_args()
    for path, (build, title, district, doc_type, day) in FILES.items():
        target = args.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(build())
        meta = {"title": title, "district": district, "doc_type": doc_type, "date": day}
        target.with_name(target.name + ".meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{path} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
