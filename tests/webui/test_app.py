"""HTML pages and JSON API from the same service result; security of admin actions."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.webui.logins import bearer, csrf_of, login
from webui.app import create_app

KDU = """---
title: Rundschreiben 4/2025 – Kosten der Unterkunft
district: Kusel
doc_type: Rundschreiben
date: 2025-04-14
---
# 2. Umzug

Ein Umzug ohne Zusicherung nach § 22 Abs. 4 SGB II führt zur Deckelung der Unterkunftskosten.
"""


@pytest.fixture
def client(fake_kb, tmp_path):
    path = tmp_path / "kdu.md"
    path.write_text(KDU, encoding="utf-8")
    fake_kb.ingesting.ingest([path])
    return TestClient(create_app(fake_kb))



def test_api_and_html_show_the_same_result(client):
    api = client.get("/api/search", params={"q": "Umzug Zusicherung", "k": 5}).json()
    hit = api["results"][0]
    assert hit["title"] == "Rundschreiben 4/2025 – Kosten der Unterkunft"
    assert hit["district"] == "Kusel" and hit["date"] == "2025-04-14" and hit["section"] == "2. Umzug"
    page = client.get("/", params={"q": "Umzug Zusicherung"}, headers={"accept": "text/html"})
    assert page.status_code == 200
    assert hit["title"] in page.text and "14.04.2025" in page.text and "2. Umzug" in page.text
    if hit["highlights"]:  # the answer sentences are marked; else the query's words
        first = hit["highlights"][0]
        answer = " ".join(hit["text"][first["start"]:first["end"]].split())
        assert f'<mark class="answer">{answer}' in page.text.replace("&#34;", '"')
    else:
        assert "<mark>Umzug</mark>" in page.text
    assert f'/dokument/{hit["document_id"]}?chunk={hit["chunk_id"]}' in page.text


def test_a_corrected_typo_is_shown_with_a_way_back_to_the_words_as_typed(client):
    api = client.get("/api/search", params={"q": "Umzug ohne Zusicherng"}).json()
    assert api["query"] == "Umzug ohne Zusicherng"
    assert api["corrected_query"] == "Umzug ohne Zusicherung"
    as_typed = client.get("/api/search", params={"q": "Umzug ohne Zusicherng", "spellcheck": "false"}).json()
    assert as_typed["corrected_query"] is None
    page = client.get("/", params={"q": "Umzug ohne Zusicherng"}).text
    assert "Gesucht wurde nach „<strong>Umzug ohne Zusicherung</strong>“" in page
    assert "Treffer für „Umzug ohne Zusicherung“" in page
    assert 'href="/?q=Umzug+ohne+Zusicherng&amp;exact=1"' in page
    exact = client.get("/", params={"q": "Umzug ohne Zusicherng", "exact": "1"}).text
    assert "Gesucht wurde nach" not in exact and "Treffer für „Umzug ohne Zusicherng“" in exact


def test_the_typed_query_is_escaped_in_the_correction_notice(client):
    page = client.get("/", params={"q": "<b>Zusicherng</b>"}).text
    assert "Zusicherung" in page and "<b>Zusicherng</b>" not in page and "&lt;b&gt;" in page


def test_filters_in_api_and_validation(client):
    assert client.get("/api/search", params={"q": "Umzug", "district": "Saarlouis"}).json()["results"] == []
    assert client.get("/api/search", params={"q": "Umzug", "norm": "§22 sgb 2"}).json()["results"]
    assert client.get("/api/search", params={"q": ""}).status_code == 422
    assert client.get("/api/search", params={"q": "x", "date_from": "gestern"}).status_code == 422


def test_document_page_and_original(client):
    hit = client.get("/api/search", params={"q": "Umzug"}).json()["results"][0]
    page = client.get(f"/dokument/{hit['document_id']}", params={"chunk": hit["chunk_id"], "q": "Umzug"})
    assert page.status_code == 200 and f'id="abschnitt-{hit["chunk_id"]}"' in page.text
    assert 'class="chunk active"' in page.text
    original = client.get(f"/dokument/{hit['document_id']}/datei")
    assert original.status_code == 200 and "Zusicherung" in original.text
    assert client.get("/dokument/999999").status_code == 404


def test_output_is_escaped(client):
    page = client.get("/", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_openapi_is_published(client):
    spec = client.get("/openapi.json").json()
    assert "/api/search" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_the_docs_page_uses_only_local_assets_and_no_inline_script(client):
    import re

    page = client.get("/docs", headers={"accept": "text/html"}).text
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    assert re.findall(r"<script>", page) == [] and "style=" not in page
    bundle = client.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and "SwaggerUIBundle" in bundle.text[:2000]
    assert client.get("/static/api-docs.js").status_code == 200
    assert client.get("/redoc").status_code == 404


def test_admin_actions_need_login_and_csrf(client, fake_kb):
    token = csrf_of(client.get("/anmelden").text)
    files = {"files": ("neu.txt", "Mietkaution als Darlehen nach § 22 Abs. 6 SGB II.".encode(), "text/plain")}
    form = {"csrf": token, "visibility": "netzwerk"}
    assert client.post("/verwaltung/hochladen", data=form, files=files).status_code == 401
    assert login(client, "admin", "falsch").status_code == 401
    wrong_csrf = client.post("/anmelden", data={"login": "admin", "password": "test-passwort", "csrf": "x"})
    assert wrong_csrf.status_code == 403
    assert login(client).status_code == 303
    page = client.get("/verwaltung")
    assert page.status_code == 200 and "Dokumente hochladen" in page.text
    token = csrf_of(page.text)
    assert client.post("/verwaltung/hochladen", data={**form, "csrf": "falsch"}, files=files).status_code == 403
    queued = client.post("/verwaltung/hochladen", data={**form, "csrf": token, "district": "Vulkaneifel"},
                         files=files, follow_redirects=False)
    assert queued.status_code == 303 and queued.headers["location"].startswith("/verwaltung/auftraege/")
    assert fake_kb.job_runner.run_pending() == 1  # the app's worker is not started without its lifespan
    assert "<td>neu</td>" in client.get(queued.headers["location"]).text
    assert any(d.source == "neu.txt" and d.district == "Vulkaneifel" for d in fake_kb.documents.list())


def test_api_upload_and_delete_need_token(client, fake_kb):
    files = {"files": ("notiz.txt", "Erreichbarkeit nach § 7b SGB II.".encode(), "text/plain")}
    assert client.post("/api/documents", files=files).status_code == 401
    assert client.post("/api/documents", files=files, headers={"Authorization": "Bearer test-passwort"}
                       ).status_code == 401  # the bootstrap password is no API key
    auth = bearer(fake_kb)
    created = client.post("/api/documents", files=files, headers=auth).json()
    assert created["status"] == "added"
    bad = client.post("/api/documents", files={"files": ("x.pdf", b"%PDF-1.4 kaputt", "application/pdf")}, headers=auth)
    assert bad.status_code == 422 and bad.json()["detail"]
    assert client.delete(f"/api/documents/{created['document_id']}").status_code == 401
    assert client.delete(f"/api/documents/{created['document_id']}", headers=auth).status_code == 200


def test_the_api_upload_field_is_files_like_the_form_and_file_still_works(client, fake_kb):
    auth = bearer(fake_kb)
    note = ("notiz.txt", "Erreichbarkeit nach § 7b SGB II.".encode(), "text/plain")
    assert client.post("/api/documents", files={"files": note}, headers=auth).json()["status"] == "added"
    assert client.post("/api/documents", files={"file": note}, headers=auth).json()["status"] == "unchanged"
    missing = client.post("/api/documents", data={"district": "Kusel"}, headers=auth)
    assert missing.status_code == 422 and "files" in missing.json()["detail"]


def test_pages_name_their_icon_and_favicon_ico_leads_to_it(corpus_client):
    """Issue 16: no 404 for /favicon.ico; every page links the icon."""
    assert 'rel="icon" href="/static/favicon.svg"' in corpus_client.get("/").text
    icon = corpus_client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
