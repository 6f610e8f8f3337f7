"""Two real `kb serve` processes on one PostgreSQL (KB_INDEX_BACKEND=postgres), each with its own
data folder as on two hosts: a document uploaded through one is found through the other at once,
and a delete through the other is gone from the first at once, in every search mode (fake embedder;
bounded in count and time). That neither rebuilds an index for it: tests/kb/test_postgres_backend.py."""

from __future__ import annotations

import signal

import httpx
import pytest

from tests.kb_cli.test_bounded_serve import admin_headers
from tests.kb_cli.test_crash_resume import Server
from tests.kb_cli.test_crash_resume import env as env  # the fixture, re-exported

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(300)]
NOTE = ("# Grenzgänger im Saarland\n\nFür Grenzgänger nach Frankreich gilt die Erreichbarkeit nach § 7b SGB II "
        "auch bei Wohnsitz im Grenzgebiet; die Pendelzeit wird nicht als Ortsabwesenheit gewertet.\n").encode()
QUERY = "Grenzgänger Frankreich Erreichbarkeit"


def sources(server: Server, headers, mode: str) -> list[str]:
    answer = httpx.get(server.base + "/api/search", params={"q": QUERY, "mode": mode}, headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return [hit["source"] for hit in answer.json()["results"]]


def found_everywhere(servers: list[Server], headers) -> list[bool]:
    return ["grenzgaenger.md" in sources(s, headers, mode) for s in servers for mode in ("dense", "lexical", "hybrid")]


def test_two_servers_on_one_postgresql_see_each_others_upload_and_delete_at_once(env, tmp_path, postgres_database):
    shared = {**env, "KB_DATABASE_URL": postgres_database, "KB_INDEX_BACKEND": "postgres"}
    headers = admin_headers(shared)
    servers = [Server({**shared, "KB_DATA_DIR": str(tmp_path / name)}, tmp_path / f"{name}.log")
               for name in ("eins", "zwei")]
    try:
        for server in servers:
            server.start(headers)
        assert found_everywhere(servers, headers) == [False] * 6
        files = {"files": ("grenzgaenger.md", NOTE, "text/markdown")}
        created = httpx.post(servers[0].base + "/api/documents", files=files, headers=headers, timeout=60)
        assert created.status_code == 200 and created.json()["status"] == "added", created.text
        assert found_everywhere(servers, headers) == [True] * 6
        gone = httpx.delete(f"{servers[1].base}/api/documents/{created.json()['document_id']}", headers=headers,
                            timeout=60)
        assert gone.status_code == 200, gone.text
        assert found_everywhere(servers, headers) == [False] * 6
    finally:
        for server in servers:
            if server.process and server.process.poll() is None:
                server.stop(signal.SIGTERM)
