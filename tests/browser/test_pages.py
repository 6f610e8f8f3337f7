"""Precedent view, norm index, browsing and feedback in a real browser."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import login_admin, screenshot

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Python-Paket playwright fehlt").expect
DISTRICTS = 8  # the network is shown apart, not as a Kreis


def test_precedent_view_shows_one_passage_per_district(page):
    page.goto("/vergleich")
    page.get_by_label("Thema oder Frage").fill("Mietkaution als Darlehen")
    page.get_by_role("button", name="Vergleichen").click()
    page.wait_for_url(re.compile(r"/vergleich\?q="))
    cards = page.locator(".district-card")
    expect(cards.first).to_be_visible()
    expect(cards).to_have_count(DISTRICTS)
    found_count = page.locator(".district-card:not(.no-hit)").count()
    expect(page.locator(".summary")).to_contain_text(f"{found_count} von {DISTRICTS} Kreisen")
    expect(page.locator(".district-name", has_text="Südwestoption")).to_have_count(0)
    found = page.locator(".district-card:not(.no-hit)")
    assert found.count() >= 3
    names = found.locator(".district-name").all_inner_texts()
    assert len(names) == len(set(names)), "ein Kreis doppelt"
    for card in found.all():
        expect(card.locator(".hit")).to_have_count(1)
        district = card.locator(".district-name").inner_text()
        expect(card.locator(".tag.district")).to_contain_text(district)
    for card in page.locator(".district-card.no-hit").all():
        expect(card).to_contain_text("kein Treffer")
    screenshot(page, "vergleich.png")


def test_browse_by_norm_to_law_text_and_citing_documents(page):
    page.goto("/normen")
    expect(page.get_by_role("heading", name=re.compile(r"^SGB II \("))).to_be_visible()
    screenshot(page, "normen.png")
    page.get_by_role("link", name="SGB II § 22", exact=True).click()
    page.wait_for_url(re.compile(r"/normen/SGB%20II%20%C2%A7%2022$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("SGB II § 22")
    law = page.locator("section[aria-labelledby=gesetzestext]")
    expect(law).to_contain_text("Bedarfe für Unterkunft und Heizung")
    citing = page.locator("ol.citing > li")
    assert citing.count() >= 3
    screenshot(page, "norm.png")
    citing.first.locator(".hit-title a").click()
    page.wait_for_url(re.compile(r"/dokument/\d+\?chunk=\d+"))
    active = page.locator(".chunk.active")
    expect(active).to_be_in_viewport()
    expect(active.locator(".norms")).to_contain_text("SGB II § 22")


def test_norm_form_jumps_to_the_norm_page(page):
    page.goto("/normen")
    page.get_by_label("Norm aufrufen").fill("§ 31a SGB II")
    page.get_by_role("button", name="Öffnen").click()
    page.wait_for_url(re.compile(r"/normen/SGB%20II%20%C2%A7%2031a$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("SGB II § 31a")


def test_browse_by_type_and_district_and_newest(page):
    page.goto("/dokumente")
    page.get_by_role("navigation", name="Nach Dokumenttyp").get_by_role(
        "link", name=re.compile(r"^Weisung \(\d+\)")).click()
    page.wait_for_url(re.compile(r"type=Weisung"))
    types = page.locator("table.doclist tbody td:nth-child(3)").all_inner_texts()
    assert types and set(types) == {"Weisung"}
    page.get_by_role("navigation", name="Nach Kreis").get_by_role(
        "link", name=re.compile(r"^Kusel \(\d+\)")).click()
    page.wait_for_url(re.compile(r"district=Kusel"))
    rows = page.locator("table.doclist tbody tr")
    for row in rows.all():
        expect(row.locator("td").nth(1)).to_have_text("Kusel")
    page.goto("/neu")
    dates = page.locator(".newest .meta").all_inner_texts()
    assert len(dates) == 20
    parsed = [re.search(r"(\d\d)\.(\d\d)\.(\d{4})", d).groups()[::-1] for d in dates]
    assert parsed == sorted(parsed, reverse=True), "Neu: neueste zuerst"


def test_feedback_is_stored_and_listed_for_admins(page, browser_kb):
    page.goto("/?q=Mietkaution+Darlehen")
    card = page.locator(".hits .hit").first
    title = card.locator(".hit-title").inner_text()
    card.get_by_role("button", name="Hilfreich", exact=True).click()
    expect(card.get_by_role("status")).to_have_text("Danke! Ihre Rückmeldung ist gespeichert.")
    entries = browser_kb.feedback.list().entries
    assert entries[0].query == "Mietkaution Darlehen" and entries[0].helpful
    assert entries[0].document_title == title

    page.goto("/verwaltung/rueckmeldungen")  # not signed in: the login page, then back here
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
    login_admin(page)
    page.get_by_role("link", name="Rückmeldungen zu Treffern ansehen").click()
    row = page.locator("table.feedback-list tbody tr", has_text="Mietkaution Darlehen").first
    expect(row).to_contain_text("hilfreich")
    expect(row).to_contain_text(title)


def test_feedback_without_javascript_redirects_back_with_thanks(nojs_page, browser_kb):
    page = nojs_page
    page.goto("/vergleich?q=Heizkosten")
    card = page.locator(".district-card:not(.no-hit)").first
    card.get_by_role("button", name="Nicht hilfreich").click()
    page.wait_for_url(re.compile(r"/vergleich\?q=Heizkosten#treffer-\d+$"))
    expect(page.get_by_role("status").first).to_have_text("Danke! Ihre Rückmeldung ist gespeichert.")
    latest = browser_kb.feedback.list().entries[0]
    assert latest.query == "Heizkosten" and not latest.helpful and latest.mode == "precedent"


def test_small_screen_has_no_horizontal_scrolling(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 375, "height": 800})
    page = context.new_page()
    for path in ("/?q=Heizkosten", "/vergleich?q=Heizkosten", "/normen", "/dokumente"):
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 376, f"{path}: {width}px breit"
    context.close()
