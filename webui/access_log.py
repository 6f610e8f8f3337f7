"""Access log as JSON lines: who asked for what, with which answer, how fast — and nothing more.

One line per request, so that an operator can answer "who opened document 123 yesterday", "which
account saw the 401s" or "when did the 5xx start" with `jq`, and ship the file to the district's
log system as it is. What is deliberately *not* written: the query string (search questions are
typed by caseworkers and may name a client; tokens never travel there, but a pasted link might
carry anything), request and response bodies, cookies and headers. The path is written, since it
only ever holds document ids, norm names and page names. The account (login, district, role) is
the one the request was authorised as; `null` for anonymous requests and failed logins.

A pure ASGI middleware rather than `@app.middleware`: it also sees streamed and file responses and
the status of requests whose handler raised (logged as 500 before the error travels on).
"""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from index.private import FILE_MODE, private_dir

log = logging.getLogger("kb.access")


class AccessLog:
    """ASGI middleware writing one JSON line per HTTP request to the `kb.access` logger."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not log.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        start, seen = time.perf_counter(), {"status": 500, "bytes": 0}
        scope.setdefault("state", {})

        async def watching(message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body":
                seen["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, watching)
        finally:
            log.info(json.dumps(entry(scope, seen, time.perf_counter() - start), ensure_ascii=False))


def entry(scope, seen: dict, seconds: float) -> dict:
    """The line of one request; see the module docstring for what is left out and why."""
    principal = scope.get("state", {}).get("principal")
    signed_in = principal is not None and not principal.anonymous
    client = scope.get("client")
    return {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "method": scope.get("method"),
            "path": scope.get("path"), "status": seen["status"], "ms": round(seconds * 1000, 1),
            "bytes": seen["bytes"], "user": principal.login if signed_in else None,
            "district": principal.district if signed_in else None, "role": principal.role if signed_in else None,
            "client": client[0] if client else None}


class PrivateRotatingFile(RotatingFileHandler):
    """Rotating log file created 0600 (it names accounts and addresses of staff)."""

    def _open(self):
        return open(self.baseFilename, self.mode, encoding=self.encoding,
                    opener=lambda path, flags: os.open(path, flags, FILE_MODE))


def configure(target: str, path: Path, max_bytes: int, backups: int) -> None:
    """Send the access log to `target`: 'datei' (rotating JSON lines file), 'stderr' or 'aus'.
    Replaces an earlier configuration (a second `kb serve` in one process, tests)."""
    for old in list(log.handlers):
        log.removeHandler(old)
        old.close()
    log.propagate = False
    if target == "aus":
        log.setLevel(logging.CRITICAL + 1)
        return
    private_dir(path.parent)
    handler = (logging.StreamHandler() if target == "stderr"
               else PrivateRotatingFile(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"))
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
