"""WCAG 2.1 A/AA rules of axe-core on every kind of page, with JavaScript on (as users see it)."""

from __future__ import annotations

import pytest

from tests.browser.helpers import axe_violations, describe, login_admin

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/?q=Heizkosten+Nachzahlung",
    "/?q=Heizkosten+Nachzahlung&district=Saarpfalz-Kreis&type=Rundschreiben&sort=date",
    "/?q=zzzqqq&district=Kusel&year=1999",  # empty state
    "/?q=Heizkostn+Nachzahlung",  # spelling corrected: notice with a link to the words as typed
    "/vergleich",
    "/anmelden",
    "/vergleich?q=Mietkaution+als+Darlehen",
    "/vergleich?q=Mietkautoin+als+Darlehen",  # spelling corrected
    "/dokumente",
    "/dokumente?type=Weisung&district=Kusel",
    "/neu",
    "/normen",
    "/normen?n=unbekannt",
    "/normen/SGB%20II%20%C2%A7%2022",
    "/verwaltung",
    "/dokument/999999",  # error page
    "/gibt-es-nicht",  # unknown address: the HTML 404 page
    "/?q=Umzug&year=99999",  # refused input: the German 422 page
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_violations(page, axe_source, path):
    page.goto(path)
    violations = axe_violations(page, axe_source)
    assert not violations, f"{path}:\n{describe(violations)}"


def test_document_and_similar_pages_have_no_wcag_violations(page, axe_source):
    page.goto("/?q=Heizkosten+Nachzahlung")
    page.locator(".hits .hit-title a").first.click()
    page.wait_for_url("**/dokument/**")
    assert not (found := axe_violations(page, axe_source)), describe(found)
    page.get_by_role("link", name="Ähnliche Dokumente").first.click()
    page.wait_for_url("**/aehnlich")
    assert not (found := axe_violations(page, axe_source)), describe(found)


def test_admin_pages_have_no_wcag_violations(page, axe_source):
    login_admin(page)
    assert not (found := axe_violations(page, axe_source)), describe(found)
    for path in ("/verwaltung/rueckmeldungen", "/verwaltung/benutzer", "/verwaltung/protokoll"):
        page.goto(path)
        assert not (found := axe_violations(page, axe_source)), describe(found)


def test_open_suggestions_have_no_wcag_violations(page, axe_source):
    page.goto("/")
    page.locator("#q").press_sequentially("Miet", delay=20)
    page.get_by_role("option").first.wait_for()
    assert not (found := axe_violations(page, axe_source)), describe(found)


def test_scanned_document_and_its_hit_have_no_wcag_violations(page, axe_source):
    """The sample corpus's scanned protocol: hit marked "Scan (OCR)", OCR'd pages on its page."""
    page.goto("/?q=Fahrkosten+zu+Vorstellungsgespr%C3%A4chen+Vermittlungsbudget")
    hit = page.locator(".hit").filter(has_text="Arbeitskreises Eingliederung").first
    assert hit.locator(".tag.ocr").inner_text() == "Scan (OCR)"
    assert not (found := axe_violations(page, axe_source)), describe(found)
    hit.locator(".hit-title a").click()
    page.wait_for_url("**/dokument/**")
    assert page.locator(".ocr-pages dd").inner_text().startswith("Seite 1 (Sicherheit ")
    assert not (found := axe_violations(page, axe_source)), describe(found)


@pytest.mark.parametrize(("source", "shown"), [("tabelle-2026-eingliederungsmittel.xlsx", "table.chunk-table"),
                                              ("mail-2026-03-heizkostenpauschale.eml", "section.attachments")])
def test_table_and_mail_document_pages_have_no_wcag_violations(page, axe_source, source, shown):
    """A spreadsheet's rows shown as a table, a mail with its attachment list (issue 18)."""
    page.goto("/?q=" + ("Eingliederungsmittel+Kusel+2026" if source.endswith(".xlsx") else "Heizöl+Tank+Ölheizung"))
    page.locator(".hits .hit", has_text=source).locator(".hit-title a").first.click()
    page.wait_for_url("**/dokument/**")
    page.goto(page.url.split("?")[0])  # the found passage is shown with its answer marked, not as a table
    assert page.locator(shown).count() >= 1
    assert not (found := axe_violations(page, axe_source)), describe(found)
