"""Parsing in a child process: the same result as in-process, killed at the wall-time limit or
when the server stops (the job is given back, its file stays pending), no child left behind."""

from __future__ import annotations

import os
import threading
import time

import pytest

from ingest.limits import LimitExceeded, Limits
from ingest.pipeline import parse_bytes
from kb.access import SYSTEM
from kb.services import parse_process
from kb.services.parse_process import ParseCancelled, cancelled_by, parse_isolated
from kb.services.worker import JobWorker
from tests.conftest import CORPUS
from tests.data.bad.pdf_bytes import text_page_pdf


@pytest.fixture(scope="module")
def slow_pdf() -> bytes:
    """2000 pages of text: several seconds of parsing, within every limit but the time."""
    return text_page_pdf([f"Zeile {i} zur Angemessenheit der Kosten der Unterkunft" for i in range(30)], pages=2000)


def children_pids() -> set[int]:
    """Processes of this test run's forkserver (parse children are the forkserver's, not ours,
    in the OS's eyes); forkservers of other processes on the machine do not count."""
    parents, forks = {}, set()
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmd, open(f"/proc/{entry}/status") as status:
                is_fork, info = b"forkserver" in cmd.read(), status.read()
        except OSError:
            continue
        parents[int(entry)] = int(info.split("PPid:\t", 1)[1].split()[0])
        if is_fork and "State:\tZ" not in info:
            forks.add(int(entry))
    return {pid for pid in forks if _descends(pid, parents)}


def _descends(pid: int, parents: dict[int, int]) -> bool:
    while pid > 1:
        pid = parents.get(pid, 0)
        if pid == os.getpid():
            return True
    return False


def test_the_child_returns_what_parsing_in_process_gives():
    data = (CORPUS / "kusel" / "rs-2025-04-kdu-angemessenheit.pdf").read_bytes()
    assert parse_isolated(data, "rs.pdf", Limits()) == parse_bytes(data, "rs.pdf", Limits())


def test_an_error_of_the_parser_comes_back_with_its_german_message():
    with pytest.raises(LimitExceeded, match="KB_MAX_DOCUMENT_CHARS") as refused:
        parse_isolated(b"Kosten der Unterkunft " * 1000, "a.txt", Limits(max_chars=1000))
    assert refused.value.limit == "KB_MAX_DOCUMENT_CHARS"


def test_a_parse_over_the_wall_time_is_killed_at_the_limit(slow_pdf):
    parse_isolated(b"warm up the forkserver", "a.txt", Limits())
    before = children_pids()
    started = time.monotonic()
    with pytest.raises(LimitExceeded) as refused:
        parse_isolated(slow_pdf, "langsam.pdf", Limits(seconds=1))
    elapsed = time.monotonic() - started
    assert 1 <= elapsed < 3, elapsed
    assert str(refused.value) == ("Das Lesen der Datei dauerte länger als 1 Sekunden und wurde abgebrochen "
                                  "(Grenze KB_MAX_PARSE_SECONDS).")
    assert parse_process.running_count() == 0 and children_pids() <= before


def _parse_in_thread(data: bytes, stop: threading.Event | None = None) -> dict:
    outcome: dict = {}

    def run() -> None:
        with cancelled_by(stop):
            try:
                parse_isolated(data, "langsam.pdf", Limits())
            except BaseException as exc:  # the test looks at what came out
                outcome["error"] = exc
            outcome["at"] = time.monotonic()

    outcome["thread"] = threading.Thread(target=run)
    outcome["thread"].start()
    deadline = time.monotonic() + 10
    while parse_process.running_count() == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)  # the child is parsing now
    return outcome


@pytest.mark.parametrize("how", ["event", "kill_all"])
def test_a_parse_is_stopped_at_once_by_its_cancel_event_or_kill_all(slow_pdf, how):
    stop = threading.Event()
    outcome = _parse_in_thread(slow_pdf, stop)
    asked = time.monotonic()
    stop.set() if how == "event" else parse_process.kill_all()
    outcome["thread"].join(5)
    assert isinstance(outcome["error"], ParseCancelled)
    assert outcome["at"] - asked < 0.5
    assert parse_process.running_count() == 0


def test_stopping_the_worker_mid_parse_gives_the_job_back_with_its_file_pending(fake_kb, slow_pdf):
    batch = fake_kb.jobs.acting(SYSTEM).upload_batch()
    with batch:
        batch.add("langsam.pdf", slow_pdf)
        job = fake_kb.jobs.acting(SYSTEM).submit_upload(batch, None)
    worker = JobWorker(fake_kb.job_runner, fake_kb.jobs, fake_kb.settings.jobs)
    worker.start()
    deadline = time.monotonic() + 20
    while parse_process.running_count() == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert parse_process.running_count() == 1
    started = time.monotonic()
    worker.stop()
    assert time.monotonic() - started < 1 and not worker.running
    assert parse_process.running_count() == 0
    after = fake_kb.jobs.acting(SYSTEM).get(job.id)
    assert after.state == "queued" and [i.status for i in after.items] == ["pending"]
