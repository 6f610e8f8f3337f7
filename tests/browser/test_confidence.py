"""No answer pretended in the browser: the search page says plainly that no passage matches and
marks the nearest results as weak; the Kreisvergleich counts no Kreis without a matching passage
and never counts the network — axe-clean.

A server of its own at the real thresholds (fake embedder: its vectors mean nothing, so no
passage reaches them, the case of a question the collection cannot answer; which questions the
real model treats so is tested in tests/kb/test_confidence_real.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import new_page, own_server, small_kb
from tests.browser.helpers import axe_violations, describe

pytestmark = pytest.mark.browser
CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory):
    from kb.config import RankingSettings

    defaults = RankingSettings.model_fields
    kb = small_kb(tmp_path_factory.mktemp("confidence"), match_weak=defaults["match_weak"].default,
                  match_good=defaults["match_good"].default)
    kb.ingesting.ingest([CORPUS / "saarlouis", CORPUS / "mainz-bingen", CORPUS / "netzwerk"])
    with own_server(kb) as base:
        yield base
    kb.close()


@pytest.fixture
def strict_page(browser, strict_server):
    context, page = new_page(browser, strict_server)
    yield page
    context.close()


def test_search_without_a_matching_passage_says_so(strict_page, axe_source):
    page = strict_page
    page.goto("/")
    page.get_by_label("Suchanfrage").fill("Bürgergeld Erstausstattung Wohnung")
    page.get_by_role("button", name="Suchen").click()
    notice = page.locator(".match-notice.match-keine")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Zu Ihrer Frage wurde keine passende Textstelle gefunden.")
    hits = page.locator("article.hit")
    assert hits.count() >= 1
    expect(page.locator("article.hit.weak")).to_have_count(hits.count())
    expect(hits.first.locator(".tag.weak")).to_have_text("unsicherer Treffer")
    expect(page.locator("mark.answer")).to_have_count(0)
    assert not (found := axe_violations(page, axe_source)), describe(found)


def test_precedent_view_claims_no_district(strict_page, axe_source):
    page = strict_page
    page.goto("/vergleich?q=Erstausstattung+Wohnung")
    summary = page.locator(".summary")
    expect(summary).to_contain_text("Kein Kreis hat eine passende Textstelle")
    expect(summary).to_contain_text("0 von 8 Kreisen")
    expect(page.locator(".district-card")).to_have_count(8)
    expect(page.locator(".district-card.no-hit")).to_have_count(8)
    expect(page.locator(".district-name", has_text="Südwestoption")).to_have_count(0)
    expect(page.locator(".network-result")).to_have_count(0)
    assert not (found := axe_violations(page, axe_source)), describe(found)
