"""Deleting a document in the browser asks for confirmation first (no JavaScript needed), and
the confirmation page is axe-clean. A server of its own: the session corpus stays untouched."""

from __future__ import annotations

import pytest

from tests.browser.conftest import new_page, own_server, small_kb
from tests.browser.helpers import ADMIN_PASSWORD, axe_violations, describe, login_as

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def delete_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("delete")
    kb = small_kb(root)
    note = root / "rs-2026-02-heizkosten.md"
    note.write_text("# Heizkosten im Winter\n\nHeizkosten werden in angemessener Höhe übernommen.\n",
                    encoding="utf-8")
    kb.ingesting.ingest([note])
    with own_server(kb) as base:
        yield base
    kb.close()


def test_delete_asks_first_and_cancel_keeps_the_document(browser, delete_server, axe_source):
    context, page = new_page(browser, delete_server)
    login_as(page, "admin", ADMIN_PASSWORD)
    page.goto("/verwaltung")
    page.get_by_role("link", name="Heizkosten im Winter löschen …").click()
    expect_heading = page.get_by_role("heading", level=1)
    assert expect_heading.inner_text() == "Dokument löschen?"
    assert "Heizkosten im Winter" in page.locator(".confirm-delete").inner_text()
    assert not (found := axe_violations(page, axe_source)), describe(found)
    page.get_by_role("link", name="Abbrechen").click()
    page.goto("/verwaltung")
    page.get_by_role("link", name="Heizkosten im Winter löschen …").click()
    page.get_by_role("button", name="Endgültig löschen").click()
    page.wait_for_url("**/verwaltung")
    assert "Gelöscht: Heizkosten im Winter" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Heizkosten im Winter löschen …").count() == 0
    context.close()
