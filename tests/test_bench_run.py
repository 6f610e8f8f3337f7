"""`python bench/run.py --quick` runs every quick benchmark and prints their tables (no timing
asserts: only that each figure is there and plausible)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_bench_run_quick_prints_every_table():
    env = {k: v for k, v in os.environ.items() if k != "KB_TEST_POSTGRES_URL"}  # the embedded tables only
    done = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    out = done.stdout
    assert done.returncode == 0, out[-3000:] + done.stderr[-3000:]
    assert "Eingebettet (FAISS + SQLite FTS5)" in out
    header = next(line for line in out.splitlines() if line.startswith("| chunks | build flat s"))
    for column in ("dense exact ms p50/p95", "dense ivf ms p50/p95", "recall@10", "nprobe", "lexical ms p50/p95",
                   "hybrid ms p50/p95", "delete ivf ms", "vector bytes/chunk"):
        assert f"| {column} |" in header
    rows = {line.split(" | ")[0]: line for line in out.splitlines() if re.match(r"\| (2000|8000) \|", line)}
    assert set(rows) == {"| 2000", "| 8000"}
    recall = float(rows["| 8000"].split(" | ")[header.split(" | ").index("recall@10")])
    assert 0.8 <= recall <= 1.0
    assert "| Skript | Status | Sekunden |" in out
    assert re.search(r"\| scale \| ok \|", out) and re.search(r"\| version_diff \| ok \|", out)
    assert re.search(r"\| ingest_speed \| ok \|", out) and "| load | nur im vollen Lauf |" in out
