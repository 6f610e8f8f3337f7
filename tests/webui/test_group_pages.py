"""Pages and JSON of working groups and the contact directory over the real app: signed-in users
only, joining and leaving with CSRF, the group of an upload, contacts refused in German (private
mail, another district) with nothing stored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kb.access import SYSTEM
from tests.webui.logins import bearer, csrf_of, login
from webui.app import create_app

PASSWORD = "geheim-genug-123"
HTML = {"accept": "text/html"}
MINUTE = (b"---\ntitle: Sitzung AG Leistung M\xc3\xa4rz\ndoc_type: Protokoll\ndate: 2026-03-12\n---\n"
          b"# Sitzung\n\nDie AG Leistung beriet die Mietobergrenzen nach \xc2\xa7 22 SGB II.\n")


@pytest.fixture
def app(fake_kb):
    for name, district, role in (("kusel.leser", "Kusel", "leser"), ("kusel.redakteur", "Kusel", "redakteur"),
                                 ("saarlouis.redakteur", "Saarlouis", "redakteur")):
        fake_kb.accounts.add_user(SYSTEM, name, PASSWORD, district, role)
    return create_app(fake_kb)


def signed_in(app, name: str) -> TestClient:
    client = TestClient(app)
    assert login(client, name, PASSWORD).status_code == 303
    return client


def test_group_pages_need_a_login_even_with_anonymous_reading(app):
    client = TestClient(app)
    for path in ("/netzwerk/gruppen", "/netzwerk/gruppen/leistung", "/netzwerk/kontakte"):
        page = client.get(path, headers=HTML, follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/anmelden"), path
    for path in ("/api/groups", "/api/groups/leistung", "/api/contacts"):
        assert client.get(path).status_code == 401, path


def test_an_uploaded_minute_with_a_group_is_on_the_group_page(app, fake_kb):
    editor = TestClient(app, headers=bearer(fake_kb, "kusel.redakteur"))
    done = editor.post("/api/documents", files={"files": ("sitzung.md", MINUTE, "text/markdown")},
                       data={"visibility": "intern", "working_group": "leistung"})
    assert done.status_code == 200, done.text
    doc = done.json()["document_id"]
    reader = signed_in(app, "kusel.leser")
    page = reader.get("/netzwerk/gruppen/leistung", headers=HTML)
    assert page.status_code == 200 and f'href="/dokument/{doc}"' in page.text
    assert "Sitzung AG Leistung März" in page.text
    listed = {g["slug"]: g["minutes"] for g in reader.get("/api/groups").json()}
    assert listed == {"leistung": 1, "finanzen": 0, "it": 0}
    other = signed_in(app, "saarlouis.redakteur")  # intern of Kusel
    assert other.get("/api/groups/leistung").json()["minutes"] == []
    assert 'name="working_group"' in signed_in(app, "kusel.redakteur").get("/verwaltung", headers=HTML).text
    refused = editor.post("/api/documents", files={"files": ("b.md", MINUTE + b"x", "text/markdown")},
                          data={"working_group": "AG Leistung"})
    assert refused.status_code == 422 and "kein Kürzel" in refused.text


def test_joining_and_leaving_through_the_form(app):
    client = signed_in(app, "kusel.leser")
    page = client.get("/netzwerk/gruppen/finanzen", headers=HTML)
    assert "Gruppe beitreten" in page.text
    assert client.post("/netzwerk/gruppen/finanzen/beitreten", data={"csrf": "falsch"}).status_code == 403
    token = csrf_of(page.text)
    joined = client.post("/netzwerk/gruppen/finanzen/beitreten", data={"csrf": token})
    assert joined.status_code == 200 and "Gruppe verlassen" in joined.text and "jetzt Mitglied" in joined.text
    assert "(Kusel, seit" in joined.text
    assert client.get("/api/groups/finanzen").json()["members"][0]["login"] == "kusel.leser"
    refused = client.post("/netzwerk/gruppen/finanzen/beitreten", data={"csrf": token, "login": "kusel.redakteur"})
    assert refused.status_code == 403
    client.post("/netzwerk/gruppen/finanzen/austreten", data={"csrf": token})
    assert client.get("/api/groups/finanzen").json()["members"] == []
    assert client.get("/netzwerk/gruppen/gibt-es-nicht", headers=HTML).status_code == 404
    assert client.get("/api/groups/Nicht<gültig>").status_code == 422


def _entry(token: str, **change) -> dict[str, str]:
    return {"csrf": token, "district": "Kusel", "topic": "Bildung und Teilhabe", "name": "Team BuT",
            "email": "but@kreis-kusel.de", "phone": "06381 424-0", "working_group": "leistung", **change}


def test_contacts_private_mail_is_refused_and_only_the_own_district_is_editable(app, fake_kb):
    editor = signed_in(app, "kusel.redakteur")
    token = csrf_of(editor.get("/netzwerk/kontakte", headers=HTML).text)
    refused = editor.post("/netzwerk/kontakte", data=_entry(token, email="team.but@gmx.de"))
    assert refused.status_code == 422 and "Private E-Mail-Adressen (gmx.de)" in refused.text
    assert 'value="team.but@gmx.de"' in refused.text  # shown again for correction
    assert editor.get("/api/contacts").json()["contacts"] == []
    saved = editor.post("/netzwerk/kontakte", data=_entry(token), follow_redirects=False)
    assert saved.status_code == 303
    reader = signed_in(app, "kusel.leser")
    contacts = reader.get("/api/contacts").json()
    assert [(c["district"], c["email"], c["editable"]) for c in contacts["contacts"]] == [
        ("Kusel", "but@kreis-kusel.de", False)]
    assert 'id="formular"' not in reader.get("/netzwerk/kontakte", headers=HTML).text
    contact = contacts["contacts"][0]["id"]
    other = signed_in(app, "saarlouis.redakteur")
    other_token = csrf_of(other.get("/netzwerk/kontakte", headers=HTML).text)
    assert other.post(f"/netzwerk/kontakte/{contact}", data=_entry(other_token, name="Übernommen")).status_code == 403
    assert other.post(f"/netzwerk/kontakte/{contact}/loeschen", data={"csrf": other_token}).status_code == 403
    assert other.post("/netzwerk/kontakte", data=_entry(other_token)).status_code == 403  # Kusel is not theirs
    assert reader.get("/api/contacts").json()["contacts"][0]["name"] == "Team BuT"
    edit_page = editor.get(f"/netzwerk/kontakte?bearbeiten={contact}", headers=HTML).text
    assert f'action="/netzwerk/kontakte/{contact}"' in edit_page and 'value="Team BuT"' in edit_page
    assert editor.post(f"/netzwerk/kontakte/{contact}/loeschen", data={"csrf": token}).status_code == 200
    assert [e.action for e in fake_kb.audit.page(login="kusel.redakteur").entries[:2]] == ["contact_delete",
                                                                                          "contact_create"]
