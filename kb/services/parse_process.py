"""Parsing one file in a child process that is killed at the wall-time limit.

A parser stuck in a pathological file (a PDF content stream that never ends, a regex on a
megabyte line) cannot be stopped from another thread: Python has no way to kill a thread, and
the old server kept one spinning at 100 % CPU and ignored SIGTERM for 20 s. A process can be
killed. So every file is parsed (`ingest.pipeline.parse_bytes`, with the limits of
`ingest.limits`) in a child process of its own; the parent waits at most `Limits.seconds`, or until
its thread's cancel event is set (the server's shutdown), and kills the child then. Only the
picklable `ParsedDocument` (or the `IngestError`) comes back through a pipe; chunking and
everything after it run in the parent, bounded by the character and chunk limits.

Forkserver, not fork or spawn (measured on the 2-core test machine, a 50 KB PDF, torch busy in
another thread, time per file over parsing in-process): spawn +0.44 s (every child imports the
parsers anew), fork +0.09 s and exposed to
forking a threaded process (a lock held by another thread at the fork stays held in the child),
forkserver +0.02 s after a one-time start of ≈ 1 s: a small single-threaded server process that
has imported the parsers once forks a clean child per file. The child gets the bytes and the
limits pickled, and nothing of the parent's threads, model, database or sockets. A child
outlives a parent killed with SIGKILL by at most the limit: it arms its own alarm.
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from ingest.errors import IngestError
from ingest.limits import Limits, too_slow
from ingest.models import ParsedDocument
from ingest.parsers.ocr_options import OcrOptions, Progress, reporting
from ingest.pipeline import parse_bytes

log = logging.getLogger(__name__)
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["ingest.pipeline", "ingest.parsers.formats"])
_POLL = 0.1  # how often the parent looks at its cancel event while it waits


class ParseCancelled(Exception):
    """The parse was stopped because the process shuts down; the file is not done (the job
    gives it back and resumes it at the next start)."""


@dataclass(eq=False)
class _Running:
    process: multiprocessing.process.BaseProcess
    cancelled: bool = field(default=False)


_running: set[_Running] = set()
_lock = threading.Lock()
_local = threading.local()


@contextlib.contextmanager
def _for_this_thread(name: str, value: object) -> Iterator[None]:
    """`value` as this thread's `name` inside the block, the previous one restored after it."""
    previous = getattr(_local, name, None)
    setattr(_local, name, value)
    try:
        yield
    finally:
        setattr(_local, name, previous)


def cancelled_by(event: threading.Event | None) -> contextlib.AbstractContextManager[None]:
    """Parses started by this thread inside the block stop (`ParseCancelled`) once `event` is set."""
    return _for_this_thread("cancel", event)


def progress_to(progress: Progress | None) -> contextlib.AbstractContextManager[None]:
    """Parses started by this thread inside the block tell `progress` (pages read, pages to read)
    as OCR goes: the child sends each step through the same pipe as its result."""
    return _for_this_thread("progress", progress)


def kill_all() -> int:
    """Kill every running parse child (shutdown); their waiters raise `ParseCancelled`."""
    with _lock:
        running = list(_running)
    for entry in running:
        entry.cancelled = True
        _kill(entry.process)
    return len(running)


def warm_up() -> None:
    """Start the forkserver now (≈ 1 s of imports) rather than with the first file; for the
    server's job worker, so the first upload is refused or read as fast as the later ones."""
    from multiprocessing import forkserver

    forkserver.ensure_running()


def running_count() -> int:
    with _lock:
        return len(_running)


def parse_isolated(data: bytes, name: str, bounds: Limits, ocr: OcrOptions | None = None) -> ParsedDocument:
    """`parse_bytes` in a child process, killed after `bounds.seconds` (`LimitExceeded`) or when
    this thread's cancel event is set (`ParseCancelled`)."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_child, args=(sender, data, name, bounds, ocr), name="kb-parse", daemon=True)
    entry = _Running(child)
    with _lock:
        _running.add(entry)
    try:
        child.start()
        sender.close()
        result = _wait(entry, receiver, bounds)
    finally:
        with _lock:
            _running.discard(entry)
        _kill(child)
        receiver.close()
    if isinstance(result, BaseException):
        raise result
    return result


def _wait(entry: _Running, receiver: Connection, bounds: Limits) -> ParsedDocument | BaseException:
    deadline = time.monotonic() + bounds.seconds
    cancel: threading.Event | None = getattr(_local, "cancel", None)
    while True:
        if entry.cancelled or (cancel is not None and cancel.is_set()):
            raise ParseCancelled("Das Lesen wurde abgebrochen, weil der Server beendet wird.")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            log.warning("Lesen nach %.0f s abgebrochen (Grenze KB_MAX_PARSE_SECONDS)", bounds.seconds)
            raise too_slow(bounds)
        if receiver.poll(min(remaining, _POLL)):
            try:
                message = receiver.recv()
            except EOFError:  # the child died before it answered (killed, out of memory)
                return _died(entry)
            if not isinstance(message, _Step):
                return message
            _tell(message)


@dataclass(frozen=True)
class _Step:
    """A progress message of the child: `done` of `total` pages read by OCR."""

    done: int
    total: int


def _tell(step: _Step) -> None:
    progress = getattr(_local, "progress", None)
    if progress is not None:
        try:
            progress(step.done, step.total)
        except Exception:  # progress is a courtesy: it never fails the parse
            log.exception("Fortschrittsmeldung fehlgeschlagen")


def _died(entry: _Running) -> BaseException:
    if entry.cancelled:
        return ParseCancelled("Das Lesen wurde abgebrochen, weil der Server beendet wird.")
    entry.process.join(1)
    log.warning("Leseprozess ohne Ergebnis beendet (Code %s)", entry.process.exitcode)
    return IngestError("Das Lesen der Datei ist abgebrochen (der Leseprozess wurde beendet, z. B. weil der "
                       "Arbeitsspeicher nicht reichte). Bitte die Datei prüfen oder verkleinern.")


def _kill(process: multiprocessing.process.BaseProcess) -> None:
    """Kill the child and its process group (a parser may run a program, e.g. an OCR engine)."""
    if process.pid is None:
        return
    if process.is_alive():
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        process.kill()
    process.join(2)


def _child(sender: Connection, data: bytes, name: str, bounds: Limits, ocr: OcrOptions | None) -> None:
    """The child's whole life: parse, send the result (or the error), exit."""
    os.setpgid(0, 0)  # its own process group: killing it takes programs it started along
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the server's inherited handler
    signal.alarm(math.ceil(bounds.seconds) + 2)  # even if the parent is gone (SIGKILL)
    try:
        with reporting(lambda done, total: sender.send(_Step(done, total))):
            result: object = parse_bytes(data, name, bounds, ocr)
    except IngestError as exc:
        result = exc
    except MemoryError:
        result = IngestError("Zu wenig Arbeitsspeicher zum Lesen der Datei. Bitte die Datei verkleinern.")
    sender.send(result)
    sender.close()
