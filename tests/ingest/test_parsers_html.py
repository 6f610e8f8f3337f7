"""HTML parser: the GII per-norm pages, hostile markup and declared charsets."""

from __future__ import annotations

import time

import pytest

from ingest.parsers.base import choose_parser
from ingest.parsers.html import HtmlParser


def parse(html: str | bytes, name: str = "seite.html"):
    data = html.encode("utf-8") if isinstance(html, str) else html
    return HtmlParser().parse(data, name)


@pytest.fixture(scope="module")
def norm_6a(corpus):
    path = corpus / "other/html-gii/sgb_2__6a.html"
    return HtmlParser().parse(path.read_bytes(), path.name)


def test_gii_page_gives_the_norm_heading_and_paragraphs(norm_6a):
    texts = [b.text for b in norm_6a.blocks]
    index = texts.index("§ 6a – Zugelassene kommunale Träger")
    assert norm_6a.blocks[index].level == 2
    assert norm_6a.blocks[index - 1].text.startswith("Sozialgesetzbuch (SGB) Zweites Buch (II)")
    assert norm_6a.blocks[index - 1].level == 1
    assert texts[index + 1].startswith("(1) Die Zulassungen der aufgrund der Kommunalträger-")
    assert "1. geeignet sind, die Aufgaben zu erfüllen," in texts  # <dt>/<dd> as one item
    assert any(t.startswith("Für die Antragsberechtigung gilt § 6 Absatz 3") for t in texts)
    assert texts.index("(7) Auf Antrag des kommunalen Trägers, der der Zustimmung der obersten "
                       "Landesbehörde bedarf, widerruft, beschränkt oder erweitert das "
                       "Bundesministerium für Arbeit und Soziales die Zulassung nach Absatz 1 "
                       "oder 2 durch Rechtsverordnung ohne Zustimmung des Bundesrates, wenn und "
                       "soweit die Zulassung aufgrund einer kommunalen Neugliederung nicht mehr "
                       "dem Gebiet des kommunalen Trägers entspricht. Absatz 2 Satz 1 Nummer 2 "
                       "bis 5 gilt bei Erweiterung der Zulassung entsprechend. Der Antrag nach "
                       "Satz 1 kann bis zum 1. Juli eines Kalenderjahres mit Wirkung zum 1. "
                       "Januar des folgenden Kalenderjahres gestellt werden.") > index


def test_gii_page_drops_navigation_and_keeps_metadata(norm_6a):
    text = norm_6a.text
    for chrome in ("Nichtamtliches Inhaltsverzeichnis", "Impressum", "zum Seitenanfang",
                   "Seite ausdrucken", "Datenschutz", "Barriere"):
        assert chrome not in text
    texts = {b.text for b in norm_6a.blocks}
    assert not texts & {"zurück", "weiter"}  # page navigation links
    assert norm_6a.title == "§ 6a SGB 2 - Einzelnorm"
    assert norm_6a.properties["jurabk"] == "SGB 2"
    assert norm_6a.properties["enbez"] == "§ 6a"
    assert "Träger" in text and "Ã" not in text  # declared iso-8859-1 decoded correctly


def test_second_gii_page(corpus):
    path = corpus / "other/html-gii/sgb_2__6b.html"
    doc = HtmlParser().parse(path.read_bytes(), path.name)
    headings = [(b.text, b.level) for b in doc.blocks if b.level]
    assert ("§ 6b – Rechtsstellung der zugelassenen kommunalen Träger", 2) in headings
    assert choose_parser(path.read_bytes(), "norm.txt").format == "html"  # content wins


HOSTILE = (
    "<!DOCTYPE html><html><head><title>Angriff</title><script>alert(1)</script>"
    "<style>body{background:url(javascript:alert(2))}</style></head>"
    '<body onload="alert(3)"><nav><a href="/">Startseite</a></nav>'
    '<h1 onclick="alert(4)">Mietobergrenzen <img src=x onerror="alert(5)"></h1>'
    "<p>Hallo <b>Welt<script>document.write('alert(6)')</script></b> und mehr</p>"
    '<p><a href="javascript:alert(7)">Link</a><iframe srcdoc="<script>alert(8)</script>">'
    "</iframe><svg><script>alert(9)</script></svg></p><noscript>alert(10)</noscript>"
    "<textarea><script>alert(11)</script></textarea><template><p>alert(12)</p></template>"
    '<div hidden>alert(13)</div><div style="display: none">alert(14)</div>'
    "<p>unclosed <b><i>tags <div></span></p></b>ende"
    + "<div>" * 5000 + "ganz tief" + "</div>" * 5000
    + "<p>danach</p></body></html>"
)  # fmt: skip


@pytest.mark.timeout(20)
def test_hostile_html_is_cleaned_without_crashing():
    started = time.monotonic()
    doc = parse(HOSTILE, "angriff.html")
    assert time.monotonic() - started < 10
    text = doc.text
    assert "alert" not in text and "<script" not in text and "javascript" not in text
    assert "Startseite" not in text
    texts = [b.text for b in doc.blocks]
    assert ("Mietobergrenzen", 1) in [(b.text, b.level) for b in doc.blocks]
    assert "Hallo Welt und mehr" in texts
    assert "ganz tief" in texts and "danach" in texts


def test_many_text_nodes_at_great_depth_stay_linear():
    html = "<html><body>" + "".join(f"<div>Zeile {i}" for i in range(4000)) + "</div>" * 4000
    started = time.monotonic()
    doc = parse(html + "</body></html>")
    assert time.monotonic() - started < 10
    assert len(doc.blocks) == 4000 and doc.blocks[-1].text == "Zeile 3999"


def test_declared_windows_1252_is_honoured():
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "<title>Übersicht Unterkunftskosten</title></head><body>"
        "<p>Größe für Familien – „Zitat“ kostet 5 €.</p></body></html>"
    )
    doc = parse(html.encode("cp1252"), "kdu.html")
    assert doc.title == "Übersicht Unterkunftskosten"
    assert doc.blocks[0].text == "Größe für Familien – „Zitat“ kostet 5 €."


def test_utf8_page_with_stale_latin1_declaration():
    html = (
        '<html><head><meta charset="iso-8859-1"></head>'
        "<body><p>Bürgergeld für Älteste</p></body></html>"
    )
    assert parse(html.encode("utf-8")).blocks[0].text == "Bürgergeld für Älteste"


def test_tables_lists_and_dates():
    html = """<!doctype html><html><head><title>Protokoll</title></head><body><main>
    <h2>Sitzung vom 3. Mai 2024</h2>
    <ul><li>erster Punkt</li><li>zweiter <em>Punkt</em></li></ul>
    <table><tr><th>Kreis</th><th>Ergebnis</th></tr>
           <tr><td>Kusel</td><td><p>angepasst</p></td></tr></table>
    </main><footer>Kontakt</footer></body></html>"""
    doc = parse(html, "protokoll.html")
    assert [b.text for b in doc.blocks] == [
        "Sitzung vom 3. Mai 2024", "erster Punkt", "zweiter Punkt", "Kreis | Ergebnis",
        "Kusel | angepasst",
    ]  # fmt: skip
    assert doc.blocks[0].level == 2
    assert str(doc.date) == "2024-05-03"


def test_html_sniff():
    parser = HtmlParser()
    assert parser.sniff(b"\xef\xbb\xbf\n  <!DOCTYPE HTML PUBLIC>")
    assert parser.sniff(b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>")
    assert not parser.sniff(b"Text mit <html> mittendrin")
