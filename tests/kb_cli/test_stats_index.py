"""`kb stats --index` names the vector index's kind and parameters."""

from __future__ import annotations

import json

from kb_cli.admin_cmd import describe_vector_index


def test_stats_index_shows_the_exact_index_and_its_threshold(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("KB_FAISS_ANN_THRESHOLD", "70000")
    (tmp_path / "a.md").write_text("# Heizung\n\nDie Heizkosten werden übernommen.\n", encoding="utf-8")
    cli("ingest", tmp_path / "a.md")
    details = json.loads(cli("stats", "--index", "--json").output)["index_details"]
    assert details == {"kind": "flat", "vectors": 1, "threshold": 70000, "training": False}
    assert "Vektorindex: exakt (flat), IVF ab 70.000 Vektoren" in cli("stats", "--index").output
    assert json.loads(cli("stats", "--json").output)["index_details"] == {}  # quick: no index loaded


def test_an_ivf_index_is_described_with_nlist_nprobe_and_measured_recall():
    line = describe_vector_index({"kind": "ivf", "vectors": 120_000, "threshold": 50_000, "training": False,
                                  "nlist": 1386, "nprobe": 24, "recall": 0.9612, "trained_on": 120_000})
    assert line == ("Vektorindex: IVF (nlist 1386, nprobe 24, Recall@10 0,961 gegenüber exakter Suche, "
                    "trainiert auf 120000 Vektoren)")
