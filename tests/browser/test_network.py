"""The network's exchange in the real browser, once with and once without JavaScript: a user of
Kusel asks and is first shown a similar sample thread; Mayen-Koblenz answers citing a document
and a norm; the asker marks the answer as helpful; a reader of Saarlouis finds the answer in the
ordinary search and in the Kreisvergleich under "So handhabt es Mayen-Koblenz"; the asker's
personal Atom feed lists the answer. Every page is
checked with axe-core (in the run with JavaScript); the pictures of docs/ui.md ("Netzwerk") are
taken here."""

from __future__ import annotations

import re

import pytest

from kb.access import SYSTEM
from kb.services.network_sample import load_sample_threads
from tests.browser.conftest import new_page
from tests.browser.helpers import axe_violations, describe, login_as, screenshot
from tests.conftest import CORPUS

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Python-Paket playwright fehlt").expect
PASSWORD = "netzwerk-test-passwort"
USERS = {"frage.kusel": ("Kusel", "leser"), "antwort.mayen": ("Mayen-Koblenz", "redakteur"),
         "leser.saarlouis.netz": ("Saarlouis", "leser")}
SAMPLE_TITLE = "Umstieg auf das neue Fachverfahren: Wie habt ihr die Datenübernahme organisiert?"
CITED = "kusel/protokoll-2025-10-dienstbesprechung-fachverfahren.txt"


@pytest.fixture(scope="module")
def network(browser_kb) -> int:
    """The sample threads (as `kb serve` posts them) and the three users; the cited document's id."""
    load_sample_threads(browser_kb, CORPUS)
    for login, (district, role) in USERS.items():
        if browser_kb.accounts.user(login) is None:
            browser_kb.accounts.add_user(SYSTEM, login, PASSWORD, district, role)
    return next(d.id for d in browser_kb.documents.list() if d.source.endswith(CITED.rsplit("/", 1)[1]))


def _checked(page, axe_source: str, js: bool, picture: str | None = None) -> None:
    """axe-core and the docs' pictures in the run with JavaScript (axe is a script: without it,
    the same pages were checked in the other run)."""
    if not js:
        return
    assert not (found := axe_violations(page, axe_source)), describe(found)
    if picture:
        screenshot(page, picture)


def _as(browser, server, login: str, js: bool):
    context, page = new_page(browser, server, java_script_enabled=js)
    login_as(page, login, PASSWORD)
    return context, page


def ask(browser, server, axe_source: str, js: bool, marker: str) -> str:
    """Kusel asks; the preview shows the similar sample thread first. Returns the thread's path."""
    context, page = _as(browser, server, "frage.kusel", js)
    page.goto("/netzwerk/fragen")
    _checked(page, axe_source, js, "netzwerk-fragen.png")
    page.get_by_role("link", name=re.compile("Frage stellen")).first.click()
    page.get_by_label("Titel").fill(f"Parallelbetrieb beim Umstieg auf das neue Fachverfahren ({marker})")
    page.get_by_label("Ihre Frage").fill(f"Wie lange lief bei euch der Parallelbetrieb ({marker}) beim Umstieg "
                                         "auf das neue Fachverfahren, und wie habt ihr die Datenübernahme geprüft?")
    page.get_by_role("button", name="Ähnliche Fragen ansehen").click()
    expect(page.locator(".network-similar").get_by_role("link", name=SAMPLE_TITLE, exact=True)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Keine Sozialdaten")).to_be_visible()
    _checked(page, axe_source, js, "netzwerk-vorschau.png")
    page.get_by_role("button", name="Frage jetzt stellen").click()
    page.wait_for_url(re.compile(r"/netzwerk/fragen/\d+$"))
    path = page.url.split(server, 1)[1]
    context.close()
    return path


def answer(browser, server, axe_source: str, js: bool, thread: str, marker: str, document_id: int) -> str:
    """Mayen-Koblenz answers citing a document and a norm; returns the answer's anchor."""
    context, page = _as(browser, server, "antwort.mayen", js)
    page.goto(thread)
    page.get_by_label("Ihre Antwort").fill(f"Wir hatten einen {marker} mit sechs Wochen Parallelbetrieb; "
                                           "die Weiterbewilligungen wurden vorgezogen.")
    page.get_by_label("Normen (optional)").fill("§ 41 Abs. 3 SGB II")
    page.get_by_label("Dokumente (optional)").fill(str(document_id))
    page.get_by_role("button", name="Antwort senden").click()
    page.wait_for_url(re.compile(r"#antwort-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    post = page.locator(f"#{anchor}")
    expect(post.locator(".post-label")).to_have_text(re.compile("So handhabt es Mayen-Koblenz"))
    expect(post.get_by_role("link", name="SGB II § 41", exact=True)).to_be_visible()
    expect(post.locator(f'a[href="/dokument/{document_id}"]')).to_be_visible()
    context.close()
    return anchor


def mark_helpful(browser, server, axe_source: str, js: bool, thread: str, anchor: str) -> None:
    context, page = _as(browser, server, "frage.kusel", js)
    page.goto(thread)
    page.locator(f"#{anchor}").get_by_role("button", name="Hat geholfen").click()
    expect(page.locator(f"#{anchor} .tag.helpful")).to_have_text("Hat geholfen")
    _checked(page, axe_source, js, "netzwerk-frage.png")
    context.close()


def find(browser, server, axe_source: str, js: bool, thread: str, anchor: str, marker: str) -> None:
    """A reader of a third district finds the answer in the search and in the Kreisvergleich."""
    context, page = _as(browser, server, "leser.saarlouis.netz", js)
    link = f'a[href="{thread}#{anchor}"]'
    page.goto(f"/?q={marker}")
    expect(page.locator(f".hit {link}").first).to_be_visible()
    _checked(page, axe_source, js)
    page.goto(f"/vergleich?q={marker}&type=Netzwerkfrage")
    card = page.locator(".district-card", has=page.locator(".district-name", has_text="Mayen-Koblenz"))
    expect(card.locator(link)).to_have_text(re.compile("^So handhabt es Mayen-Koblenz"))
    _checked(page, axe_source, js)
    context.close()


def feed_step(browser, server, js: bool, thread: str, anchor: str) -> None:
    """The asker makes a feed address on "Neu für mich"; read with its token alone (as a feed
    reader does), the feed lists the answer to the question, linked to it in the thread."""
    context, page = _as(browser, server, "frage.kusel", js)
    page.goto("/netzwerk/neu")
    page.get_by_role("button", name="Neue Feed-Adresse erzeugen").click()
    url = page.locator("code.feed-url").inner_text().strip()
    assert "/feeds/ich/kbf_" in url
    context.close()
    reader, _ = new_page(browser, server, java_script_enabled=js)  # no session: the token is the login
    feed = reader.request.get(url)
    assert feed.status == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert f'href="{server}{thread}#{anchor}"' in feed.text()
    assert "Antwort aus Mayen-Koblenz: Parallelbetrieb beim Umstieg" in feed.text()
    reader.close()


@pytest.mark.parametrize("js", [True, False], ids=["mit-js", "ohne-js"])
def test_ask_answer_mark_helpful_and_find_the_answer(browser, server, axe_source, network, js) -> None:
    marker = "Umstiegsfahrplan" if js else "Umstellungskalender"  # each run its own thread
    thread = ask(browser, server, axe_source, js, marker)
    anchor = answer(browser, server, axe_source, js, thread, marker, network)
    mark_helpful(browser, server, axe_source, js, thread, anchor)
    find(browser, server, axe_source, js, thread, anchor, marker)
    feed_step(browser, server, js, thread, anchor)
