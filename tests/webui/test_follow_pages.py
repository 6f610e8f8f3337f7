"""Following through the pages, without JavaScript: the button on a group page and on a norm
page is a CSRF form, "Neu für mich" lists what is new and then nothing, the way back stays on
this site."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.network_posts import add_answer, add_question
from tests.webui.logins import csrf_of, signed_in_reader
from webui.app import create_app

HTML = {"accept": "text/html"}
CIRCULAR = "# Rundschreiben Unterkunft\n\nDie Angemessenheit nach § 22 Abs. 1 SGB II wird jährlich geprüft.\n"


@pytest.fixture
def app(fake_kb, tmp_path):
    (tmp_path / "rs.md").write_text(CIRCULAR, encoding="utf-8")
    assert fake_kb.ingesting.ingest([tmp_path / "rs.md"]).count("failed") == 0
    return create_app(fake_kb)


@pytest.fixture
def client(fake_kb, app) -> TestClient:
    return signed_in_reader(fake_kb, app)


def _press(client, page_path: str, **expected) -> object:
    """Submit the follow form of a page as a browser without JavaScript would."""
    page = client.get(page_path, headers=HTML)
    assert page.status_code == 200 and 'action="/netzwerk/folgen"' in page.text
    for name, value in expected.items():
        assert f'name="{name}" value="{value}"' in page.text, (name, value)
    data = {**expected, "csrf": csrf_of(page.text), "back": page_path}
    return client.post("/netzwerk/folgen", data=data)


def test_following_a_group_and_a_norm_from_their_pages_fills_neu_fuer_mich(fake_kb, client):
    followed = _press(client, "/netzwerk/gruppen/leistung", kind="gruppe", target="leistung", follow="true")
    assert followed.status_code == 200 and "Nicht mehr folgen" in followed.text
    assert "Sie folgen jetzt AG Leistung." in followed.text  # the name, not the slug
    norm = _press(client, "/normen/SGB II § 22", kind="norm", target="SGB II § 22", follow="true")
    assert norm.status_code == 200 and "Nicht mehr folgen" in norm.text
    question = add_question(fake_kb, "Wie prüft ihr die Angemessenheit", "Saarlouis", "leistung")
    add_answer(fake_kb, question, "Mayen-Koblenz")
    add_question(fake_kb, "Intern in Saarlouis", "Saarlouis", "leistung", visibility="intern")
    news = client.get("/api/news").json()
    assert [(i["kind"], i["district"]) for i in news["items"]] == [("antwort", "Mayen-Koblenz"), ("frage", "Saarlouis")]
    assert {(f["kind"], f["target"]) for f in news["follows"]} == {("gruppe", "leistung"), ("norm", "SGB II § 22")}
    page = client.get("/netzwerk/neu", headers=HTML).text
    assert f'href="/netzwerk/fragen/{question}"' in page and "So handhabt es Mayen-Koblenz" in page
    assert "Intern in Saarlouis" not in page
    assert '<a href="/netzwerk/gruppen/leistung">AG Leistung</a>' in page  # the group's name in "Sie folgen"
    assert "Nichts Neues" in client.get("/netzwerk/neu", headers=HTML).text  # seen
    unfollowed = _press(client, "/netzwerk/neu", kind="gruppe", target="leistung", follow="false")
    assert unfollowed.status_code == 200 and "nicht mehr" in unfollowed.text
    assert [f["target"] for f in client.get("/api/news").json()["follows"]] == ["SGB II § 22"]


def test_follow_forms_refuse_bad_tokens_targets_and_foreign_ways_back(client):
    token = csrf_of(client.get("/netzwerk/neu", headers=HTML).text)
    base = {"csrf": token, "kind": "gruppe", "target": "leistung"}
    assert client.post("/netzwerk/folgen", data={**base, "csrf": "falsch"}).status_code == 403
    bad = client.post("/netzwerk/folgen", data={**base, "target": "wohnen"})
    assert bad.status_code == 422 and "Unbekannte Arbeitsgruppe" in bad.text
    for back in ("https://example.org/", "//example.org/", "/\\example.org"):
        gone = client.post("/netzwerk/folgen", data={**base, "back": back}, follow_redirects=False)
        assert gone.status_code == 303 and gone.headers["location"] == "/netzwerk/neu", back


def test_anonymous_readers_see_no_follow_button_and_cannot_follow(app):
    anonymous = TestClient(app)
    assert 'action="/netzwerk/folgen"' not in anonymous.get("/normen/SGB II § 22", headers=HTML).text
    assert anonymous.get("/api/news").status_code == 401
    refused = anonymous.post("/netzwerk/folgen", data={"csrf": "x", "kind": "norm", "target": "SGB II § 22"},
                             headers=HTML, follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/anmelden")
