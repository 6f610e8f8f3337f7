"""Versions and replaced circulars in the browser: the "ersetzt durch" notice, the version
history and the comparison page — working by mouse and keyboard, and axe-clean.

A server of its own (fake embedder, a handful of documents): the session server's corpus stays
as the other browser tests expect it.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import new_page, own_server, small_kb
from tests.browser.helpers import axe_violations, describe

pytestmark = pytest.mark.browser

WEISUNG_1 = """# Weisung 3/2026 Fahrtkosten

## 1. Grundsatz

Fahrtkosten zu Meldeterminen werden bis 20 Euro erstattet.

## 2. Nachweis

Der Nachweis erfolgt durch Fahrkarte.
"""
WEISUNG_2 = WEISUNG_1.replace("bis 20 Euro", "in voller Höhe nach Beleg")


@pytest.fixture(scope="module")
def lifecycle_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("lifecycle")
    kb = small_kb(root)
    ids = _documents(kb, root)
    with own_server(kb) as base:
        yield base, ids
    kb.close()


def _documents(kb, root) -> dict[str, int]:
    folder = root / "eingang"
    folder.mkdir()
    (folder / "rs-2023-02-umzug.md").write_text("# Umzug\n\nUmzugskosten werden pauschal erstattet.\n")
    (folder / "rs-2026-01-umzug.md").write_text("# Umzug\n\nUmzugskosten werden nach Angebot erstattet.\n")
    (folder / "rs-2026-01-umzug.md.meta.json").write_text(json.dumps({"replaces": "rs-2023-02-umzug.md"}))
    ids = {}
    for name in ("rs-2023-02-umzug.md", "rs-2026-01-umzug.md"):
        ids[name] = kb.ingesting.ingest([folder / name]).files[0].document_id
    weisung = folder / "weisung-fahrtkosten.md"
    for key, text in (("weisung-1", WEISUNG_1), ("weisung-2", WEISUNG_2)):
        weisung.write_text(text, encoding="utf-8")
        ids[key] = kb.ingesting.ingest([weisung]).files[0].document_id
    return ids


@pytest.fixture
def lc_page(browser, lifecycle_server):
    context, page = new_page(browser, lifecycle_server[0])
    yield page, lifecycle_server[1]
    context.close()


def test_a_replaced_circular_shows_its_notice_and_leads_to_the_successor(lc_page, axe_source):
    page, ids = lc_page
    page.goto("/?q=Umzugskosten+erstattet")
    old = f'.hits a[href^="/dokument/{ids["rs-2023-02-umzug.md"]}?"]'
    assert page.locator(old).count() == 0 and page.locator(".validity-notice").count() == 0
    page.get_by_label("auch ersetzte und abgelaufene Fassungen").check()  # the filters apply at once
    page.wait_for_url("**outdated=1**")
    assert page.locator(old).count() >= 1
    notice = page.locator(".validity-notice.state-replaced")
    assert notice.count() == 1 and "Ersetzt" in notice.inner_text()
    assert not (found := axe_violations(page, axe_source)), describe(found)
    notice.get_by_role("link", name="ersetzt durch das Nachfolgedokument").click()
    page.wait_for_url(f"**/dokument/{ids['rs-2026-01-umzug.md']}")
    assert page.locator(".validity-notice").count() == 0  # the successor is in force
    page.goto(f"/dokument/{ids['rs-2023-02-umzug.md']}")
    assert "Nachfolger" in page.locator(".successor").inner_text()
    assert not (found := axe_violations(page, axe_source)), describe(found)


def test_version_history_and_comparison_page(lc_page, axe_source):
    page, ids = lc_page
    page.goto(f"/dokument/{ids['weisung-2']}")
    history = page.locator("section.history")
    assert "2 (diese)" in history.inner_text()
    assert not (found := axe_violations(page, axe_source)), describe(found)
    history.get_by_role("link", name="Änderungen zu Fassung 1").click()
    page.wait_for_url("**/vergleich?mit=*")
    assert "1 Abschnitt geändert" in page.locator(".compare-counts").inner_text()
    assert page.locator("ins").first.inner_text().endswith("in voller Höhe nach Beleg")
    assert page.locator("del").first.inner_text().endswith("bis 20 Euro")
    assert not (found := axe_violations(page, axe_source)), describe(found)
    page.get_by_label("Nur einen Abschnitt oder eine Norm zeigen").fill("2. Nachweis")
    page.keyboard.press("Enter")
    page.wait_for_url("**abschnitt=**")
    assert "Keine Änderung in diesem Abschnitt" in page.locator(".diff-section").inner_text()
    page.get_by_role("link", name="Fassung 1").first.click()
    page.wait_for_url(f"**/dokument/{ids['weisung-1']}")
    assert "Ältere Fassung" in page.locator(".validity-notice").inner_text()
