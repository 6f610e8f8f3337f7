"""Browser tests: the real server over the sample corpus, driven by Playwright in headless Chromium.

The corpus is ingested once per session with the deterministic fake embedder (these tests are
about the pages, not about ranking) plus one law excerpt, so the norm page has law text to show.
The server runs in a thread with uvicorn on a free port of 127.0.0.1. Chromium is Debian's
(`/usr/bin/chromium`, Playwright's own download is blocked here); axe-core comes from npm.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser.helpers import ADMIN_PASSWORD
from tests.conftest import CORPUS

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("KB_CHROMIUM", "/usr/bin/chromium"))
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def browser_kb(tmp_path_factory):
    kb = small_kb(tmp_path_factory.mktemp("browser"))
    report = kb.ingesting.ingest([CORPUS])
    assert report.count("failed") == 0, [f for f in report.files if f.status == "failed"]
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def server(browser_kb) -> str:
    """Base URL of the real app served by uvicorn in a background thread."""
    import uvicorn

    from webui.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(browser_kb), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")  # on: the job worker runs
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, name="kb-test-server", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    _wait_until_up(base, srv)
    urllib.request.urlopen(base + "/?q=Aufw%C3%A4rmen", timeout=60).read()  # indexes, caches
    yield base
    srv.should_exit = True
    thread.join(timeout=10)


def small_kb(root: Path, **settings):
    """A knowledge base for the browser tests: fake embedder, the bootstrap admin, anonymous
    reading (the session's corpus, or a module's own data for `own_server`). The fake vectors
    carry no meaning, so by default every passage counts as a match (`match_weak=0`); a test
    of the "no matching passage" notice passes the real thresholds."""
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    given = {"match_weak": 0.0, "match_good": 0.0} | settings
    return KnowledgeBase(Settings(data_dir=root / "data", embedder="fake", admin_password=ADMIN_PASSWORD,
                                  secret_key="test-secret", anonymous_read=True, **given))


@contextmanager
def own_server(kb):
    """The app over `kb` served by uvicorn in a thread, for a test module with data of its own;
    yields the base URL."""
    import uvicorn

    from webui.app import create_app

    srv = uvicorn.Server(uvicorn.Config(create_app(kb), host="127.0.0.1", port=_free_port(),
                                        log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{srv.config.port}"
    _wait_until_up(base, srv)
    try:
        yield base
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def _wait_until_up(base: str, srv, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if srv.started:
            try:
                with urllib.request.urlopen(base + "/api/norms", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
        time.sleep(0.05)
    raise RuntimeError(f"Testserver {base} antwortet nicht")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium fehlt ({CHROMIUM}); installieren mit: apt-get install -y chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Python-Paket playwright fehlt")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser, server: str, **options):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900},
                                  locale="de-DE", **options)
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, server):
    context, page = new_page(browser, server)
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser, server):
    context, page = new_page(browser, server, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core from npm (`package-lock.json` pins the version), installed on first use."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm fehlt: axe-core kann nicht installiert werden (apt-get install -y npm)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True,
                       capture_output=True, timeout=300)
    return AXE.read_text(encoding="utf-8")
