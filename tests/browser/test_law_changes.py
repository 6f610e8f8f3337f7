"""Law changes in the browser: from the navigation to the change page of SGB II (before and after
G v. 16.4.2026), to one norm's word diff, and from the norm page's history to that diff — by
mouse and keyboard, axe-clean.

A server of its own (fake embedder, the two real SGB II texts from ../shared): the session
server's corpus stays as the other browser tests expect it.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser.conftest import new_page, own_server, small_kb
from tests.browser.helpers import axe_violations, describe
from tests.conftest import SHARED

pytestmark = pytest.mark.browser
LAWS = SHARED / "corpus-real" / "laws"
SGB2 = (LAWS / "history" / "sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md",
        LAWS / "md_2026-08_kmein" / "sgb_2.md")


@pytest.fixture(scope="module")
def law_server(tmp_path_factory):
    from kb.domain import MetaHints

    if not SGB2[0].is_file():
        pytest.skip("../shared fehlt; echte Gesetzestexte nicht verfügbar")
    root = tmp_path_factory.mktemp("lawchanges")
    kb = small_kb(root)
    kb.ingesting.ingest([SGB2[0]])
    kb.ingesting.ingest([SGB2[1]], MetaHints(valid_from=date(2026, 7, 1)))
    with own_server(kb) as base:
        yield base
    kb.close()


@pytest.fixture
def law_page(browser, law_server):
    context, page = new_page(browser, law_server)
    yield page
    context.close()


def test_from_the_navigation_to_one_norms_word_diff(law_page, axe_source):
    page = law_page
    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Rechtsänderungen").click()
    page.wait_for_url("**/rechtsaenderungen")
    assert not (found := axe_violations(page, axe_source)), describe(found)
    page.get_by_role("link", name="Änderungen von SGB II").click()
    page.wait_for_url("**/rechtsaenderungen/SGB%20II")
    assert "39 Normen geändert, 5 neu, 0 aufgehoben" in page.locator(".compare-counts").inner_text()
    terms = page.get_by_role("region", name="Tabelle der ersetzten Begriffe")
    assert "Bürgergeld" in terms.inner_text() and "Grundsicherungsgeld" in terms.inner_text()
    assert not (found := axe_violations(page, axe_source)), describe(found)
    jump = page.get_by_role("navigation", name="Normen dieser Änderung").get_by_role("link", name="§ 15", exact=True)
    jump.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#norm-15")
    plan = page.locator("#norm-15")
    assert plan.is_visible() and "Potenzialanalyse und Kooperationsplan" in plan.locator("h3").inner_text()
    assert any("findet persönlich im Jobcenter statt" in t for t in plan.locator("ins").all_inner_texts())
    assert page.locator("#norm-1").count() == 0  # § 1 is word for word the same
    plan.get_by_role("link", name="Zur Normseite SGB II § 15").click()
    page.wait_for_url("**/normen/SGB%20II%20%C2%A7%2015")


def test_the_norm_history_leads_to_the_diff(law_page, axe_source):
    page = law_page
    page.goto("/normen/SGB%20II%20%C2%A7%2015")
    history = page.get_by_role("region", name="Verlauf von SGB II § 15")
    rows = history.locator("tbody tr").all_inner_texts()
    assert len(rows) == 2 and "erste eingelesene Fassung" in rows[0] and "geändert" in rows[1]
    assert not (found := axe_violations(page, axe_source)), describe(found)
    history.get_by_role("link", name="Änderungen zu Fassung 1").click()
    page.wait_for_url("**/rechtsaenderungen/SGB%20II?from=1&to=2#norm-15")
    assert page.locator("#norm-15").is_visible()
    page.goto("/normen/SGB%20II%20%C2%A7%201")
    assert "unverändert" in page.get_by_role("region", name="Verlauf von SGB II § 1").inner_text()
