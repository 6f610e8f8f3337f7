"""Result lists and the Kreisvergleich as CSV files: the same passages as the page, German
headers, absolute addresses, no formula can run in the reader's spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import date

from kb.services.precedent import PrecedentGroup, PrecedentView
from kb.services.schemas import SearchHit, SearchResponse
from webui.csv_export import PRECEDENT_HEADERS, SEARCH_HEADERS, Verdict, download_name, precedent_csv, search_csv


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # spreadsheet programs read UTF-8 then
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_result_list_as_csv_is_the_page_s_ranking_with_its_filters(corpus_client):
    params = {"q": "Kosten der Unterkunft Umzug", "district": "Kusel"}
    api = corpus_client.get("/api/search", params={**params, "k": 100}).json()["results"]
    response = corpus_client.get("/treffer.csv", params=params)
    rows = rows_of(response)
    assert rows[0] == list(SEARCH_HEADERS) and len(rows) - 1 == len(api) > 0
    by_header = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["Adresse"] for r in by_header] == [f"http://testserver{h['url']}" for h in api]
    assert {r["Kreis"] for r in by_header} == {"Kusel"}
    assert [r["Rang"] for r in by_header] == [str(h["rank"]) for h in api]
    assert response.headers["content-disposition"] == 'attachment; filename="treffer-kosten-der-unterkunft-umzug.csv"'


def test_the_kreisvergleich_as_csv_has_every_district_and_says_kein_treffer(corpus_client):
    view = corpus_client.get("/api/precedent", params={"q": "Mietobergrenze Angemessenheit"}).json()
    rows = rows_of(corpus_client.get("/vergleich.csv", params={"q": "Mietobergrenze Angemessenheit"}))
    assert rows[0] == list(PRECEDENT_HEADERS)
    districts = [g["district"] for g in view["groups"]]
    assert [r[0] for r in rows[1:len(districts) + 1]] == districts
    for group, row in zip(view["groups"], rows[1:], strict=False):
        assert row[1] == ("Treffer" if group["hit"] else "kein Treffer")
        if group["hit"]:
            assert row[-1].endswith(group["hit"]["url"]) and row[3] == group["hit"]["title"]


def test_the_pages_link_their_export_with_the_same_question(corpus_client):
    page = corpus_client.get("/", params={"q": "Mietkaution", "district": "Kusel"}).text
    assert 'href="/treffer.csv?q=Mietkaution&amp;district=Kusel"' in page
    page = corpus_client.get("/vergleich", params={"q": "Mietkaution", "type": "Rundschreiben"}).text
    assert 'href="/vergleich.csv?q=Mietkaution&amp;type=Rundschreiben"' in page


def test_an_export_without_question_is_empty_or_a_german_422(corpus_client):
    assert rows_of(corpus_client.get("/treffer.csv")) == [list(SEARCH_HEADERS)]
    refused = corpus_client.get("/vergleich.csv", headers={"accept": "text/html"})
    assert refused.status_code == 422 and "Suchanfrage fehlt" in refused.text


def _hit(text: str, confidence: float, **fields) -> SearchHit:
    return SearchHit(rank=1, score=0.03, confidence=confidence, chunk_id=7, document_id=3, title="=HYPERLINK(\"x\")",
                     source="a.md", district="Kusel", doc_type="Rundschreiben", date=date(2026, 3, 1),
                     section=None, page=2, page_end=3, text=text, **fields)


def test_cells_never_start_a_formula_and_each_row_says_how_well_it_fits():
    verdict = Verdict(good=0.5, weak=0.2)
    response = SearchResponse(query="q", results=[_hit("-1 Monat\n  Sperre", 0.6), _hit("@SUM(A1)", 0.3),
                                                  _hit("+49 6381", 0.1, heading_path=["1. Grundsatz", "1.2 Umzug"])])
    rows = list(csv.reader(io.StringIO(search_csv(response, "https://kb.example/", verdict)), delimiter=";"))
    cells = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [c["Titel"] for c in cells] == ["'=HYPERLINK(\"x\")"] * 3
    assert [c["Textstelle"] for c in cells] == ["'-1 Monat Sperre", "'@SUM(A1)", "'+49 6381"]
    assert [c["Einschätzung"] for c in cells] == ["passend", "möglicherweise passend", "wahrscheinlich nicht passend"]
    assert [c["Sicherheit (%)"] for c in cells] == ["60", "30", "10"]
    assert cells[0]["Seite"] == "2–3" and cells[0]["Datum"] == "01.03.2026"
    assert cells[2]["Abschnitt"] == "1. Grundsatz › 1.2 Umzug"
    assert cells[0]["Adresse"] == "https://kb.example/dokument/3?chunk=7#abschnitt-7"


def test_the_network_row_is_marked_as_not_counted():
    view = PrecedentView(query="q", groups=[PrecedentGroup(district="Kusel", hit=_hit("Text", 0.7), documents=2),
                                            PrecedentGroup(district="Saarlouis")],
                         network=PrecedentGroup(district="Netzwerk", hit=_hit("Netz", 0.4), documents=1))
    rows = list(csv.reader(io.StringIO(precedent_csv(view, "http://h/", Verdict(0.5, 0.2))), delimiter=";"))
    assert [r[:3] for r in rows[1:]] == [["Kusel", "Treffer", "2"], ["Saarlouis", "kein Treffer", "0"],
                                         ["Netzwerk (kein Kreis, nicht mitgezählt)", "Treffer", "1"]]


def test_download_names_are_ascii():
    assert download_name("treffer", "Übernahme § 22 SGB II – Kaution?") == "treffer-uebernahme-22-sgb-ii-kaution.csv"
    assert download_name("kreisvergleich", "§§") == "kreisvergleich-suche.csv"
