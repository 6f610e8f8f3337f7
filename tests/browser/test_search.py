"""Search in a real browser: query, two facets, back button, opening a result, the source link,
the keyboard, suggestions, and the same without JavaScript."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.helpers import screenshot

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Python-Paket playwright fehlt").expect
QUERY = "Heizkosten Nachzahlung"


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def search(page, text: str = QUERY) -> None:
    page.goto("/")
    page.locator("#q").fill(text)
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    expect(page.locator(".hits .hit").first).to_be_visible()


def facet(page, legend: str):
    return page.locator("fieldset.facet", has=page.locator("legend", has_text=legend))


def card_tags(page) -> list[list[str]]:
    """[district, type] of every result card (the visually hidden labels stripped)."""
    return [[tag.text_content().split(": ", 1)[-1].strip() for tag in meta.locator(".tag").all()]
            for meta in page.locator(".hits .hit .meta").all()]


def test_search_two_facets_and_back_button(page):
    search(page)
    district_box = facet(page, "Kreis").locator("input[type=checkbox]").first
    district = district_box.get_attribute("value")
    district_box.check()
    page.wait_for_url(re.compile(r"district="))
    assert params(page)["district"] == [district] and params(page)["q"] == [QUERY]
    assert all(tags[0] == district for tags in card_tags(page))

    type_box = facet(page, "Dokumenttyp").locator("input[type=checkbox]").first
    doc_type = type_box.get_attribute("value")
    type_box.check()
    page.wait_for_url(re.compile(r"type="))
    assert params(page)["district"] == [district] and params(page)["type"] == [doc_type]
    assert all(tags[:2] == [district, doc_type] for tags in card_tags(page))
    expect(page.locator(".active-filters .chip")).to_have_count(2)
    screenshot(page, "suche.png")

    page.go_back()
    page.wait_for_url(lambda url: "type=" not in url and "district=" in url)
    expect(facet(page, "Kreis").locator(f'input[value="{district}"]')).to_be_checked()
    expect(facet(page, "Dokumenttyp").locator(f'input[value="{doc_type}"]')).not_to_be_checked()
    page.go_back()
    page.wait_for_url(lambda url: "district=" not in url and "q=" in url)
    expect(page.locator(".active-filters")).to_have_count(0)


def test_second_value_of_one_facet_widens_the_results(page):
    """A chosen district keeps the other districts listed (OR within a facet)."""
    search(page)
    boxes = facet(page, "Kreis").locator("input[type=checkbox]")
    first, second = boxes.nth(0).get_attribute("value"), boxes.nth(1).get_attribute("value")
    boxes.nth(0).check()
    page.wait_for_url(re.compile(r"district="))
    facet(page, "Kreis").locator(f'input[value="{second}"]').check()
    page.wait_for_url(lambda url: url.count("district=") == 2)
    assert sorted(params(page)["district"]) == sorted([first, second])
    assert {tags[0] for tags in card_tags(page)} <= {first, second}


def test_sort_by_date_and_paging(page):
    search(page, "Leistungen")
    page.get_by_role("link", name="Datum").click()
    page.wait_for_url(re.compile(r"sort=date"))
    page.get_by_role("link", name="Nächste Seite →").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert params(page)["sort"] == ["date"]
    expect(page.locator(".pager [aria-current=page]")).to_have_text("Seite 2")


def test_open_result_shows_the_passage_in_view(page):
    search(page)
    first = page.locator(".hits .hit-title a").first
    chunk = re.search(r"chunk=(\d+)", first.get_attribute("href")).group(1)
    first.click()
    page.wait_for_url(re.compile(r"/dokument/\d+"))
    active = page.locator(f"#abschnitt-{chunk}")
    expect(active).to_have_class(re.compile(r"\bactive\b"))
    expect(active).to_be_in_viewport()
    expect(active).to_be_focused()
    expect(active.locator(".found-label")).to_contain_text("Gefundene Textstelle")
    expect(active.locator("mark").first).to_be_visible()
    screenshot(page, "dokument.png")


def test_source_link_opens_the_pdf_at_the_page(page):
    search(page)
    card = page.locator(".hits .hit", has=page.locator(".actions a[href*='#page=']")).first
    href = card.locator(".actions a[href*='#page=']").get_attribute("href")
    assert re.search(r"/dokument/\d+/datei#page=\d+$", href)
    response = page.request.get(href.split("#")[0])
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
    card.locator(".hit-title a").click()  # the page links on the document page too
    page_link = page.locator(".chunk .page a").first
    assert re.search(r"/datei#page=\d+$", page_link.get_attribute("href"))


def test_keyboard_order_and_enter_opens_a_result(page):
    page.goto(f"/?q={QUERY}")
    order = []
    for _ in range(120):
        page.keyboard.press("Tab")
        order.append(page.evaluate("""() => {
            const e = document.activeElement;
            if (e.classList.contains('skip-link')) return 'skip';
            if (e.id === 'q') return 'query';
            if (e.closest('fieldset.facet')) return 'facet';
            if (e.closest('.hit-title')) return 'result';
            return e.tagName.toLowerCase();
        }"""))
        if order[-1] == "result":
            break
    assert order[0] == "skip", order
    positions = [order.index(kind) for kind in ("skip", "query", "facet", "result")]
    assert positions == sorted(positions), order
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/dokument/\d+\?chunk="))


def test_skip_link_and_facet_by_keyboard_keep_the_focus(page):
    page.goto(f"/?q={QUERY}")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("#q")).to_be_focused()
    box = facet(page, "Dokumenttyp").locator("input[type=checkbox]").first
    value = box.get_attribute("value")
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"type="))
    expect(facet(page, "Dokumenttyp").locator(f'input[value="{value}"]')).to_be_focused()


def test_suggestions_offer_norms_while_typing(page):
    page.goto("/")
    page.locator("#q").press_sequentially("§22 sgb 2", delay=20)
    option = page.get_by_role("option", name=re.compile(r"^SGB II § 22(?![a-z])"))
    expect(option).to_be_visible()
    expect(page.locator("#q")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/normen/SGB%20II%20%C2%A7%2022$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("SGB II § 22")


def test_suggestions_offer_the_corrected_query_once_a_word_is_finished(page):
    page.goto("/")
    page.locator("#q").press_sequentially("Mietkautoin ", delay=20)
    option = page.get_by_role("option", name=re.compile(r"^Mietkaution\s*Meinten Sie\?"))
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=Mietkaution$"))
    expect(page.locator(".notice.spelling")).to_have_count(0)


def test_a_typo_is_corrected_and_the_words_as_typed_are_one_click_away(page):
    search(page, "Heizkostn Nachzahlung")
    notice = page.locator(".notice.spelling")
    expect(notice).to_contain_text("Gesucht wurde nach „Heizkosten Nachzahlung“")
    expect(page.locator("#treffer-titel")).to_have_text("Treffer für „Heizkosten Nachzahlung“")
    expect(page.locator("#q")).to_have_value("Heizkostn Nachzahlung")  # the box keeps what was typed
    notice.get_by_role("link").click()
    page.wait_for_url(re.compile(r"exact=1"))
    expect(page.locator(".notice.spelling")).to_have_count(0)
    expect(page.locator("#treffer-titel")).to_have_text("Treffer für „Heizkostn Nachzahlung“")


def test_search_and_facets_work_without_javascript(nojs_page):
    page = nojs_page
    page.goto("/")
    page.locator("#q").fill(QUERY)
    page.get_by_role("button", name="Suchen").click()
    expect(page.locator(".hits .hit").first).to_be_visible()
    box = facet(page, "Kreis").locator("input[type=checkbox]").first
    district = box.get_attribute("value")
    box.check()
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url(re.compile(r"district="))
    assert params(page)["district"] == [district]
    assert all(tags[0] == district for tags in card_tags(page))
