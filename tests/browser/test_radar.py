"""The change radar in the browser: the badge "möglicherweise veraltet" on a hit and on the
document page with the link to the norm's diff; the Prüfliste of a Kusel redakteur, marked by
keyboard — axe-clean.

A server of its own (fake embedder, a sample circular of corpus/ and the two real SGB II texts).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.browser.conftest import new_page, own_server, small_kb
from tests.browser.helpers import axe_violations, describe, login_as
from tests.conftest import SHARED

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
LAWS = SHARED / "corpus-real" / "laws"
SGB2 = (LAWS / "history" / "sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md",
        LAWS / "md_2026-08_kmein" / "sgb_2.md")
CIRCULAR = ROOT / "corpus" / "kusel" / "rs-2026-03-kooperationsplan-fortschreibung.md"
PASSWORD = "geheim-genug-123"


@pytest.fixture(scope="module")
def radar_server(tmp_path_factory):
    from kb.access import SYSTEM
    from kb.domain import MetaHints

    if not SGB2[0].is_file():
        pytest.skip("../shared fehlt; echte Gesetzestexte nicht verfügbar")
    root = tmp_path_factory.mktemp("radar")
    kb = small_kb(root)
    kb.ingesting.ingest([CIRCULAR])
    kb.ingesting.ingest([SGB2[0]])
    kb.ingesting.ingest([SGB2[1]], MetaHints(valid_from=date(2026, 7, 1)))
    kb.accounts.add_user(SYSTEM, "kusel.redakteur", PASSWORD, "Kusel", "redakteur")
    with own_server(kb) as base:
        yield base
    kb.close()


@pytest.fixture
def radar_page(browser, radar_server):
    context, page = new_page(browser, radar_server)
    yield page
    context.close()


def test_the_badge_leads_from_the_hit_to_the_norms_diff(radar_page, axe_source):
    page = radar_page
    page.goto("/?q=Kooperationsplan+fortschreiben")
    hit = page.locator("article.hit", has_text="Fortschreibung des Kooperationsplans").first
    assert "möglicherweise veraltet" in hit.locator(".outdated-notice").inner_text()
    assert not (found := axe_violations(page, axe_source)), describe(found)
    hit.get_by_role("link", name="was sich geändert hat").click()
    page.wait_for_url("**/dokument/*#radar")
    notice = page.get_by_role("region", name="möglicherweise veraltet")
    assert "SGB II § 15" in notice.inner_text() and "offen" in notice.inner_text()
    assert not (found := axe_violations(page, axe_source)), describe(found)
    notice.get_by_role("link", name="SGB II § 15").click()
    page.wait_for_url("**/rechtsaenderungen/SGB%20II?from=1&to=2#norm-15")


def test_a_redakteur_marks_the_flag_by_keyboard(radar_page, axe_source):
    page = radar_page
    login_as(page, "kusel.redakteur", PASSWORD)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Prüfliste").click()
    page.wait_for_url("**/pruefliste")
    rows = page.locator("table.pruefliste tbody tr")
    assert rows.count() == 1 and "Fortschreibung des Kooperationsplans" in rows.first.inner_text()
    assert not (found := axe_violations(page, axe_source)), describe(found)
    rows.first.get_by_role("button", name="Weiterhin gültig").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/pruefliste")
    assert "geprüft, weiterhin gültig" in page.get_by_role("status").inner_text()
    assert "Keine Einträge" in page.get_by_role("main").inner_text()  # the default filter shows open ones
    assert not (found := axe_violations(page, axe_source)), describe(found)
