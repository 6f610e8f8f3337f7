"""Feedback: CSRF, validation, rate limit, redirect back, admin list, export for `kb eval`."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kb.services.evaluation import load_questions
from kb.services.feedback import FeedbackIn
from tests.webui.logins import bearer, csrf_of, login
from webui.app import create_app


@pytest.fixture
def client(fake_kb, tmp_path):
    path = tmp_path / "kaution.md"
    path.write_text("---\ntitle: Weisung Mietkaution\ndistrict: Kusel\ndoc_type: Weisung\n---\n"
                    "# 3. Mietkaution\n\nDie Mietkaution wird als Darlehen nach § 22 Abs. 6 SGB II "
                    "erbracht.\n", encoding="utf-8")
    fake_kb.ingesting.ingest([path])
    return TestClient(create_app(fake_kb))


def first_hit(client) -> dict:
    return client.get("/api/search", params={"q": "Mietkaution"}).json()["results"][0]


def form(client, chunk_id: int, **extra) -> dict:
    token = csrf_of(client.get("/", params={"q": "Mietkaution"}).text)
    return {"csrf": token, "query": "Mietkaution Darlehen", "chunk_id": chunk_id, "helpful": "1",
            "mode": "search", "back": "/?q=Mietkaution", **extra}


def test_feedback_needs_csrf(client, fake_kb):
    data = form(client, first_hit(client)["chunk_id"])
    assert client.post("/rueckmeldung", data={**data, "csrf": "falsch"}).status_code == 403
    assert fake_kb.feedback.list().total == 0


def test_feedback_redirects_back_with_thanks_next_to_the_result(client, fake_kb):
    hit = first_hit(client)
    response = client.post("/rueckmeldung", data=form(client, hit["chunk_id"]), follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/?q=Mietkaution#treffer-{hit['chunk_id']}"
    page = client.get("/?q=Mietkaution").text
    assert "Danke! Ihre Rückmeldung ist gespeichert." in page
    assert "Danke!" not in client.get("/?q=Mietkaution").text, "nur einmal"
    entry = fake_kb.feedback.list().entries[0]
    assert (entry.query, entry.helpful, entry.section, entry.document_source) == (
        "Mietkaution Darlehen", True, "3. Mietkaution", "kaution.md")


def test_feedback_answers_json_for_scripts(client):
    hit = first_hit(client)
    answer = client.post("/rueckmeldung", data=form(client, hit["chunk_id"], helpful="0"),
                         headers={"accept": "application/json"})
    assert answer.status_code == 200 and answer.json()["ok"] is True


@pytest.mark.parametrize("change, status", [
    ({"chunk_id": 999999}, 404),
    ({"helpful": "ja"}, 422),
    ({"query": "x" * 1001}, 422),
    ({"query": ""}, 422),
    ({"mode": "anders"}, 422),
])
def test_feedback_is_validated(client, fake_kb, change, status):
    data = {**form(client, first_hit(client)["chunk_id"]), **change}
    assert client.post("/rueckmeldung", data=data, headers={"accept": "application/json"}).status_code == status
    assert fake_kb.feedback.list().total == 0


@pytest.mark.parametrize("back", ["//evil.example/x", "https://evil.example/", "\\\\evil", "javascript:alert(1)"])
def test_feedback_never_redirects_off_site(client, back):
    hit = first_hit(client)
    response = client.post("/rueckmeldung", data=form(client, hit["chunk_id"], back=back),
                           follow_redirects=False)
    assert response.headers["location"] == f"/#treffer-{hit['chunk_id']}"


def test_feedback_is_rate_limited(client):
    data = form(client, first_hit(client)["chunk_id"])
    codes = [client.post("/rueckmeldung", data=data, headers={"accept": "application/json"}).status_code
             for _ in range(31)]
    assert codes[:30] == [200] * 30 and codes[30] == 429


def test_admin_list_needs_login_and_escapes(client, fake_kb):
    hit = first_hit(client)
    fake_kb.feedback.add(FeedbackIn(query="<b>Kaution</b>", chunk_id=hit["chunk_id"], helpful=True))
    asked = client.get("/verwaltung/rueckmeldungen", headers={"accept": "text/html"}, follow_redirects=False)
    assert asked.status_code == 303 and asked.headers["location"].startswith("/anmelden?next=")
    assert client.get("/verwaltung/rueckmeldungen").status_code == 401
    login(client)
    page = client.get("/verwaltung/rueckmeldungen").text
    assert "&lt;b&gt;Kaution&lt;/b&gt;" in page and "<b>Kaution</b>" not in page
    assert "Weisung Mietkaution" in page and "hilfreich" in page
    assert client.get("/verwaltung/rueckmeldungen/fragen.jsonl").text.startswith('{"q":"<b>Kaution</b>"')


def test_api_feedback_needs_token(client, fake_kb):
    fake_kb.feedback.add(FeedbackIn(query="Kaution", chunk_id=first_hit(client)["chunk_id"], helpful=False))
    assert client.get("/api/feedback").status_code == 401
    auth = bearer(fake_kb)
    data = client.get("/api/feedback", headers=auth).json()
    assert (data["total"], data["not_helpful"]) == (1, 1)
    assert client.get("/api/feedback/questions").status_code == 401
    assert client.get("/api/feedback/questions", headers=auth).text == ""


def test_export_keeps_net_helpful_questions_in_eval_format(client, fake_kb, tmp_path):
    chunk = first_hit(client)["chunk_id"]
    for query, helpful in (("Kaution Darlehen", True), ("Kaution Darlehen", True),
                           ("Kaution Darlehen", False), ("Wohngeld", True), ("Wohngeld", False)):
        fake_kb.feedback.add(FeedbackIn(query=query, chunk_id=chunk, helpful=helpful))
    path = tmp_path / "fragen.jsonl"
    path.write_text(client.get("/api/feedback/questions", headers=bearer(fake_kb)).text, encoding="utf-8")
    questions = load_questions(path)
    assert [(q.q, q.source, q.section) for q in questions] == [("Kaution Darlehen", "kaution.md", "3. Mietkaution")]


def test_feedback_survives_deleting_the_document(client, fake_kb):
    hit = first_hit(client)
    fake_kb.feedback.add(FeedbackIn(query="Kaution", chunk_id=hit["chunk_id"], helpful=True))
    fake_kb.ingesting.delete(str(hit["document_id"]))
    entry = fake_kb.feedback.list().entries[0]
    assert entry.chunk_id is None and entry.document_id is None and entry.document_source == "kaution.md"
    assert [q.source for q in fake_kb.feedback.questions()] == ["kaution.md"]


def test_cli_export_writes_eval_questions(fake_kb, settings, tmp_path, monkeypatch):
    """`kb feedback export` (CLI of this feature; lives here with its web counterpart)."""
    from typer.testing import CliRunner

    from kb_cli.main import app

    path = tmp_path / "kaution.md"
    path.write_text("# Kaution\n\nMietkaution als Darlehen.\n", encoding="utf-8")
    fake_kb.ingesting.ingest([path])
    hit = TestClient(create_app(fake_kb)).get("/api/search", params={"q": "Mietkaution"}).json()["results"][0]
    fake_kb.feedback.add(FeedbackIn(query="Mietkaution", chunk_id=hit["chunk_id"], helpful=True))
    monkeypatch.setenv("KB_DATA_DIR", str(settings.storage.data_dir))
    monkeypatch.setenv("KB_EMBEDDER", "fake")
    if settings.storage.database_url:
        monkeypatch.setenv("KB_DATABASE_URL", settings.storage.database_url)
    out = tmp_path / "export.jsonl"
    result = CliRunner().invoke(app, ["feedback", "export", str(out)])
    assert result.exit_code == 0, result.output
    assert load_questions(out)[0].source == "kaution.md"
    listed = CliRunner().invoke(app, ["feedback", "list", "--json"])
    assert '"total": 1' in listed.output
