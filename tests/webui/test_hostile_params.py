"""Hostile parameters never end in a 500: ids, years, dates and paging at and beyond every bound,
on every route that takes them, on SQLite and PostgreSQL (whose INTEGER ids are 32 bits).

Out of range is a 422 with a German message (JSON for the API, the error page for browsers);
the largest valid id is an ordinary 404 — proof that it reached the database without overflow.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kb.db.models import MAX_ID
from tests.webui.logins import bearer, csrf_of, login
from webui.app import create_app

HTML = {"accept": "text/html"}
BAD_IDS = [0, -1, MAX_ID + 1, 2**63 - 1, 2**63, 2**64, 10**30]
BAD_YEARS = [0, -1, 10000, 99999]
NOTE = "# Umzug\n\nEin Umzug ohne Zusicherung nach § 22 Abs. 4 SGB II wird gedeckelt.\n"


@pytest.fixture
def world(fake_kb, tmp_path):
    """(client signed in as admin, headers with the admin's API token, a document id)."""
    path = tmp_path / "umzug.md"
    path.write_text(NOTE, encoding="utf-8")
    fake_kb.ingesting.ingest([path])
    client = TestClient(create_app(fake_kb))
    assert login(client).status_code == 303
    return client, bearer(fake_kb), fake_kb.documents.list()[0].id


def _reads(doc: int, other: int) -> list[str]:
    return [f"/api/documents/{doc}", f"/api/documents/{doc}/similar", f"/dokument/{doc}", f"/dokument/{doc}/datei",
            f"/dokument/{doc}/aehnlich", f"/dokument/{doc}?chunk={other}", *_comparisons(doc, other)]


def _comparisons(doc: int, other: int) -> list[str]:
    return [f"/api/documents/{doc}/compare?with={other}", f"/dokument/{doc}/vergleich?mit={other}"]


def _writes(client: TestClient, auth: dict, doc: int, token: str) -> list:
    form = {"csrf": token}
    return [client.patch(f"/api/documents/{doc}", json={"title": "x"}, headers=auth),
            client.delete(f"/api/documents/{doc}", headers=auth),
            client.post(f"/verwaltung/loeschen/{doc}", data=form),
            client.post(f"/verwaltung/sichtbarkeit/{doc}", data={**form, "visibility": "intern"}),
            client.post(f"/verwaltung/metadaten/{doc}", data={**form, "title": "x", "doc_type": "Weisung"}),
            client.post("/rueckmeldung", data={**form, "query": "x", "chunk_id": doc, "helpful": "1"},
                        headers={"accept": "application/json"})]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_an_id_out_of_range_is_a_german_422_on_every_route(world, bad):
    client, auth, doc = world
    for url in [*_reads(bad, doc), *_comparisons(doc, bad), f"/dokument/{doc}?chunk={bad}"]:
        response = client.get(url, headers=auth)
        assert response.status_code == 422, (url, response.status_code)
        assert any(name in response.text for name in ("Dokument-ID", "Vergleichsdokument", "Abschnitts-ID")), url
    token = csrf_of(client.get("/verwaltung", headers=HTML).text)
    for response in _writes(client, auth, bad, token):
        assert response.status_code == 422, (response.request.url, response.text)
    for url in (f"/api/jobs/{bad}", f"/verwaltung/auftraege/{bad}"):
        response = client.get(url, headers=auth)
        assert response.status_code == 422 and "Auftrags-ID" in response.text, url
    page = client.get(f"/dokument/{bad}", headers=HTML)
    assert page.status_code == 422 and "Ungültige Eingabe – Dokument-ID" in page.text
    assert "Input should" not in page.text


def test_the_largest_id_reaches_the_database_and_is_not_found(world):
    client, auth, doc = world
    for url in [*_reads(MAX_ID, doc), *_comparisons(doc, MAX_ID)]:
        assert client.get(url, headers=auth).status_code == 404, url
    token = csrf_of(client.get("/verwaltung", headers=HTML).text)
    assert [r.status_code for r in _writes(client, auth, MAX_ID, token)] == [404] * 6
    assert client.get(f"/api/jobs/{MAX_ID}", headers=auth).status_code == 404


@pytest.mark.parametrize("year", BAD_YEARS)
def test_a_year_out_of_range_is_refused_on_the_api_and_the_search_page(world, year):
    client, _auth, _doc = world
    api = client.get("/api/search", params={"q": "Umzug", "year": year})
    assert api.status_code == 422
    assert api.json()["detail"][0]["msg"].startswith("Jahr ")
    page = client.get("/", params={"q": "Umzug", "year": year}, headers=HTML)
    assert page.status_code == 422 and "Ungültige Eingabe – Jahr" in page.text


@pytest.mark.parametrize("year", [1, 2025, 9999])
def test_years_at_the_bounds_are_searched(world, year):
    client, _auth, _doc = world
    assert client.get("/api/search", params={"q": "Umzug", "year": year, "facets": "true"}).status_code == 200
    assert client.get("/", params={"q": "Umzug", "year": year}, headers=HTML).status_code == 200


@pytest.mark.parametrize(("name", "value", "status"), [
    ("date_from", "0000-01-01", 422), ("date_from", "10000-01-01", 422), ("date_to", "2026-02-30", 422),
    ("as_of", "-0001-01-01", 422), ("date_from", "0001-01-01", 200), ("date_to", "9999-12-31", 200),
    ("as_of", "9999-12-31", 200), ("as_of", "0001-01-01", 200),
])
def test_dates_at_and_beyond_the_bounds(world, name, value, status):
    client, _auth, _doc = world
    assert client.get("/api/search", params={"q": "Umzug", name: value}).status_code == status
    assert client.get("/", params={"q": "Umzug", name: value}, headers=HTML).status_code == status


@pytest.mark.parametrize(("url", "status"), [
    ("/api/search?q=x&k=0", 422), ("/api/search?q=x&k=101", 422), ("/api/search?q=x&offset=-1", 422),
    (f"/api/search?q=x&offset={2**63}", 422), ("/?q=x&page=0", 422), (f"/?q=x&page={2**64}", 422),
    ("/api/feedback?limit=0", 422), (f"/api/feedback?offset={2**63}", 422), ("/api/feedback?offset=1000000", 200),
    ("/api/documents?limit=0", 422), ("/verwaltung/protokoll?page=0", 422),
    (f"/verwaltung/protokoll?page={10**20}", 422), ("/verwaltung/protokoll?since=99999-01-01", 422),
])
def test_paging_and_sizes_beyond_their_bounds(world, url, status):
    client, auth, _doc = world
    assert client.get(url, headers=auth).status_code == status


def test_validation_messages_are_german_in_json_and_html(world):
    client, _auth, _doc = world
    missing = client.post("/rueckmeldung", data={"query": "x", "chunk_id": "1", "helpful": "1"}).json()
    assert missing["detail"] == [{"loc": ["body", "csrf"], "msg": "Sicherheitstoken fehlt", "type": "missing"}]
    typed = client.get("/api/search", params={"q": "x", "k": "viele"}).json()["detail"][0]["msg"]
    assert typed == "Trefferzahl muss eine ganze Zahl sein"
    long = client.get("/api/search", params={"q": "x" * 1001}).json()["detail"][0]["msg"]
    assert long == "Suchanfrage ist zu lang (höchstens 1000 Zeichen)"
    choice = client.get("/api/search", params={"q": "x", "sort": "zufall"}).json()["detail"][0]["msg"]
    assert choice == "Sortierung hat ein ungültiges Format"
    page = client.post("/rueckmeldung", data={"query": "x", "chunk_id": "1", "helpful": "1"}, headers=HTML)
    assert page.status_code == 422 and "Ungültige Eingabe – Sicherheitstoken fehlt." in page.text
    assert "Field required" not in page.text


def test_unknown_routes_answer_browsers_with_a_page_and_programs_with_json(world):
    client, _auth, _doc = world
    page = client.get("/gibt-es-nicht", headers={"accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "<h1>Nicht gefunden</h1>" in page.text and "Diese Seite gibt es nicht" in page.text
    api = client.get("/api/gibt-es-nicht", headers=HTML)  # under /api/ always JSON
    assert api.status_code == 404
    assert api.json() == {"detail": "Diese Seite gibt es nicht. Bitte prüfen Sie die Adresse."}
    assert client.get("/gibt-es-nicht").json()["detail"].startswith("Diese Seite gibt es nicht")
    wrong_method = client.put("/api/search", headers=HTML)
    assert wrong_method.status_code == 405 and "nicht möglich" in wrong_method.json()["detail"]
    assert "Not Found" not in page.text


@pytest.mark.parametrize("ref", ["0", "²", str(MAX_ID + 1), str(2**63), "9" * 5000])
def test_a_reference_that_is_no_valid_id_finds_nothing(fake_kb, ref):
    """`kb delete` and 'ersetzt Dokument' take ids as text: too large or odd digits are no id."""
    assert fake_kb.ingesting.delete(ref) is None


def test_a_model_refusing_request_values_inside_a_route_is_a_422_and_a_bug_a_german_500(fake_kb):
    """Safety nets: pydantic refusing values a route passed on is the client's error (422, German);
    anything else unexpected is a German 500 without the exception's text (which goes to the log)."""
    from kb.services.schemas import SearchFilters

    app = create_app(fake_kb)

    @app.get("/api/probe/filters")
    def probe_filters(year: int):
        return SearchFilters(year=[year])

    @app.get("/api/probe/bug")
    def probe_bug():
        raise RuntimeError("secret internal detail")

    client = TestClient(app, raise_server_exceptions=False)
    refused = client.get("/api/probe/filters", params={"year": 99999})
    assert refused.status_code == 422 and refused.json()["detail"][0]["msg"] == "Jahr darf höchstens 9999 sein"
    bug = client.get("/api/probe/bug")
    assert bug.status_code == 500 and bug.json()["detail"].startswith("Ein interner Fehler ist aufgetreten")
    assert "secret" not in bug.text
    page = client.get("/api/probe/bug", headers={"accept": "text/html"})
    assert "secret" not in page.text


def _two_law_versions(kb, folder) -> None:
    for number, text in enumerate(("Die Bedarfe werden anerkannt.", "Die Bedarfe werden in Höhe der Aufwendungen "
                                                                    "anerkannt.")):
        path = folder / f"sgb2-{number}.md"
        path.write_text(f"---\ntitle: SGB II\ndoc_type: Gesetz\nnorm: SGB II\n---\n# § 22 Bedarfe\n\n{text}\n",
                        encoding="utf-8")
        assert kb.ingesting.ingest([path]).count("failed") == 0


@pytest.mark.parametrize("spec", ["²", "١", "0", "3", "99999999999999999999", "9999-99-99", "x" * 40])
def test_a_law_version_that_is_no_number_nor_day_is_a_german_422(fake_kb, tmp_path, spec):
    _two_law_versions(fake_kb, tmp_path)
    client = TestClient(create_app(fake_kb))
    assert client.get("/api/law-changes", params={"law": "SGB II"}).status_code == 200
    for params in ({"from": spec}, {"to": spec}):
        response = client.get("/api/law-changes", params={"law": "SGB II", **params})
        assert response.status_code == 422, (spec, response.text)
        assert "Fassung" in response.json()["detail"] or "Datum" in response.json()["detail"]
    page = client.get("/rechtsaenderungen/SGB II", params={"from": spec}, headers=HTML)
    assert page.status_code == 422
