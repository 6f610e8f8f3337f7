"""A real `kb serve` (uvicorn subprocess on 127.0.0.1, fake embedder) under the files of issue 17,
with the default limits:

- SIGTERM while the job worker parses a huge file: the server is gone within 5 s, no parse child
  survives, and the job is given back (its file pending) for the next start.
- the 1 MB DOCX that unpacks to 300 MB of text (web upload job) and a 60 MB text (`kb ingest`,
  a second process on the same data) are refused within the wall-time limit with a German
  message naming KB_MAX_DOCUMENT_CHARS, while the server keeps answering /api/search.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.data.bad.make_bad import make_all
from tests.data.bad.pdf_bytes import text_page_pdf
from tests.kb_cli.test_crash_resume import PASSWORD, Server, cli, job_of_database, wait_until
from tests.kb_cli.test_crash_resume import env as env  # the fixture, re-exported

pytestmark = pytest.mark.slow
DEFAULT_PARSE_SECONDS = 120  # stricter than the default KB_MAX_PARSE_SECONDS (600 s, room for OCR)


def admin_headers(env: dict[str, str]) -> dict[str, str]:
    assert cli(env, "user", "add", "admin", "--district", "netzwerk", "--role", "admin",
               stdin=f"{PASSWORD}\n{PASSWORD}\n").returncode == 0
    token = cli(env, "token", "create", "admin").stdout.strip().splitlines()[-1]
    return {"Authorization": f"Bearer {token}"}


def descendants(pid: int) -> set[int]:
    """Living processes below `pid` (the forkserver and the parse children it forked)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z":
            parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def test_kb_serve_ends_within_5_s_of_sigterm_while_a_huge_file_is_parsed(env, tmp_path):
    headers = admin_headers(env)
    server = Server(env, tmp_path / "server.log")
    server.start(headers)
    try:
        job_id, children = _parsing_a_huge_file(server, headers)
        started = time.monotonic()
        assert server.stop(signal.SIGTERM)
        exit_seconds = time.monotonic() - started
    finally:
        if server.process.poll() is None:  # a failed test leaves no server behind
            server.process.kill()
    print(f"\nkb serve nach SIGTERM beendet in {exit_seconds:.2f} s")
    assert exit_seconds < 5, exit_seconds
    deadline = time.monotonic() + 3  # the forkserver ends when it sees its parent gone
    while (alive := {p for p in children if _alive(p)}) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive, f"Leseprozess überlebt: {alive}"
    job = job_of_database(env, job_id)
    assert job["state"] == "queued" and job["items"][0]["status"] == "pending", job


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _parsing_a_huge_file(server: Server, headers) -> tuple[int, set[int]]:
    """Upload a PDF of 2900 pages and wait until its parse child runs; the job and the server's
    child processes (forkserver and parse child)."""
    huge = text_page_pdf([f"Zeile {i} zu den Kosten der Unterkunft und Heizung" for i in range(40)], pages=2900)
    created = httpx.post(server.base + "/api/jobs", files=[("files", ("riesig.pdf", huge, "application/pdf"))],
                         headers=headers, timeout=60)
    assert created.status_code == 202, created.text
    job_id = created.json()["id"]
    wait_until(server, headers, job_id, lambda j: j["state"] == "running", seconds=30)
    time.sleep(1.5)  # the parse child is busy (2900 pages take far longer)
    children = descendants(server.process.pid)
    assert len(children) >= 2, "kein Leseprozess"  # forkserver + child
    assert job_of(server, headers, job_id)["items"][0]["status"] == "pending"
    return job_id, children


def job_of(server: Server, headers, job_id: int) -> dict:
    return httpx.get(f"{server.base}/api/jobs/{job_id}", headers=headers, timeout=10).json()


class Searches(threading.Thread):
    """Searches the live server again and again; records every status and duration."""

    def __init__(self, server: Server, headers) -> None:
        super().__init__(daemon=True)
        self.server, self.headers = server, headers
        self.results: list[tuple[int, float]] = []
        self.done = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.server.base, headers=self.headers, timeout=30) as client:
            while not self.done.is_set():
                started = time.monotonic()
                status = client.get("/api/search", params={"q": "Kosten der Unterkunft"}).status_code
                self.results.append((status, time.monotonic() - started))
                time.sleep(0.05)


def test_the_issue_17_bombs_are_refused_in_time_while_the_server_answers_searches(env, tmp_path):
    bad = make_all(tmp_path / "bad", only={"text-bomb.docx", "60-mb.txt"})
    headers = admin_headers(env)
    assert cli(env, "ingest", str(Path(__file__).resolve().parents[2] / "corpus" / "kusel")).returncode == 0
    server = Server(env, tmp_path / "server.log")
    server.start(headers)
    searches = Searches(server, headers)
    searches.start()
    try:
        started = time.monotonic()
        created = httpx.post(server.base + "/api/jobs", headers=headers, timeout=60,
                             files=[("files", ("bombe.docx", bad["text-bomb.docx"].read_bytes()))])
        assert created.status_code == 202, created.text
        via_cli = subprocess.Popen([sys.executable, "-m", "kb_cli.main", "ingest", str(bad["60-mb.txt"]), "--json"],
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        job = wait_until(server, headers, created.json()["id"], lambda j: j["state"] in ("done", "failed"),
                         seconds=DEFAULT_PARSE_SECONDS)
        upload_seconds = time.monotonic() - started
        out, err = via_cli.communicate(timeout=DEFAULT_PARSE_SECONDS)
        cli_seconds = time.monotonic() - started
    finally:
        searches.done.set()
        searches.join(30)
        server.stop(signal.SIGTERM)
    report = json.loads(out[out.index("{"):])
    print(f"\nDOCX-Bombe (Upload-Auftrag) abgelehnt nach {upload_seconds:.1f} s, 60-MB-Text: kb ingest endet "
          f"nach {cli_seconds:.1f} s (Auftrag {report['seconds']:.1f} s); {len(searches.results)} Suchen, "
          f"langsamste {max(d for _, d in searches.results):.2f} s")
    assert job["items"][0]["status"] == "failed" and "KB_MAX_DOCUMENT_CHARS" in job["items"][0]["reason"], job
    assert via_cli.returncode == 1 and "KB_MAX_DOCUMENT_CHARS" in report["files"][0]["reason"], out + err
    assert max(upload_seconds, cli_seconds) < DEFAULT_PARSE_SECONDS
    assert searches.results and {status for status, _ in searches.results} == {200}
    assert max(d for _, d in searches.results) < 5
