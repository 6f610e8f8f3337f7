"""Wall time of everyday commands and of a restart with data present (issue 16: `kb stats` < 1 s,
restart < 5 s).

    python bench/commands.py [--data DIR] [--runs 5] [--no-restart]

Each command runs `--runs` times in a fresh interpreter against DIR (default: the repository's
`data/`, as `scripts/run.sh` uses it); the best and the median are printed. The restart runs
`scripts/run.sh` (setup check, then `kb serve --demo`) on a free port of 127.0.0.1 and times it
until the start page answers, then stops it.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.served import REPO, free_port

COMMANDS = (("kb --help", ["--help"]), ("kb stats", ["stats"]), ("kb stats --json", ["stats", "--json"]),
            ("kb user list", ["user", "list"]), ("kb audit", ["audit"]),
            ("kb delete (unbekannte ID)", ["delete", "999999999"]))


def time_command(args: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Seconds of `runs` runs of `kb ARGS` (the exit code does not matter: errors are timed too)."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kb_cli.main", *args], env=env, capture_output=True, timeout=120)
        times.append(time.perf_counter() - began)
    return times


def time_restart(env: dict[str, str], seconds: float = 120) -> float:
    """Seconds from `scripts/run.sh` to the first answer of the start page."""
    port = free_port()
    began = time.perf_counter()
    process = subprocess.Popen([str(REPO / "scripts" / "run.sh"), "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while time.perf_counter() - began < seconds:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                    return time.perf_counter() - began
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("Server antwortet nicht")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "data")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-restart", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "KB_DATA_DIR": str(args.data), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)}
    print(f"{'Befehl':32} {'bestes':>8} {'Median':>8}")
    for label, cli_args in COMMANDS:
        times = time_command(cli_args, env, args.runs)
        print(f"{label:32} {min(times):7.2f}s {statistics.median(times):7.2f}s")
    if not args.no_restart:
        restarts = [time_restart(env) for _ in range(3)]
        print(f"{'Neustart scripts/run.sh':32} {min(restarts):7.2f}s {statistics.median(restarts):7.2f}s")


if __name__ == "__main__":
    main()
