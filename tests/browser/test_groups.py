"""Working groups in the browser: the group page with its minutes and the follow button, with
and without JavaScript, "Neu für mich" and the contact directory — axe-clean.

A server of its own (fake embedder, one minute of the AG Leistung, one thread addressed to it,
one contact) so that the session's corpus server stays as the other tests expect it.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import new_page, own_server, small_kb
from tests.browser.helpers import axe_violations, describe, login_as, screenshot
from tests.network_posts import add_answer, add_question

pytestmark = pytest.mark.browser
PASSWORD = "geheim-genug-123"
FOLLOW = re.compile(r"^Folgen\W+AG Leistung$")  # the group's name is hidden text after the label
UNFOLLOW = re.compile(r"^Nicht mehr folgen\W+AG Leistung$")
MINUTE = ("---\ntitle: Sitzung der AG Leistung vom 12. März 2026\ndistrict: Kusel\ndoc_type: Protokoll\n"
          "date: 2026-03-12\narbeitsgruppe: leistung\n---\n# Sitzung\n\n"
          "Die AG Leistung beriet die Angemessenheit der Unterkunftskosten nach § 22 SGB II.\n")


@pytest.fixture(scope="module")
def groups_server(tmp_path_factory):
    from kb.access import SYSTEM
    from kb.services.group_schemas import ContactIn

    root = tmp_path_factory.mktemp("groups")
    kb = small_kb(root)
    (root / "sitzung.md").write_text(MINUTE, encoding="utf-8")
    assert kb.ingesting.ingest([root / "sitzung.md"]).count("failed") == 0
    kb.accounts.add_user(SYSTEM, "kusel.leser", PASSWORD, "Kusel", "leser")
    kb.accounts.add_user(SYSTEM, "kusel.redakteur", PASSWORD, "Kusel", "redakteur")
    editor = kb.contacts.acting(kb.accounts.principal("kusel.redakteur"))
    editor.create(ContactIn(topic="Bildung und Teilhabe", name="Team BuT", email="but@kreis-kusel.example.de",
                            phone="06381 424-0", working_group="leistung"))
    question = add_question(kb, "Wie prüft ihr die Angemessenheit der Heizkosten?", "Saarlouis", "leistung")
    add_answer(kb, question, "Mayen-Koblenz", minutes_ago=1)
    add_question(kb, "Wer nutzt schon die neue Schnittstelle zur BA?", "Vulkaneifel", "leistung", minutes_ago=2)
    with own_server(kb) as base:
        yield base
    kb.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_group_page_shows_minutes_and_following_works_axe_clean(browser, groups_server, axe_source, javascript):
    context, page = new_page(browser, groups_server, java_script_enabled=javascript)
    try:
        login_as(page, "kusel.leser", PASSWORD)
        page.goto("/netzwerk/gruppen")
        page.get_by_role("link", name="AG Leistung").click()
        page.get_by_role("heading", name="AG Leistung", level=1).wait_for()
        assert page.get_by_role("link", name="Sitzung der AG Leistung vom 12. März 2026").is_visible()
        assert page.get_by_role("link", name="Wer nutzt schon die neue Schnittstelle zur BA?").is_visible()
        if javascript:  # axe needs scripts; the page is the same without them
            assert not (violations := axe_violations(page, axe_source)), describe(violations)
        page.get_by_role("button", name=FOLLOW).click()
        page.get_by_role("button", name=UNFOLLOW).wait_for()
        if javascript:
            screenshot(page, "gruppe.png")
        page.get_by_role("button", name=UNFOLLOW).click()
        page.get_by_role("button", name=FOLLOW).wait_for()
    finally:
        context.close()


def test_news_and_contacts_are_axe_clean(browser, groups_server, axe_source):
    context, page = new_page(browser, groups_server)
    try:
        login_as(page, "kusel.redakteur", PASSWORD)
        page.goto("/netzwerk/gruppen/leistung")
        page.get_by_role("button", name=FOLLOW).click()
        page.get_by_role("link", name="Neu für mich").click()
        page.get_by_role("heading", name="Neu für mich").wait_for()
        assert page.get_by_text("So handhabt es Mayen-Koblenz").first.is_visible()
        assert not (violations := axe_violations(page, axe_source)), describe(violations)
        screenshot(page, "neu-fuer-mich.png")
        page.get_by_role("button", name="Neue Feed-Adresse erzeugen").click()
        assert "/feeds/ich/kbf_" in page.locator("code.feed-url").inner_text()
        assert not (violations := axe_violations(page, axe_source)), describe(violations)
        page.get_by_role("button", name="Widerrufen").click()
        assert page.get_by_role("status").first.inner_text().startswith("Der Feed-Schlüssel ist widerrufen")
        page.get_by_role("link", name="Kontakte").click()
        assert page.get_by_role("link", name="but@kreis-kusel.example.de").is_visible()
        page.get_by_label("Dienstliche E-Mail").fill("team@gmx.de")
        page.get_by_label("Thema").fill("Eingliederung")
        page.get_by_label("Funktion oder Team").fill("Team Eingliederung")
        page.get_by_role("button", name="Speichern").click()
        assert page.get_by_role("alert").inner_text().startswith("Private E-Mail-Adressen (gmx.de)")
        assert not (violations := axe_violations(page, axe_source)), describe(violations)
        screenshot(page, "kontakte.png")
    finally:
        context.close()
