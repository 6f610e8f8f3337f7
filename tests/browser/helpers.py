"""Helpers of the browser tests: axe-core checks, screenshots, admin login."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from tests.conftest import REPO

# The pictures in docs/ are renewed on request (KB_UPDATE_SCREENSHOTS=1); an ordinary test run
# still takes them, into a temporary folder, so it does not leave changed files in the checkout.
SCREENSHOTS = (REPO / "docs" / "screenshots" if os.environ.get("KB_UPDATE_SCREENSHOTS")
               else Path(tempfile.gettempdir()) / "kb-screenshots")
ADMIN_PASSWORD = "test-passwort"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, axe_source: str) -> list[dict]:
    """Run axe-core's WCAG 2.1 A/AA rules on the current page (evaluate is not subject to CSP)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)


def screenshot(page, name: str) -> None:
    """The current page, full length at 1280 px, into SCREENSHOTS (docs/screenshots/ on request).
    The search time is hidden: it changes on every run, the picture should not."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => document.querySelectorAll('.took').forEach(e => e.style.visibility = 'hidden')")
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True, animations="disabled", caret="hide")


def login_as(page, name: str, password: str) -> None:
    page.goto("/anmelden")
    page.get_by_label("Anmeldename").fill(name)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    page.get_by_role("button", name="Abmelden").wait_for()


def login_admin(page) -> None:
    """The admin created from KB_ADMIN_PASSWORD at start, then on the administration page."""
    login_as(page, "admin", ADMIN_PASSWORD)
    page.goto("/verwaltung")
