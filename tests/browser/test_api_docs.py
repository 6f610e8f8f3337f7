"""`/docs` renders the API's operations in Swagger UI under the product's own CSP: assets from
this server, no inline script, no request to another host, no CSP violation."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Python-Paket playwright fehlt").expect
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def test_swagger_ui_shows_the_operations_without_any_csp_violation(page, server):
    console, requests = [], []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto("/docs")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    search = page.locator(".opblock-tag", has_text="Suche")
    expect(search).to_be_visible()
    for tag in ("Dokumente", "Normen", "Verwaltung"):
        expect(page.locator(".opblock-tag", has_text=tag)).to_be_visible()
    operation = page.locator(".opblock-summary", has_text="/api/search").first
    expect(operation).to_contain_text("Wissensdatenbank durchsuchen")
    operation.click()
    expect(page.locator(".parameters-container").first).to_contain_text("Frage oder Suchbegriffe")
    assert page.evaluate("window.__csp") == []
    assert not [line for line in console if line.startswith("error") or "Content Security Policy" in line], console
    assert requests and all(url.startswith(server) for url in requests), requests
    assert f"{server}/openapi.json" in requests


def test_redoc_is_gone_rather_than_blank(page):
    response = page.goto("/redoc")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Nicht gefunden")).to_be_visible()
