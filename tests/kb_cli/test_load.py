"""The bounded form of the load test (bench/load.py) in CI: 20 concurrent clients search a real
`kb serve` on loopback while an upload job and a rebuild of the indexes run — zero errors, both
jobs done, and every request in the access log. Figures of a full run: docs/reliability.md.
"""

from __future__ import annotations

import json
import shutil

import pytest

from bench.load import prepare, run_blocking
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow


def test_twenty_clients_search_without_error_while_ingest_and_reindex_run(tmp_path):
    corpus = shutil.copytree(CORPUS / "kusel", tmp_path / "corpus")  # one district: a quick start
    served = prepare(tmp_path / "data", fake=True, corpus=corpus)
    with served:
        result = run_blocking(served, clients=20, seconds=8, files=3)
    assert result["errors"] == {} and result["ok"] >= 20, result
    assert result["jobs"] == {"Einlesen": "done", "Neuaufbau": "done"}, result
    log = [json.loads(line) for line in (tmp_path / "data" / "logs" / "access.jsonl").read_text().splitlines()]
    searches = [e for e in log if e["path"] in ("/", "/api/search") and e["status"] == 200]
    assert len(searches) >= result["ok"]
    assert not [e for e in log if e["status"] >= 500]
