"""The network's pages as a browser without JavaScript uses them: lists, asking in two steps,
answering, "Hat geholfen", edit with history, withdraw, hide; and the questions listed on the
document and norm pages they cite."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kb.access import SYSTEM
from tests.webui.logins import csrf_of, login
from webui.app import create_app

PASSWORD = "geheim-passwort-1"
USERS = {"kusel": ("Kusel", "leser"), "myk": ("Mayen-Koblenz", "leser"), "chef": ("Südwestoption", "admin")}


@pytest.fixture
def app(fake_kb):
    for name, (district, role) in USERS.items():
        fake_kb.accounts.add_user(SYSTEM, name, PASSWORD, district, role)
    return create_app(fake_kb)


def client_of(app, name: str | None) -> TestClient:
    client = TestClient(app)
    if name:
        assert login(client, name, PASSWORD).status_code == 303
    return client


def principal(fake_kb, name: str):
    return fake_kb.accounts.principal(name)


def test_document_and_norm_pages_list_the_questions_citing_them(app, fake_kb, tmp_path) -> None:
    note = tmp_path / "rundschreiben.md"
    note.write_text("# Rundschreiben 4/2026\n\nSchulbedarf nach § 28 SGB II.\n", encoding="utf-8")
    doc_id = fake_kb.ingesting.ingest([note]).files[0].document_id
    qid = fake_kb.network.acting(principal(fake_kb, "kusel")).ask(
        "Schulbedarf im Sommer", "Wann zahlt ihr den Schulbedarf nach § 28 SGB II aus?", documents=[doc_id])
    reader = client_of(app, "myk")
    page = reader.get(f"/dokument/{doc_id}").text
    assert "Fragen im Netzwerk zu diesem Dokument" in page and f'href="/netzwerk/fragen/{qid}"' in page
    norm = reader.get("/normen/SGB II § 28").text
    assert "Fragen im Netzwerk zu dieser Norm" in norm and "Schulbedarf im Sommer" in norm
    assert "Fragen im Netzwerk" not in reader.get(f"/dokument/{doc_id + 1}").text


def ask_form(client, step: str, **fields):
    token = csrf_of(client.get("/netzwerk/fragen/neu").text)
    data = {"csrf": token, "title": "", "body": "", "norms": "", "documents": "", "visibility": "netzwerk",
            "step": step} | fields
    return client.post("/netzwerk/fragen/neu", data=data, follow_redirects=False)


def post_form(client, page: str, action: str, **fields):
    return client.post(action, data={"csrf": csrf_of(client.get(page).text)} | fields, follow_redirects=False)


def test_asking_in_two_steps_shows_similar_questions_and_client_data(app, fake_kb) -> None:
    known = fake_kb.network.acting(principal(fake_kb, "myk")).ask(
        "Softwareumstieg Fachverfahren", "Wie habt ihr den Softwareumstieg im Fachverfahren geplant?")
    kusel = client_of(app, "kusel")
    preview = ask_form(kusel, "vorschau", title="Softwareumstieg", body="Softwareumstieg: BG-Nr. 12345BG0012345?")
    assert preview.status_code == 200
    assert f'href="/netzwerk/fragen/{known}"' in preview.text and "Ähnliche Fragen im Netzwerk" in preview.text
    assert "Vermutlich Sozialdaten" in preview.text and "12345BG0012345" in preview.text
    refused = ask_form(kusel, "stellen", title="Softwareumstieg", body="Softwareumstieg: BG-Nr. 12345BG0012345?")
    assert refused.status_code == 400 and "nicht gespeichert" in refused.text
    assert "Softwareumstieg: BG-Nr." in refused.text  # the text is kept for correcting
    asked = ask_form(kusel, "stellen", title="Softwareumstieg bei uns", body="Wie lange lief bei euch die Migration?")
    assert asked.status_code == 303
    page = kusel.get(asked.headers["location"]).text
    assert "Softwareumstieg bei uns" in page and "Frage aus Kusel" in page
    assert "Softwareumstieg bei uns" in kusel.get("/netzwerk/fragen?offen=true").text


def test_answer_helpful_edit_history_withdraw_and_hide(app, fake_kb) -> None:
    qid = fake_kb.network.acting(principal(fake_kb, "kusel")).ask("Kaution", "Gewährt ihr Kautionen als Darlehen?")
    thread = f"/netzwerk/fragen/{qid}"
    myk = client_of(app, "myk")
    answered = post_form(myk, thread, f"{thread}/antworten", body="Ja, nach § 22 Abs. 6 SGB II als Darlehen.")
    assert answered.status_code == 303
    aid = int(answered.headers["location"].rsplit("-", 1)[1])
    page = myk.get(thread).text
    assert "So handhabt es Mayen-Koblenz" in page and "Hat geholfen" not in page
    assert post_form(myk, thread, f"/netzwerk/antwort/{aid}/hilfreich").status_code == 403
    kusel = client_of(app, "kusel")
    assert post_form(kusel, thread, f"/netzwerk/antwort/{aid}/hilfreich", value="1").status_code == 303
    assert 'class="tag helpful">Hat geholfen' in kusel.get(thread).text
    edit = f"/netzwerk/antwort/{aid}/bearbeiten"
    assert post_form(myk, edit, edit, body="Ja, als Darlehen mit Tilgung.", norms="§ 42a SGB II").status_code == 303
    history = kusel.get(edit).text
    assert "Verlauf" in history and "nach § 22 Abs. 6 SGB II als Darlehen" in history and 'name="body"' not in history
    assert post_form(kusel, edit, edit, body="Fremd").status_code == 403
    chef = client_of(app, "chef")
    assert post_form(chef, thread, f"/netzwerk/antwort/{aid}/verbergen", reason="").status_code == 400
    assert post_form(chef, thread, f"/netzwerk/antwort/{aid}/verbergen", reason="Doppelt").status_code == 303
    assert "Von der Verwaltung verborgen: Doppelt" in kusel.get(thread).text
    assert post_form(kusel, thread, f"/netzwerk/frage/{qid}/zurueckziehen").status_code == 303
    assert "Vom Verfasser zurückgezogen" in kusel.get(thread).text


def test_anonymous_csrf_and_intern_threads(app, fake_kb) -> None:
    anonymous = client_of(app, None)
    form = anonymous.get("/netzwerk/fragen/neu", headers={"accept": "text/html"}, follow_redirects=False)
    assert form.status_code == 303 and form.headers["location"].startswith("/anmelden")
    qid = fake_kb.network.acting(principal(fake_kb, "myk")).ask("Intern", "Nur für uns?", visibility="intern")
    assert client_of(app, "kusel").get(f"/netzwerk/fragen/{qid}").status_code == 404
    assert anonymous.get(f"/api/netzwerk/fragen/{qid}").status_code == 404
    myk = client_of(app, "myk")
    assert myk.get(f"/api/netzwerk/fragen/{qid}").json()["question"]["label"] == "Frage aus Mayen-Koblenz"
    no_token = myk.post(f"/netzwerk/fragen/{qid}/antworten", data={"body": "x", "csrf": "falsch"},
                       follow_redirects=False)
    assert no_token.status_code == 403
    assert myk.get("/netzwerk/fragen?kreis=Atlantis").status_code == 400
    assert 'aria-current="page">Netzwerk' in myk.get("/netzwerk/fragen").text
