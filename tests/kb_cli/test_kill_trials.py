"""Crash safety, proven: `kb ingest` and `kb reindex` are killed with SIGKILL at seeded points in
every phase of a write, and after each kill the store is whole — a re-run completes the batch,
no file is stored twice, `kb check` finds database, vectors, originals and indexes in agreement.

The kill lands exactly in its phase through `kb.services.crash_points` (the process kills itself
with SIGKILL the n-th time it passes the named point, as `kill -9` would: no cleanup, no
`finally`). The store grows over the trials (each one ingests a new batch on top of the earlier
ones), so later kills hit a store with history. A server killed during an upload job is
tests/kb_cli/test_crash_resume.py.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
BATCH = 4  # files per trial
FILE_PHASES = ("parsed", "embedded", "stored", "in-transaction", "committed")  # passed once per file
TRIALS = 20
REPO = Path(__file__).resolve().parents[2]


def plan(seed: int = 2026) -> list[tuple[str, int]]:
    """Seeded kill points: every phase at least twice, the file it hits drawn at random."""
    rng = random.Random(seed)
    phases = [*FILE_PHASES, "saving"] * 2
    phases += rng.choices([*FILE_PHASES, "saving"], k=TRIALS - len(phases))
    rng.shuffle(phases)
    return [(p, 1 if p == "saving" else rng.randint(1, BATCH)) for p in phases]


def batch(folder: Path, trial: int) -> Path:
    target = folder / f"stapel-{trial}"
    target.mkdir(parents=True)
    for n in range(BATCH):
        sections = "\n\n".join(f"## {i}. Regel\n\nFür Stapel {trial} Datei {n} gilt Nummer {trial}{n}{i}: "
                               "Die Kosten der Unterkunft werden übernommen." for i in range(1, 12))
        (target / f"rs-{trial}-{n}.md").write_text(f"# Rundschreiben {trial}/{n}\n\n{sections}\n", encoding="utf-8")
    return target


def killed_run(tmp_path: Path, point: tuple[str, int], *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KB_DATA_DIR": str(tmp_path / "data"), "KB_EMBEDDER": "fake", "HF_HUB_OFFLINE": "1",
           "PYTHONPATH": str(REPO), "KB_TEST_CRASH_AT": f"{point[0]}:{point[1]}"}
    return subprocess.run([sys.executable, "-m", "kb_cli.main", *args], env=env, capture_output=True,
                          text=True, timeout=300)




def assert_whole(cli, expected_documents: int) -> None:
    check = cli("check", "--json")
    assert check.exit_code == 0, check.output
    assert json.loads(cli("stats", "--json").output)["documents"] == expected_documents


def test_ingest_killed_in_every_phase_leaves_a_whole_store_that_a_rerun_completes(cli, tmp_path):
    cli("ingest", batch(tmp_path, 0))
    for trial, point in enumerate(plan(), start=1):
        files = batch(tmp_path, trial)
        died = killed_run(tmp_path, point, "ingest", str(files))
        assert died.returncode == -signal.SIGKILL, (point, died.stdout, died.stderr)
        assert cli("check").exit_code in (0, 1)  # readable right after the kill, whatever it says
        rerun = json.loads(cli("ingest", files, "--json").output)
        statuses = sorted(f["status"] for f in rerun["files"])
        assert set(statuses) <= {"added", "unchanged"} and len(statuses) == BATCH, (point, statuses)
        assert_whole(cli, BATCH * (trial + 1))


def test_reindex_killed_while_rebuilding_any_index_is_completed_by_the_next_run(cli, tmp_path):
    cli("ingest", batch(tmp_path, 0), batch(tmp_path, 1))
    for member in (1, 2, 3):  # vectors, lexical index, titles
        died = killed_run(tmp_path, ("rebuilding", member), "reindex")
        assert died.returncode == -signal.SIGKILL, (member, died.stdout, died.stderr)
        assert cli("reindex").exit_code == 0
        assert_whole(cli, 2 * BATCH)
        hits = json.loads(cli("search", "Stapel 1 Datei 3 Nummer 137", "--json").output)["results"]
        assert hits and hits[0]["title"] == "Rundschreiben 1/3"
