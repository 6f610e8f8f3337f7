"""Search page with facets, precedent view, browsing, norms, similar documents and suggestions:
every page and its JSON twin show the same service result."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

HTML = {"accept": "text/html"}
NORM = "SGB II § 22"
NORM_PATH = quote(NORM, safe="")


def checked_values(html: str, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" value="([^"]+)" checked', html))


def test_search_page_and_api_show_the_same_facets(corpus_client):
    params = {"q": "Heizkosten Nachzahlung", "district": "Kusel"}
    api = corpus_client.get("/api/search", params={**params, "facets": "true"}).json()
    page = corpus_client.get("/", params=params, headers=HTML).text
    assert {f["value"] for f in api["facets"]["district"]} > {"Kusel"}, "own facet ignores own filter"
    for value in api["facets"]["doc_type"]:
        assert f'value="{value["value"]}"' in page and f'({value["count"]}<span' in page
    assert checked_values(page, "district") == {"Kusel"}
    assert all(hit["district"] == "Kusel" for hit in api["results"])


def test_selected_values_stay_visible_with_count_zero(corpus_client):
    page = corpus_client.get("/", params={"q": "Heizkosten", "year": 1999}).text
    assert checked_values(page, "year") == {"1999"}
    assert "1999 <span class=\"count\">(0<span" in page
    assert "Keine Treffer" in page and "ohne Filter suchen" in page


def test_several_values_of_one_facet_are_alternatives(corpus_client):
    params = [("q", "Heizkosten"), ("district", "Kusel"), ("district", "Saarpfalz-Kreis"), ("k", "30")]
    hits = corpus_client.get("/api/search", params=params).json()["results"]
    assert {h["district"] for h in hits} == {"Kusel", "Saarpfalz-Kreis"}
    page = corpus_client.get("/", params=params[:3]).text
    assert checked_values(page, "district") == {"Kusel", "Saarpfalz-Kreis"}
    assert page.count('class="chip"') == 2


def test_norm_filter_in_any_spelling_is_shown_as_selected(corpus_client):
    page = corpus_client.get("/", params={"q": "Umzug", "norm": "§22 sgb 2"}).text
    assert checked_values(page, "norm") == {NORM}


def test_sort_by_date_and_paging_links_keep_the_state(corpus_client):
    params = {"q": "Leistungen", "type": "Protokoll", "sort": "date"}
    hits = corpus_client.get("/api/search", params={**params, "k": 20}).json()["results"]
    dates = [h["date"] for h in hits]
    assert dates == sorted(dates, reverse=True)
    page = corpus_client.get("/", params=params).text
    assert 'href="/?q=Leistungen&amp;type=Protokoll&amp;sort=date&amp;page=2"' in page
    assert 'aria-current="true">Datum</a>' in page


def test_result_cards_link_source_page_similar_and_norms(corpus_client):
    api = corpus_client.get("/api/search", params={"q": "Heizkostennachzahlung Schulden"}).json()
    page = corpus_client.get("/", params={"q": "Heizkostennachzahlung Schulden"}).text
    hit = next(h for h in api["results"] if h["page"])
    assert f'href="/dokument/{hit["document_id"]}/datei#page={hit["page"]}"' in page
    assert f'href="/dokument/{hit["document_id"]}/aehnlich"' in page
    assert re.search(r'href="/normen/SGB%20II%20%C2%A7%20\d+', page)
    assert "Hilfreich</button>" in page and "Nicht hilfreich</button>" in page
    if hit["highlights"]:
        assert '<mark class="answer">' in page and "&amp;hl=" in page


def test_dates_are_german(corpus_client):
    page = corpus_client.get("/neu").text
    assert re.search(r"\d\d\.\d\d\.20\d\d", page) and not re.search(r"20\d\d-\d\d-\d\d", page)


def test_precedent_view_one_best_passage_per_district(corpus_client):
    api = corpus_client.get("/api/precedent", params={"q": "Mietkaution als Darlehen"}).json()
    districts = [g["district"] for g in api["groups"]]
    assert len(districts) == len(set(districts)) == 8  # the network is no Kreis
    found = [g for g in api["groups"] if g["hit"]]
    assert len(found) >= 2 and all(g["hit"]["district"] == g["district"] for g in found)
    ranks = [g["hit"]["rank"] for g in found]
    assert ranks == sorted(ranks)
    page = corpus_client.get("/vergleich", params={"q": "Mietkaution als Darlehen"}).text
    assert page.count('class="district-card') == 8
    assert page.count("kein Treffer") == 8 - len(found)
    assert f"{len(found)} von 8 Kreisen" in page
    assert corpus_client.get("/api/precedent").status_code == 422


def test_precedent_view_corrects_typos_and_offers_the_words_as_typed(corpus_client):
    api = corpus_client.get("/api/precedent", params={"q": "Mietkautoin als Darlehen"}).json()
    assert api["query"] == "Mietkautoin als Darlehen"
    assert api["corrected_query"] == "Mietkaution als Darlehen"
    assert corpus_client.get("/api/precedent", params={"q": "Mietkautoin als Darlehen",
                                                        "spellcheck": "false"}).json()["corrected_query"] is None
    page = corpus_client.get("/vergleich", params={"q": "Mietkautoin als Darlehen", "type": "Rundschreiben"}).text
    assert "Gesucht wurde nach „<strong>Mietkaution als Darlehen</strong>“" in page
    assert 'href="/vergleich?q=Mietkautoin+als+Darlehen&amp;type=Rundschreiben&amp;exact=1"' in page
    exact = corpus_client.get("/vergleich", params={"q": "Mietkautoin als Darlehen", "exact": "1"}).text
    assert "Gesucht wurde nach" not in exact


def test_norm_index_and_norm_page(corpus_client):
    index = corpus_client.get("/api/norms").json()
    sgb2 = next(g for g in index["laws"] if g["law"] == "SGB II")
    entry = next(e for e in sgb2["norms"] if e["norm"] == NORM)
    assert entry["documents"] >= 3 and entry["has_text"]
    numbers = [int(re.search(r"§ (\d+)", e["norm"]).group(1)) for e in sgb2["norms"]]
    assert numbers == sorted(numbers), "§ 6 vor § 11"
    assert f'href="/normen/{NORM_PATH}"' in corpus_client.get("/normen").text

    norm = corpus_client.get(f"/api/norms/{NORM_PATH}").json()
    assert norm["law_text"][0]["passages"][0]["section"].startswith("§ 22")
    assert len(norm["citing"]) == entry["documents"]
    dates = [d["document"]["date"] for d in norm["citing"]]
    assert dates == sorted(dates, reverse=True)
    page = corpus_client.get(f"/normen/{NORM_PATH}").text
    assert "Bedarfe für Unterkunft und Heizung" in page and "Zitiert in" in page


def test_norm_lookup_form_and_unknown_norm(corpus_client):
    jump = corpus_client.get("/normen", params={"n": "§22 sgb 2"}, follow_redirects=False)
    assert jump.status_code == 303 and jump.headers["location"] == f"/normen/{NORM_PATH}"
    assert "keine erkennbare Norm" in corpus_client.get("/normen", params={"n": "Miete"}).text
    assert corpus_client.get("/normen/SGB%20II%20%C2%A7%20999", headers=HTML).status_code == 404
    assert corpus_client.get("/api/norms/sgb%202%2022").json()["norm"] == NORM


def test_browse_by_type_and_district_with_counts(corpus_client):
    data = corpus_client.get("/api/browse", params={"type": "Weisung"}).json()
    assert data["total"] == len(data["documents"]) > 0
    assert {d["doc_type"] for d in data["documents"]} == {"Weisung"}
    assert sum(f["count"] for f in data["by_district"]) == data["total"]
    assert {f["value"] for f in data["by_type"]} >= {"Weisung", "Rundschreiben", "Protokoll"}
    page = corpus_client.get("/dokumente", params={"type": "Weisung", "district": "Kusel"}).text
    assert 'aria-current="true"' in page and "Alle Dokumente zeigen" in page


def test_newest_documents(corpus_client):
    docs = corpus_client.get("/api/documents", params={"sort": "new", "limit": 5}).json()
    dates = [date.fromisoformat(d["date"]) for d in docs]
    assert len(docs) == 5 and dates == sorted(dates, reverse=True)
    assert corpus_client.get("/neu").text.count('class="hit-title"') == 20
    titles = [d["title"] for d in corpus_client.get("/api/documents", params={"sort": "title"}).json()]
    assert titles == sorted(titles)


def test_similar_documents(corpus_client):
    doc = corpus_client.get("/api/documents", params={"sort": "new", "limit": 1}).json()[0]
    similar = corpus_client.get(f"/api/documents/{doc['id']}/similar").json()
    ids = [s["document"]["id"] for s in similar["similar"]]
    assert 0 < len(ids) <= 5 and doc["id"] not in ids
    scores = [s["score"] for s in similar["similar"]]
    assert scores == sorted(scores, reverse=True)
    assert similar["similar"][0]["document"]["title"] in corpus_client.get(f"/dokument/{doc['id']}/aehnlich").text
    assert corpus_client.get("/api/documents/999999/similar").status_code == 404


def test_suggestions_for_terms_norms_and_titles(corpus_client):
    def of_kind(query, kind):
        items = corpus_client.get("/api/suggest", params={"q": query}).json()["items"]
        return [i for i in items if i["kind"] == kind]

    assert of_kind("§22 sgb 2", "norm")[0]["norm"] == NORM
    titles = of_kind("mietkaution", "document")
    assert titles and all("Mietkaution" in i["label"] for i in titles)
    kdu = of_kind("KdU", "term")
    assert kdu[0]["label"] == "Kosten der Unterkunft und Heizung" and kdu[0]["norm"] == "SGB II § 22"
    assert corpus_client.get("/api/suggest", params={"q": "a"}).json()["items"] == []
    assert corpus_client.get("/api/suggest", params={"q": "%_%"}).json()["items"] == []


def test_suggestions_offer_the_query_with_finished_words_corrected(corpus_client):
    def first(query):
        items = corpus_client.get("/api/suggest", params={"q": query}).json()["items"]
        return items[0] if items else None

    assert first("Mietkautoin ") == {"kind": "correction", "label": "Mietkaution", "norm": None,
                                     "document_id": None, "district": None, "doc_type": None, "date": None}
    assert first("Mietkautoin als Darl")["label"] == "Mietkaution als Darl"  # the word being typed stays
    assert (first("Mietkautoin") or {}).get("kind") != "correction"  # not finished yet
    assert (first("Mietkaution ") or {}).get("kind") != "correction"


def test_document_page_marks_answer_and_links_norms(corpus_client):
    hit = corpus_client.get("/api/search", params={"q": "Umzug Zusicherung Kaution"}).json()["results"][0]
    url = f"/dokument/{hit['document_id']}"
    page = corpus_client.get(url, params={"chunk": hit["chunk_id"], "hl": "0-25,oops"}).text
    assert 'class="chunk active"' in page and "Gefundene Textstelle" in page
    assert page.count('<mark class="answer">') >= 1
    assert re.search(r'href="/normen/[^"]+"', page)
    assert corpus_client.get(url, params={"hl": "x" * 300}).status_code == 422
    download = corpus_client.get(f"{url}/datei", params={"download": 1})
    assert download.headers["content-disposition"].startswith("attachment")


def test_user_input_is_escaped_everywhere(corpus_client):
    evil = '<script>alert(1)</script>"><img src=x>'
    for path, params in (("/", {"q": evil}), ("/vergleich", {"q": evil}), ("/normen", {"n": evil}),
                         ("/", {"q": "Umzug", "district": evil})):
        page = corpus_client.get(path, params=params, headers=HTML).text
        assert "<script>alert(1)" not in page and "<img src=x>" not in page, path
    page = corpus_client.get(f"/normen/{quote(evil, safe='')}", headers=HTML)
    assert page.status_code == 404 and "<script>alert(1)" not in page.text


def test_static_assets_are_local_and_scripts_not_inline(corpus_client):
    page = corpus_client.get("/", params={"q": "Umzug"}).text
    assert not re.search(r'(src|href)="(https?:)?//', page), "keine externen Quellen"
    assert "<script>" not in page and " onclick=" not in page
    js = corpus_client.get("/static/app.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
