"""The first start of `kb serve` on an empty database: the server answers at once, reads the
sample corpus as a background job, and every page says so until the job has ended."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.kb_cli.test_crash_resume import _free_port

pytestmark = pytest.mark.slow
NOTICE = "Beispielkorpus wird eingelesen"


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            return httpx.get(url, timeout=10)
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("Server antwortet nicht:\n" + log.read_text())


def test_the_first_start_answers_while_the_sample_corpus_is_read(tmp_path):
    env = {**os.environ, "KB_DATA_DIR": str(tmp_path / "data"), "KB_EMBEDDER": "fake",
           "KB_SECRET_KEY": "test-secret", "KB_JOB_POLL_SECONDS": "0.5", "KB_ANONYMOUS_READ": "true",
           "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    port, log = _free_port(), tmp_path / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "kb_cli.main", "serve", "--port", str(port)],
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        first = _wait_for(f"http://127.0.0.1:{port}/", process, log)
        assert first.status_code == 200 and NOTICE in first.text, first.text[:2000]
        deadline = time.monotonic() + 240
        while NOTICE in (page := httpx.get(f"http://127.0.0.1:{port}/dokumente", timeout=30).text):
            assert time.monotonic() < deadline, "Beispielkorpus wird nicht fertig"
            time.sleep(1)
        assert "Sozialgesetzbuch" in page  # the corpus is in, the notice gone
        deadline = time.monotonic() + 10  # the terminal's summary line, once its bar sees the end
        while "Beispielkorpus: " not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert " 0 fehlgeschlagen" in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=30)
