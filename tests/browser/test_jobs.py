"""Uploading as a job in a real browser: several files through the form land on the job page,
whose progress advances in place (JavaScript) or by reloading itself (without), until it is
finished; files dropped onto the field are uploaded too; the pages are axe-clean."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import axe_violations, describe, login_admin, login_as
from tests.kb_cli.test_crash_resume import big_circular

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Python-Paket playwright fehlt").expect
JOB_PAGE = re.compile(r"/verwaltung/auftraege/(\d+)$")


@pytest.fixture
def uploaded(browser_kb):
    """Job ids of the test; their documents are deleted afterwards (the corpus is shared)."""
    ids: list[int] = []
    yield ids
    for job_id in ids:
        for item in browser_kb.jobs.get(job_id).items:
            if item.document_url:
                browser_kb.ingesting.delete(str(item.document_id))


def submit(page, files: list[dict]) -> int:
    if files:
        page.set_input_files("#files", files)
    page.get_by_label("Netzwerk – alle acht Kreise sehen das Dokument").check()
    page.get_by_role("button", name="Hochladen und einlesen").click()
    page.wait_for_url(JOB_PAGE)
    return int(JOB_PAGE.search(page.url).group(1))


def circulars(first: int, count: int, sections: int) -> list[dict]:
    return [{"name": f"browser-rs-{n}.md", "mimeType": "text/markdown", "buffer": big_circular(n, sections)}
            for n in range(first, first + count)]


def test_the_job_page_shows_progress_advancing_in_place_until_finished(page, axe_source, uploaded):
    login_admin(page)
    uploaded.append(submit(page, circulars(100, 4, sections=900)))
    page.evaluate("() => { window.sameDocument = true; }")  # gone if the page were reloaded
    progress = page.locator("#job-progress")
    seen = set()
    while page.locator('[data-field="state_label"]').inner_text() != "fertig":
        seen.add(int(progress.evaluate("bar => bar.value")))
        page.wait_for_timeout(100)
    assert any(0 < value < 4 for value in seen), f"kein Zwischenstand gesehen: {seen}"
    expect(page.locator('[data-field="progress_text"]')).to_have_text("4 von 4 Dateien verarbeitet")
    assert progress.evaluate("bar => [bar.value, bar.max]") == [4, 4]
    assert page.evaluate("() => window.sameDocument") is True
    rows = page.locator("tbody[data-items] tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("neu")
    rows.first.get_by_role("link").click()
    page.wait_for_url("**/dokument/**")
    page.go_back()
    assert not (found := axe_violations(page, axe_source)), describe(found)
    page.goto("/verwaltung/auftraege")
    expect(page.get_by_role("link", name=f"Auftrag {uploaded[0]}")).to_be_visible()
    assert not (found := axe_violations(page, axe_source)), describe(found)


def test_without_javascript_the_job_page_reloads_itself_until_finished(nojs_page, uploaded):
    page = nojs_page
    login_as(page, "admin", "test-passwort")
    page.goto("/verwaltung")
    uploaded.append(submit(page, circulars(200, 3, sections=900)))
    assert page.locator('[data-field="state_label"]').inner_text() in ("wartet", "läuft")
    expect(page.locator('[data-field="state_label"]')).to_have_text("fertig", timeout=60_000)
    expect(page.locator('[data-field="progress_text"]')).to_have_text("3 von 3 Dateien verarbeitet")


def test_files_dropped_onto_the_field_are_uploaded(page, axe_source, uploaded):
    login_admin(page)
    assert not (found := axe_violations(page, axe_source)), describe(found)
    page.evaluate("""() => {
        const dropped = new DataTransfer();
        dropped.items.add(new File(["# Abgelegt eins\\n\\nMietkaution als Darlehen im Browser."], "abgelegt-1.md"));
        dropped.items.add(new File(["# Abgelegt zwei\\n\\nHeizkosten im Browser."], "abgelegt-2.md"));
        const zone = document.querySelector("[data-dropzone]");
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dropped, bubbles: true, cancelable: true}));
    }""")
    expect(page.locator("#files-hint")).to_contain_text("2 Datei(en) ausgewählt: abgelegt-1.md, abgelegt-2.md")
    uploaded.append(submit(page, []))
    expect(page.locator('[data-field="state_label"]')).to_have_text("fertig", timeout=30_000)
    expect(page.locator("tbody[data-items]")).to_contain_text("abgelegt-2.md")
