"""The JSON access log: one line per request with account, status and time — never the search text.

Real app, real middleware stack, the log written to a real rotating file through the same
`configure` that `kb serve` calls.
"""

from __future__ import annotations

import json
import logging
import stat

import pytest
from fastapi.testclient import TestClient

from kb import access_log_file as access_log
from tests.webui.test_jobs_web import signed_in
from webui.app import create_app

QUESTION = "Frau Beispielname Mietschulden Darlehen"  # as a caseworker might type it


@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / "logs" / "access.jsonl"
    access_log.configure("datei", path, max_bytes=1_000_000, backups=1)
    yield path
    access_log.configure("aus", path, 1, 1)


def _lines(path) -> list[dict]:
    for handler in logging.getLogger("kb.access").handlers:
        handler.flush()
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_request_is_one_json_line_with_the_account_and_never_the_query(fake_kb, log_file):
    app = create_app(fake_kb)
    anonymous = TestClient(app)
    anonymous.get("/api/search", params={"q": QUESTION})
    client = signed_in(app)
    client.get("/", params={"q": QUESTION, "district": "Kusel"})
    client.get("/dokument/2147483647")
    lines = _lines(log_file)
    assert QUESTION.split()[1] not in log_file.read_text(encoding="utf-8")
    search, (login_post, page, missing) = lines[0], lines[-3:]
    assert (search["method"], search["path"], search["status"], search["user"]) == ("GET", "/api/search", 200, None)
    assert (login_post["path"], login_post["status"], login_post["user"]) == ("/anmelden", 303, None)
    assert (page["path"], page["status"], page["user"], page["role"]) == ("/", 200, "admin", "admin")
    assert (missing["path"], missing["status"], missing["user"]) == ("/dokument/2147483647", 404, "admin")
    assert all(line["ms"] >= 0 and line["client"] == "testclient" for line in lines)
    assert page["bytes"] > 1000 and set(page) == {"time", "method", "path", "status", "ms", "bytes", "user",
                                                   "district", "role", "client"}


def test_a_crashing_handler_is_logged_as_500_and_the_file_is_private(fake_kb, log_file):
    app = create_app(fake_kb)

    @app.get("/api/probe/bug")
    def probe_bug():
        raise RuntimeError("secret internal detail")

    TestClient(app, raise_server_exceptions=False).get("/api/probe/bug")
    assert _lines(log_file)[-1]["status"] == 500
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700


def test_the_log_rotates_at_its_size_and_can_be_switched_off(fake_kb, tmp_path):
    path = tmp_path / "logs" / "access.jsonl"
    access_log.configure("datei", path, max_bytes=20_000, backups=1)
    client = TestClient(create_app(fake_kb))
    try:
        for _ in range(150):  # about 200 bytes a line: 30 kB
            client.get("/favicon.ico")
        rotated = path.with_name("access.jsonl.1")
        assert rotated.exists() and rotated.stat().st_size <= 20_000
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        access_log.configure("aus", path, 1, 1)
    before = path.read_text(encoding="utf-8")
    client.get("/favicon.ico")
    assert path.read_text(encoding="utf-8") == before
