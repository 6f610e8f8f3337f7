"""Load on a real `kb serve`: concurrent searching clients while an ingest job and a reindex run.

Usage: python bench/load.py [--clients 20] [--seconds 30] [--files 10] [--fake] [--data DIR] [--json]

Starts `kb serve` on 127.0.0.1 (free port) over DIR (a temporary store when omitted; `--fake`
uses the fake embedder, else the real model with the shared embedding cache), creates an admin
with an API token, ingests the sample corpus first if DIR is empty, then runs the clients — each
one request at a time, questions from eval/*.jsonl in turn, half through the JSON API and half
through the search page — for `--seconds`. Meanwhile it uploads `--files` new circulars as one
job (`POST /api/jobs`) and queues a rebuild of the indexes (the admin form, with session and CSRF
token, as a person would), and keeps going until both jobs have ended. Bounded: a fixed number
of clients, a fixed duration, 30 s timeout per request, the server on loopback only.
Prints throughput, p50/p95/p99/max latency and every error (status ≥ 500, wrong status,
timeouts, refused connections) — the figures of docs/reliability.md.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import platform
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.served import REPO, Served, kb_cli

PASSWORD = "last-test-passwort-1"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Tally:
    """What the clients saw: latencies of good answers, and every bad one by kind."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    ended: float = 0.0

    def bad(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def summary(self) -> dict:
        ms = sorted(x * 1000 for x in self.latencies) or [0.0]
        cuts = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
        seconds = (self.ended or time.monotonic()) - self.started
        return {"requests": len(self.latencies) + sum(self.errors.values()), "ok": len(self.latencies),
                "errors": dict(self.errors), "seconds": round(seconds, 1),
                "per_second": round(len(self.latencies) / seconds, 1), "p50_ms": round(cuts[49], 1),
                "p95_ms": round(cuts[94], 1), "p99_ms": round(cuts[98], 1), "max_ms": round(ms[-1], 1)}


def questions() -> list[str]:
    found = [json.loads(line)["q"] for path in sorted((REPO / "eval").glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return found or ["KdU Angemessenheit"]


async def one(http: httpx.AsyncClient, n: int, question: str, tally: Tally) -> None:
    path, params = ("/api/search", {"q": question, "k": 10}) if n % 2 else ("/", {"q": question})
    began = time.monotonic()
    try:
        response = await http.get(path, params=params)
    except httpx.TimeoutException:
        tally.bad("Zeitüberschreitung")
    except httpx.TransportError as exc:
        tally.bad(f"Verbindung: {type(exc).__name__}")
    else:
        if response.status_code == 200:
            tally.latencies.append(time.monotonic() - began)
        else:
            tally.bad(f"HTTP {response.status_code}")


async def client(base: str, headers: dict, offset: int, until, tally: Tally) -> None:
    asked = questions()
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as http:
        n = offset
        while not until():
            await one(http, n, asked[n % len(asked)], tally)
            n += 1


def circular(n: int) -> bytes:
    """A new, distinct circular of a few sections (so the ingest job has real work)."""
    body = "\n\n".join(f"## {i}. Abschnitt\n\nNach § 22 SGB II gilt für Fall {n}-{i}: Die Kosten der "
                       f"Unterkunft werden bis zur Angemessenheitsgrenze übernommen, Nummer {n * 100 + i}."
                       for i in range(1, 40))
    return f"# Lasttest-Rundschreiben {n}/2026\n\n{body}\n".encode()


def start_ingest(base: str, headers: dict, files: int) -> int:
    upload = [("files", (f"lasttest-{n}.md", circular(n), "text/markdown")) for n in range(files)]
    response = httpx.post(base + "/api/jobs", files=upload, headers=headers, timeout=120)
    response.raise_for_status()
    return response.json()["id"]


def start_reindex(base: str) -> int:
    """As an admin in the browser: sign in, take the form's CSRF token, press the button."""
    with httpx.Client(base_url=base, timeout=60) as web:
        token = CSRF.search(web.get("/anmelden").text).group(1)
        web.post("/anmelden", data={"login": "admin", "password": PASSWORD, "csrf": token})
        token = CSRF.search(web.get("/verwaltung").text).group(1)
        done = web.post("/verwaltung/neu-indizieren", data={"csrf": token}, follow_redirects=False)
    return int(done.headers["location"].rsplit("/", 1)[1])


def job_states(base: str, headers: dict, ids: list[int]) -> list[str]:
    return [httpx.get(f"{base}/api/jobs/{i}", headers=headers, timeout=30).json()["state"] for i in ids]


async def run(served: Served, clients: int, seconds: float, files: int) -> dict:
    headers = served.headers
    ids = [start_ingest(served.base, headers, files), start_reindex(served.base)]
    deadline = time.monotonic() + seconds
    states: list[str] = []

    def until() -> bool:
        return time.monotonic() >= deadline and all(s in ("done", "failed") for s in states)

    async def watch() -> None:
        while not until():
            states[:] = await asyncio.to_thread(job_states, served.base, headers, ids)
            await asyncio.sleep(0.5)

    tally = Tally()
    await asyncio.gather(watch(), *(client(served.base, headers, n, until, tally) for n in range(clients)))
    tally.ended = time.monotonic()
    return {**tally.summary(), "clients": clients, "jobs": dict(zip(("Einlesen", "Neuaufbau"), states, strict=True))}


def run_blocking(served: Served, clients: int, seconds: float, files: int) -> dict:
    """`run` from synchronous code, in a thread of its own: the caller may already be inside an
    event loop (pytest with Playwright's sync API), where `asyncio.run` is refused."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run(served, clients, seconds, files)).result()


def prepare(data: Path, fake: bool, corpus: Path = REPO / "corpus") -> Served:
    """The server over `data`; an empty store first gets an admin and the documents of `corpus`."""
    env = Served.environment(data, fake)
    if not (data / "kb.sqlite3").exists():
        kb_cli(env, "user", "add", "admin", "--district", "netzwerk", "--role", "admin",
               stdin=f"{PASSWORD}\n{PASSWORD}\n")
        kb_cli(env, "ingest", str(corpus))
    token = kb_cli(env, "token", "create", "admin").stdout.strip().splitlines()[-1]
    return Served(env, {"Authorization": f"Bearer {token}"}, data / "load-server.log")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--fake", action="store_true", help="Fake-Einbettung statt des echten Modells")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        served = prepare((args.data or Path(tmp) / "data").resolve(), args.fake)
        with served:
            result = run_blocking(served, args.clients, args.seconds, args.files)
    result["machine"] = f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"
    print(json.dumps(result, ensure_ascii=False, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
