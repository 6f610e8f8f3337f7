"""Speed of the structural version diff (`ingest.version_diff`) on real law versions.

Usage: python bench/version_diff.py [--rounds N]
Diffs SGB II before and after the "Neue Grundsicherung" (Markdown, ../shared/corpus-real/laws),
and the two GII XML versions (2025-03, 2026-04) of SGB II, SGB III and the EinglMV (whose
yearly figures change nearly every paragraph). Parsing is timed separately; the figure of interest is the diff of
two parsed documents (issue: well under 2 s for SGB II). Prints the best and median of N rounds.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
LAWS = REPO.parent / "shared" / "corpus-real" / "laws"
PAIRS = [
    ("SGB II md 2026-04 → 2026-08", "history/sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md",
     "md_2026-08_kmein/sgb_2.md"),
    ("SGB II xml 2025-03 → 2026-04", "gii-xml_2025-03_daniel-j-h/sgb_2.xml",
     "gii-xml-c14n_2026-04_eriklueth/sgb_2.xml"),
    ("SGB III xml 2025-03 → 2026-04", "gii-xml_2025-03_daniel-j-h/sgb_3.xml",
     "gii-xml-c14n_2026-04_eriklueth/sgb_3.xml"),
    ("EinglMV xml 2025 → 2026", "gii-xml_2025-03_daniel-j-h/einglmv_2025.xml",
     "gii-xml-c14n_2026-04_eriklueth/einglmv_2026.xml"),
]


def parse(relative: str):
    from ingest.pipeline import parse_bytes

    path = LAWS / relative
    return parse_bytes(path.read_bytes(), path.name), path.stat().st_size


def timed(old, new, rounds: int) -> tuple[list[float], object]:
    from ingest.version_diff import diff_documents

    times, diff = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        diff = diff_documents(old, new)
        times.append(time.perf_counter() - started)
    return times, diff


def bench(label: str, old_path: str, new_path: str, rounds: int) -> None:
    started = time.perf_counter()
    (old, old_size), (new, new_size) = parse(old_path), parse(new_path)
    parsing = time.perf_counter() - started
    times, diff = timed(old, new, rounds)
    counts = diff.counts
    print(f"{label:30s} {old_size / 1e3:5.0f}+{new_size / 1e3:4.0f} KB  parse {parsing:5.2f} s  "
          f"diff best {min(times):5.3f} s median {statistics.median(times):5.3f} s  "
          f"sections {len(diff.sections):4d}: {counts['changed']} changed, {counts['added']} added, "
          f"{counts['removed']} removed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not LAWS.is_dir():
        sys.exit(f"{LAWS} fehlt: die echten Gesetzestexte liegen in ../shared")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    for label, old_path, new_path in PAIRS:
        bench(label, old_path, new_path, args.rounds)


if __name__ == "__main__":
    main()
