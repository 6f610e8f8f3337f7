"""The document page for the formats of issue 18 on the sample corpus: a mail lists its
attachment and the attachment links back; table rows are shown as an (escaped) HTML table."""

from __future__ import annotations

import re

from webui.table_text import TablePart, text_parts


def _document(client, query: str, source: str) -> dict:
    hits = client.get("/api/search", params={"q": query, "mode": "lexical"}).json()["results"]
    return next(h for h in hits if h["source"] == source)


def test_mail_page_lists_its_attachment_and_the_attachment_links_to_the_mail(corpus_client):
    mail = _document(corpus_client, "Bevorratung Heizöl Tank", "mail-2026-03-heizkostenpauschale.eml")
    pdf = _document(corpus_client, "Füllstand des Tanks Lieferant", "merkblatt-heizoel.pdf")
    mail_page = corpus_client.get(f"/dokument/{mail['document_id']}").text
    assert re.search(rf'<h2 id="anhaenge-titel">Anhänge</h2>\s*<ul><li><a href="/dokument/{pdf["document_id"]}">',
                     mail_page)
    pdf_page = corpus_client.get(f"/dokument/{pdf['document_id']}").text
    assert f'Anhang der E-Mail <a href="/dokument/{mail["document_id"]}">' in pdf_page
    assert pdf["district"] == mail["district"] == "Südwestpfalz"
    detail = corpus_client.get(f"/api/documents/{pdf['document_id']}").json()
    assert detail["mail"]["id"] == mail["document_id"] and detail["format"] == "pdf"


def test_spreadsheet_rows_are_a_table_on_the_document_page(corpus_client):
    hit = _document(corpus_client, "Eingliederungsmittel Kusel 2026", "tabelle-2026-eingliederungsmittel.xlsx")
    assert hit["page"] == 1 and "Kreis: Kusel | Jahr: 2026 | Eingliederungsmittel: 2.734.000 €" in hit["text"]
    page = corpus_client.get(f"/dokument/{hit['document_id']}").text
    assert '<th scope="col">Eingliederungsmittel</th>' in page
    assert "<tr><td>Kusel</td><td>2026</td><td>2.734.000 €</td><td>3.402.000 €</td><td>57 %</td></tr>" in page


def test_text_parts_keep_paragraphs_and_escape_nothing_themselves():
    parts = text_parts("Titelzeile\nKreis: Kusel | Jahr: 2026\nKreis: <b>x</b> | Betrag: 5 €\nkein | Schlüssel")
    assert parts[0] == "Titelzeile" and parts[-1] == "kein | Schlüssel"
    table = parts[1]
    assert isinstance(table, TablePart) and table.header == ["Kreis", "Jahr", "Betrag"]
    assert table.rows == [["Kusel", "2026", ""], ["<b>x</b>", "", "5 €"]]


def test_table_cells_are_escaped_on_the_page(fake_kb, tmp_path):
    from fastapi.testclient import TestClient

    from webui.app import create_app

    source = tmp_path / "tabelle.txt"
    source.write_text("Liste der Kreise\n\nKreis: <script>alert(1)</script> | Jahr: 2026\n", encoding="utf-8")
    outcome = fake_kb.ingesting.ingest([source]).files[0]
    page = TestClient(create_app(fake_kb)).get(f"/dokument/{outcome.document_id}").text
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in page and "<script>alert(1)" not in page
