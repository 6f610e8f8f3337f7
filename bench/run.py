"""Every benchmark in one command, each script's tables printed in turn, then a summary.

Usage: python bench/run.py [--quick] [--only scale,load] [--postgres URL]

`--quick` (CI, < 2 min): small sizes and short runs of the scripts that need neither the model
nor a server (the load test starts one: full run only). Without it, the full run of
docs/performance.md: the scale benchmark at 10 k, 100 k and 1 M chunks, the load test with 20
clients on the real model, query latency, ingest speed, OCR, … (tens of minutes; run it with
`nice` on a shared machine). Each script runs in its
own process with this checkout first on the path, bounded in time; a failing one is reported in
the summary and does not stop the others. PostgreSQL columns need `--postgres` or
KB_TEST_POSTGRES_URL.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SHARED_DEV = REPO.parent / "shared" / "eval" / "dev.jsonl"

# name: (quick arguments or None = full run only, full arguments, time limit of the full run in s)
SCRIPTS: dict[str, tuple[list[str] | None, list[str], int]] = {
    "scale": (["--sizes", "2000,8000", "--queries", "50"], [], 3600),
    "version_diff": (["--rounds", "1"], [], 300),
    "ingest_speed": ([str(REPO / "corpus" / "kusel"), "--no-embed"], [], 1800),
    "load": (None, ["--clients", "20", "--seconds", "30"], 900),
    "query_latency": (None, [], 1800),
    "visibility_latency": (None, [], 1800),
    "table_rows": (None, [], 900),
    "ocr": (None, [], 900),
}
QUICK_LIMIT = 100  # seconds per script in --quick


def command(name: str, quick: bool, postgres: str | None) -> list[str] | None:
    """The script's command line, or None when it has no quick variant."""
    quick_args, full_args, _ = SCRIPTS[name]
    args = quick_args if quick else full_args
    if args is None:
        return None
    if name == "scale":
        args = [*args, "--postgres", postgres, *(["--pg-sizes", "2000"] if quick else [])] if postgres else [
            *args, "--pg-sizes", ""]
    return [sys.executable, str(BENCH / f"{name}.py"), *args]


def run(name: str, argv: list[str], limit: int) -> tuple[str, float]:
    """Run one script, streaming its output; its status and wall time."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    print(f"\n## {name}: {' '.join(argv[1:])}", flush=True)
    started = time.perf_counter()
    try:
        done = subprocess.run(argv, cwd=REPO, env=env, timeout=limit, check=False)
        status = "ok" if done.returncode == 0 else f"Fehler {done.returncode}"
    except subprocess.TimeoutExpired:
        status = f"abgebrochen nach {limit} s"
    return status, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="kleine Größen, kurze Läufe (< 2 min)")
    parser.add_argument("--only", default="", help="nur diese Skripte, z. B. scale,load")
    parser.add_argument("--postgres", default=os.environ.get("KB_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    names = [n for n in SCRIPTS if not args.only or n in args.only.split(",")]
    summary = []
    for name in names:
        argv = command(name, args.quick, args.postgres)
        if argv is None:
            summary.append((name, "nur im vollen Lauf", 0.0))
            continue
        status, seconds = run(name, argv, QUICK_LIMIT if args.quick else SCRIPTS[name][2])
        summary.append((name, status, seconds))
    print("\n## Zusammenfassung\n| Skript | Status | Sekunden |\n|---|---|---|")
    for name, status, seconds in summary:
        print(f"| {name} | {status} | {seconds:.1f} |")
    return 0 if all(s in ("ok", "nur im vollen Lauf") for _, s, _ in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
