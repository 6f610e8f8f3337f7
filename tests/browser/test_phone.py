"""On a phone (390 × 844 px) no page scrolls sideways (document width ≤ viewport), the search
results come before the filters, which start folded, and the pages stay axe-clean."""

from __future__ import annotations

import pytest

from tests.browser.helpers import ADMIN_PASSWORD, axe_violations, describe, login_as

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PAGES = ["/", "/?q=Kosten+der+Unterkunft+Umzug", "/?q=Mietkaution&type=Rundschreiben", "/vergleich?q=Mietkaution",
         "/dokumente", "/normen", "/normen/SGB%20II%20%C2%A7%2022", "/rechtsaenderungen",
         "/rechtsaenderungen/SGB%20II", "/neu", "/anmelden"]
SIGNED_IN = ["/verwaltung", "/verwaltung/auftraege", "/pruefliste", "/verwaltung/benutzer", "/verwaltung/protokoll"]


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(base_url=server, viewport=PHONE, locale="de-DE", is_mobile=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_no_page_is_wider_than_the_phone(phone):
    wide = {}
    for path in PAGES:
        phone.goto(path)
        if _width(phone) > PHONE["width"]:
            wide[path] = _width(phone)
    login_as(phone, "admin", ADMIN_PASSWORD)
    for path in [*SIGNED_IN, "/dokument/1", "/dokument/1/vergleich?mit=2"]:
        phone.goto(path)
        if _width(phone) > PHONE["width"]:
            wide[path] = _width(phone)
    assert not wide, wide


def test_results_come_first_and_the_filters_start_folded(phone, axe_source):
    phone.goto("/?q=Kosten+der+Unterkunft+Umzug")
    results, facets = phone.locator(".results"), phone.locator(".facets")
    assert results.bounding_box()["y"] < facets.bounding_box()["y"]
    assert results.bounding_box()["y"] < PHONE["height"]  # the first results on the first screen
    panel = phone.locator("details.facet-panel")
    assert panel.get_attribute("open") is None
    assert not phone.get_by_role("checkbox", name="Kusel").first.is_visible()
    panel.locator("> summary").click()
    assert phone.locator("fieldset.facet").first.is_visible()
    assert not (found := axe_violations(phone, axe_source)), describe(found)
