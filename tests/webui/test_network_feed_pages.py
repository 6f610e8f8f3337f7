"""The network feeds over the real app, without JavaScript: a feed address made and revoked on
"Neu für mich" with CSRF forms (shown once), the feeds as Atom with absolute thread links, bad
tokens as a bare 404, the links on the group page, the district's question list and the nav."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from tests.network_posts import add_answer, add_question
from tests.webui.logins import csrf_of, signed_in_reader
from webui.app import create_app

HTML = {"accept": "text/html"}
ATOM = "{http://www.w3.org/2005/Atom}"
FEED_URL = re.compile(r'<code class="feed-url">(http://testserver/feeds/ich/(kbf_[A-Za-z0-9_-]+)\.atom)</code>')


@pytest.fixture
def app(fake_kb):
    return create_app(fake_kb)


@pytest.fixture
def client(fake_kb, app) -> TestClient:
    return signed_in_reader(fake_kb, app)


def _entries(response) -> list[tuple[str, str]]:
    """(title, link) of each entry of a valid Atom document."""
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    root = etree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed" and root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated")
    return [(e.findtext(f"{ATOM}title"), e.find(f"{ATOM}link").get("href")) for e in root.findall(f"{ATOM}entry")]


def _make_feed(client) -> tuple[str, str]:
    page = client.get("/netzwerk/neu", headers=HTML)
    assert page.text.index("</title>") < page.text.index('action="/netzwerk/neu/feed"')
    made = client.post("/netzwerk/neu/feed", data={"csrf": csrf_of(page.text)})
    assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
    url, token = FEED_URL.search(made.text).groups()
    return url, token


def test_a_feed_address_is_made_shown_once_read_without_login_and_revoked(fake_kb, client, app):
    client.post("/netzwerk/folgen", data={"csrf": csrf_of(client.get("/netzwerk/neu", headers=HTML).text),
                                          "kind": "gruppe", "target": "leistung"})
    question = add_question(fake_kb, "Wie rechnet ihr BuT ab", "Saarlouis", "leistung")
    answer = add_answer(fake_kb, question, "Mayen-Koblenz")
    add_question(fake_kb, "Intern Saarlouis", "Saarlouis", "leistung", visibility="intern")
    url, token = _make_feed(client)
    later = client.get("/netzwerk/neu", headers=HTML).text
    assert token not in later and "Feed-Schlüssel vom" in later  # listed, never shown again
    reader = TestClient(app)  # a feed reader: no session, the address only
    thread = f"http://testserver/netzwerk/fragen/{question}"
    assert _entries(reader.get(url)) == [("Antwort aus Mayen-Koblenz: Wie rechnet ihr BuT ab",
                                          f"{thread}#antwort-{answer}"),
                                         ("Frage aus Saarlouis: Wie rechnet ihr BuT ab", thread)]
    token_id = re.search(r'action="/netzwerk/neu/feed/(\d+)/widerrufen"', later).group(1)
    assert client.post(f"/netzwerk/neu/feed/{token_id}/widerrufen", data={"csrf": "falsch"}).status_code == 403
    assert reader.get(url).status_code == 200
    revoked = client.post(f"/netzwerk/neu/feed/{token_id}/widerrufen", data={"csrf": csrf_of(later)})
    assert revoked.status_code == 200 and "widerrufen" in revoked.text and "Feed-Schlüssel vom" not in revoked.text
    gone, wrong = reader.get(url), reader.get("/feeds/ich/kbf_falsch.atom")
    assert gone.status_code == wrong.status_code == 404 and gone.text == wrong.text
    assert client.post(f"/netzwerk/neu/feed/{token_id}/widerrufen", data={"csrf": csrf_of(later)}).status_code == 404


def test_making_a_feed_needs_a_login_and_a_csrf_token(app, client):
    assert TestClient(app).post("/netzwerk/neu/feed", data={"csrf": "x"}).status_code == 401
    assert client.post("/netzwerk/neu/feed", data={"csrf": "falsch"}).status_code == 403
    assert "Feed-Schlüssel vom" not in client.get("/netzwerk/neu", headers=HTML).text


def test_district_and_group_feeds_list_network_threads_and_are_linked(fake_kb, client):
    question = add_question(fake_kb, "Software-Umstieg", "Saarlouis", "it")
    add_question(fake_kb, "Intern Saarlouis", "Saarlouis", "it", visibility="intern")
    thread = f"http://testserver/netzwerk/fragen/{question}"
    assert _entries(client.get("/feeds/kreis/saarlouis/netzwerk.atom")) == [
        ("Frage aus Saarlouis: Software-Umstieg", thread)]
    assert _entries(client.get("/feeds/gruppen/it.atom")) == [("Frage aus Saarlouis: Software-Umstieg", thread)]
    assert client.get("/feeds/kreis/atlantis/netzwerk.atom").status_code == 404
    assert client.get("/feeds/gruppen/wohnen.atom").status_code == 404
    assert 'href="/feeds/gruppen/it.atom"' in client.get("/netzwerk/gruppen/it", headers=HTML).text
    listed = client.get("/netzwerk/fragen", params={"kreis": "St. Wendel"}, headers=HTML).text
    assert 'href="/feeds/kreis/st-wendel/netzwerk.atom"' in listed
    news = client.get("/netzwerk/neu", headers=HTML).text
    assert 'href="/feeds/kreis/kusel/netzwerk.atom"' in news and 'href="/netzwerk/fragen"' in news


def test_the_access_log_does_not_keep_the_feed_token(app, client, caplog):
    _url, token = _make_feed(client)
    with caplog.at_level(logging.INFO, logger="kb.access"):
        TestClient(app).get(f"/feeds/ich/{token}.atom")
    [line] = [r.getMessage() for r in caplog.records if r.name == "kb.access"]
    assert token not in line and '"path": "/feeds/ich/…"' in line
