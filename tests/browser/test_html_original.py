"""An HTML original of the sample corpus opens in the browser as a cleaned page with its own
stylesheet, without console errors (CSP violations would show there)."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.browser


def test_an_html_original_opens_cleaned_and_styled(page, server):
    listed = httpx.get(f"{server}/api/documents", timeout=30).json()
    documents = listed["documents"] if isinstance(listed, dict) else listed
    doc = next(d for d in documents if d["source"].endswith(".html"))
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"/dokument/{doc['id']}/datei")
    note = page.locator(".original-note")
    assert "bereinigt angezeigt" in note.inner_text()
    assert note.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 244, 214)"  # original.css
    assert page.locator("script").count() == 0 and not errors, errors
    note.get_by_role("link", name="Zur Dokumentseite").click()
    page.wait_for_url(f"**/dokument/{doc['id']}")
