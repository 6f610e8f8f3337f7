"""Access log as JSON lines: who asked for what, with which answer, how fast — and nothing more.

One line per request, so that an operator can answer "who opened document 123 yesterday", "which
account saw the 401s" or "when did the 5xx start" with `jq`, and ship the file to the district's
log system as it is. What is deliberately *not* written: the query string (search questions are
typed by caseworkers and may name a client; tokens never travel there, but a pasted link might
carry anything), request and response bodies, cookies and headers. The path is written, since it
only ever holds document ids, norm names and page names; the personal feed's token is cut off.
The account (login, district, role) is the one the request was authorised as; `null` for
anonymous requests and failed logins.

A pure ASGI middleware rather than `@app.middleware`: it also sees streamed and file responses and
the status of requests whose handler raised (logged as 500 before the error travels on).
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime

from kb.access_log_file import ACCESS_LOGGER

log = logging.getLogger(ACCESS_LOGGER)


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


def _redacted(path: str | None) -> str | None:
    """The one path that carries a secret: the personal feed's token (`/feeds/ich/{token}.atom`)."""
    return "/feeds/ich/…" if path and path.startswith("/feeds/ich/") else path


def entry(scope, seen: dict, seconds: float) -> dict:
    """The line of one request; see the module docstring for what is left out and why."""
    principal = scope.get("state", {}).get("principal")
    signed_in = principal is not None and not principal.anonymous
    client = scope.get("client")
    return {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "method": scope.get("method"),
            "path": _redacted(scope.get("path")), "status": seen["status"], "ms": round(seconds * 1000, 1),
            "bytes": seen["bytes"], "user": principal.login if signed_in else None,
            "district": principal.district if signed_in else None, "role": principal.role if signed_in else None,
            "client": client[0] if client else None}
