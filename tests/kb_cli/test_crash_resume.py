"""A real `kb serve` is killed (`kill -9`) in the middle of a 10-file upload job and started
again: the job resumes and finishes, no file is ingested twice, and `kb check` finds database and
indexes in agreement. A clean stop (SIGTERM) in the middle gives the job back for the next start.

The files are large enough (about 1.5 s each with the fake embedder) that the kill reliably lands
between the first and the last file; nothing in the product waits for the test.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.kb.test_jobs import WORDS

pytestmark = pytest.mark.slow
FILES = 10
PASSWORD = "geheim-genug-123"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def big_circular(n: int, sections: int = 800) -> bytes:
    """About 1.4 MB of distinct Markdown: many sections of sentences."""
    parts = [f"# Rundschreiben {n}/2026\n"]
    for i in range(sections):
        words = [WORDS[(i * 5 + n * 3 + j * 7) % len(WORDS)] for j in range(144)]
        sentences = ". ".join(" ".join(words[k:k + 12]) for k in range(0, 144, 12))
        parts.append(f"## {i + 1}. Abschnitt {n}-{i}\n\nNach § 22 SGB II ({n}/{i}): {sentences}.\n")
    return "\n".join(parts).encode()


class Server:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, headers: dict[str, str]) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kb_cli.main", "serve", "--no-sample", "--port", str(self.port)],
                env=self.env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                if httpx.get(self.base + "/api/jobs", headers=headers, timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError("Server startet nicht:\n" + self.log.read_text())

    def stop(self, sig: int) -> bool:
        """Send `sig` and wait; True when the server went down by itself (uvicorn shuts down on
        SIGTERM and then re-raises it, so -SIGTERM is a clean exit too)."""
        self.process.send_signal(sig)
        return self.process.wait(timeout=60) in (0, -signal.SIGTERM)


def cli(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb_cli.main", *args], env=env, input=stdin, text=True,
                          capture_output=True, timeout=300)


def job_of(server: Server, headers, job_id: int) -> dict:
    return httpx.get(f"{server.base}/api/jobs/{job_id}", headers=headers, timeout=10).json()


def wait_until(server: Server, headers, job_id: int, done, seconds: float = 240) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = job_of(server, headers, job_id)
        if done(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"Auftrag {job_id} kommt nicht voran: {job}")


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {**os.environ, "KB_DATA_DIR": str(tmp_path / "data"), "KB_EMBEDDER": "fake",
            "KB_SECRET_KEY": "test-secret", "KB_JOB_STALE_SECONDS": "3", "KB_JOB_POLL_SECONDS": "0.5",
            "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}


def test_a_killed_server_resumes_its_upload_job_and_database_and_indexes_agree(env, tmp_path):
    assert cli(env, "user", "add", "admin", "--district", "netzwerk", "--role", "admin",
               stdin=f"{PASSWORD}\n{PASSWORD}\n").returncode == 0
    token = cli(env, "token", "create", "admin").stdout.strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    server = Server(env, tmp_path / "server.log")
    server.start(headers)
    files = [("files", (f"rs-{n}.md", big_circular(n), "text/markdown")) for n in range(FILES)]
    created = httpx.post(server.base + "/api/jobs", files=files, headers=headers, timeout=120)
    assert created.status_code == 202, created.text
    job_id = created.json()["id"]

    wait_until(server, headers, job_id, lambda j: j["files_done"] >= 1)
    server.stop(signal.SIGKILL)
    killed = job_of_database(env, job_id)
    assert killed["state"] == "running" and 1 <= killed["files_done"] <= FILES - 1, killed

    server.start(headers)  # resumes once the heartbeat is stale (3 s here)
    progressed = wait_until(server, headers, job_id, lambda j: j["files_done"] > killed["files_done"]
                            or j["state"] in ("done", "failed"))
    assert server.stop(signal.SIGTERM)  # a clean stop: the job is given back, not left running
    stopped = job_of_database(env, job_id)
    assert stopped["state"] == ("done" if stopped["files_done"] == FILES else "queued"), stopped
    assert stopped["files_done"] >= progressed["files_done"]

    server.start(headers)
    finished = wait_until(server, headers, job_id, lambda j: j["state"] in ("done", "failed"))
    assert finished["state"] == "done", finished
    assert (finished["files_done"], finished["files_failed"]) == (FILES, 0)
    statuses = [i["status"] for i in finished["items"]]
    assert statuses.count("added") >= FILES - 2 and set(statuses) <= {"added", "unchanged"}, statuses
    assert server.stop(signal.SIGTERM)
    assert not (tmp_path / "data" / "jobs" / str(job_id)).exists()  # staged files removed after the job

    check = cli(env, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("stimmt überein") == 2
    stats = cli(env, "stats", "--json")
    assert f'"documents": {FILES}' in stats.stdout  # each file once, none twice


def job_of_database(env: dict[str, str], job_id: int) -> dict:
    """The job as the database has it while no server runs (`kb jobs show --json`)."""
    import json

    shown = cli(env, "jobs", "show", str(job_id), "--json")
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)
