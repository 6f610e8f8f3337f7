"""Accounts in the real browser: two users of different districts ask the same question and see
different results; login, user and audit pages are accessible."""

from __future__ import annotations

import pytest

from kb.access import SYSTEM
from tests.browser.conftest import new_page
from tests.browser.helpers import axe_violations, describe, login_as, screenshot

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Python-Paket playwright fehlt").expect
PASSWORD = "browser-test-passwort"


@pytest.fixture(scope="module")
def internal_doc(browser_kb):
    """A sample-corpus document internal to Saarlouis, and two readers: Saarlouis and Kusel."""
    for login, district in (("leser.saarlouis", "Saarlouis"), ("leser.kusel", "Kusel")):
        if browser_kb.accounts.user(login) is None:
            browser_kb.accounts.add_user(SYSTEM, login, PASSWORD, district, "leser")
    docs = [d for d in browser_kb.documents.list() if d.visibility == "intern" and d.district == "Saarlouis"]
    assert docs, "corpus/ soll interne Dokumente von Saarlouis enthalten"
    return docs[0]


def _results_of(browser, server, login: str, query: str):
    context, page = new_page(browser, server)
    login_as(page, login, PASSWORD)
    expect(page.locator(".account .who")).to_contain_text(login)
    page.goto("/")
    page.get_by_label("Suchanfrage").fill(query)
    page.get_by_label("Suchanfrage").press("Enter")
    page.locator(".hit").first.wait_for()
    return context, page


def test_two_districts_see_different_results_for_the_same_question(browser, server, internal_doc):
    link = f'a[href^="/dokument/{internal_doc.id}"]'
    context, own = _results_of(browser, server, "leser.saarlouis", internal_doc.title)
    expect(own.locator(link).first).to_be_visible()
    expect(own.locator(".hit", has=own.locator(link)).first.locator(".tag.intern")).to_have_text("intern")
    screenshot(own, "suche-angemeldet-intern.png")
    context.close()
    context, other = _results_of(browser, server, "leser.kusel", internal_doc.title)
    expect(other.locator(link)).to_have_count(0)
    expect(other.locator(".account .who")).to_contain_text("Kusel")
    context.close()


def test_login_failure_says_nothing_about_which_part_was_wrong(page, internal_doc):
    page.goto("/anmelden")
    page.get_by_label("Anmeldename").fill("leser.saarlouis")
    page.get_by_label("Passwort").fill("falsch-falsch")
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("Name oder Passwort")


def test_login_and_account_pages_have_no_wcag_violations(page, axe_source, internal_doc):
    page.goto("/anmelden")
    assert not (found := axe_violations(page, axe_source)), describe(found)
    login_as(page, "leser.saarlouis", PASSWORD)
    page.goto(f"/dokument/{internal_doc.id}")
    assert not (found := axe_violations(page, axe_source)), describe(found)
