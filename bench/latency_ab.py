"""Query latency of two checkouts, measured alternately in one run (A, B, A, B, …).

Usage: python bench/latency_ab.py OLD_CHECKOUT NEW_CHECKOUT [--pairs N]
Each checkout runs its own `bench/query_latency.py --rounds 1` in a fresh process (its own
code, its own data directory); taking turns spreads the machine's drift over both, which a
before/after pair of runs would not. Prints p50/p95 per mode and checkout, median over pairs.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

LINE = re.compile(r"^(?P<label>.+?)\s+p50\s+(?P<p50>[\d.]+) ms\s+p95\s+(?P<p95>[\d.]+) ms")


def run(checkout: Path) -> dict[str, tuple[float, float]]:
    env = {**os.environ, "PYTHONPATH": str(checkout.resolve())}  # that checkout's code, not the installed one
    out = subprocess.run([sys.executable, "bench/query_latency.py", "--rounds", "1"], cwd=checkout, env=env,
                         capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        if match := LINE.match(line):
            found[match["label"].strip()] = (float(match["p50"]), float(match["p95"]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    runs: dict[str, list[dict]] = {"old": [], "new": []}
    for i in range(args.pairs):
        for name in ("old", "new") if i % 2 == 0 else ("new", "old"):
            runs[name].append(run(getattr(args, name)))
            print(f"pair {i + 1}: {name} done", flush=True)
    print(f"{'':42s} {'old p50':>8s} {'old p95':>8s} {'new p50':>8s} {'new p95':>8s}")
    for label in runs["old"][0]:
        cells = [statistics.median(r[label][j] for r in runs[name]) for name in ("old", "new") for j in (0, 1)]
        print(f"{label:42s} " + " ".join(f"{c:8.1f}" for c in cells))


if __name__ == "__main__":
    main()
