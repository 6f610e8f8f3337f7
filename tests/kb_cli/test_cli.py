"""The `kb` command line on a real store (fake embedder: these tests are about the CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

MD = "# § 22 – Bedarfe für Unterkunft und Heizung\n\nDie Heizkosten werden in tatsächlicher Höhe übernommen.\n"


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "docs"
    (path / "unter").mkdir(parents=True)
    (path / "heizung.md").write_text(MD, encoding="utf-8")
    (path / "unter" / "notiz.txt").write_text("Protokoll der AG Leistung zur Zahlbarmachung.", encoding="utf-8")
    (path / "unter" / "kaputt.pdf").write_bytes(b"%PDF-1.7 nichts")
    return path


def test_ingest_reports_each_outcome_and_is_idempotent(cli, folder):
    first = cli("ingest", folder, "--district", "Kusel", "--type", "Rundschreiben", "--json")
    report = json.loads(first.output)
    status = {Path(f["path"]).name: f["status"] for f in report["files"]}
    assert status == {"heizung.md": "added", "notiz.txt": "added", "kaputt.pdf": "failed"}
    assert first.exit_code == 0
    second = json.loads(cli("ingest", folder, "--json").output)
    assert sorted(f["status"] for f in second["files"]) == ["failed", "unchanged", "unchanged"]
    text = cli("ingest", folder).output
    assert "2 unverändert" in text and "1 fehlgeschlagen" in text and "kaputt.pdf" in text


def test_search_json_contract(cli, folder):
    cli("ingest", folder, "--district", "Kusel")
    out = cli("search", "Heizkosten", "-k", "3", "--json")
    data = json.loads(out.output)
    assert data["query"] == "Heizkosten"
    hit = data["results"][0]
    for key in ("rank", "score", "chunk_id", "document_id", "title", "source", "district",
                "doc_type", "date", "section", "page", "text"):
        assert key in hit
    assert hit["source"] == "heizung.md" and hit["section"].startswith("§ 22 –")
    assert hit["district"] == "Kusel" and hit["page"] is None


def test_search_filters_and_human_output(cli, folder):
    cli("ingest", folder)
    assert "Keine Treffer" in cli("search", "Heizkosten", "--district", "Vulkaneifel").output
    human = cli("search", "Heizkosten").output
    assert "§ 22 – Bedarfe für Unterkunft und Heizung" in human


def test_search_says_what_it_searched_after_correcting_a_typo(cli, folder):
    cli("ingest", folder)
    corrected = cli("search", "Bedarfe für Unterkumft und Heizung").output
    assert "Gesucht nach: Bedarfe für Unterkunft und Heizung" in corrected
    assert "Gesucht nach" not in cli("search", "Bedarfe für Unterkumft und Heizung", "--exact").output


def test_bad_flags_give_clear_errors(cli, folder):
    result = cli("ingest", folder, "--type", "Brief")
    assert result.exit_code == 2 and "Unbekannter Dokumenttyp" in result.output
    result = cli("ingest", folder / "gibtsnicht.pdf")
    assert result.exit_code == 2 and "Nicht gefunden" in result.output
    result = cli("search", "x", "--norm", "Kapitel drei")
    assert result.exit_code == 2 and "keine erkennbare Norm" in result.output


def test_stats_delete_reindex(cli, folder):
    cli("ingest", folder)
    stats = json.loads(cli("stats", "--index", "--json").output)
    assert stats["documents"] == 2 and stats["chunks"] == stats["index_vectors"] >= 2
    assert json.loads(cli("stats", "--json").output)["index_vectors"] == -1  # quick: the model stays unloaded
    assert "Gelöscht" in cli("delete", "notiz.txt").output
    stats = json.loads(cli("stats", "--json").output)
    assert stats["documents"] == 1
    assert cli("delete", "notiz.txt").exit_code == 1
    rebuilt = cli("reindex").output
    assert "Index neu aufgebaut" in rebuilt
    job = rebuilt.rsplit("Auftrag ", 1)[1].split(")")[0]
    assert '"kind": "reindex"' in cli("jobs", "show", job, "--json").output


def test_serve_finds_the_sample_corpus():
    from kb_cli.serve_cmd import SAMPLE_CORPUS

    assert SAMPLE_CORPUS.is_dir() and SAMPLE_CORPUS.parent == Path(__file__).resolve().parents[2]


def test_the_command_line_starts_without_parser_libraries_or_the_web_framework():
    """`kb --help`, `kb stats`, `kb user …` load no PDF/DOCX/HTML libraries, no FastAPI and no
    torch: those come with the first parse, `kb serve` or the model (issue 16: fast commands)."""

    heavy = ("pypdf", "docx", "bs4", "lxml", "fastapi", "torch", "sentence_transformers", "pptx", "openpyxl",
             "extract_msg", "olefile")
    assert _loaded_after("import kb_cli.main", heavy) == "[]"


def test_kb_stats_runs_without_faiss_torch_or_the_model(tmp_path):
    """`kb stats` reads counts from the database: it must not pay for FAISS, torch or the model,
    nor for numpy, the other commands' modules or the services it does not use (issue 16: < 1 s)."""
    heavy = ("faiss", "torch", "sentence_transformers", "fastapi", "pypdf", "numpy", "feedgen",
             "kb_cli.eval_cmd", "kb_cli.ingest_cmd", "kb_cli.law_changes_cmd", "kb.services.ingest_service",
             "kb.services.search_service", "kb.services.evaluation")
    run_stats = "from kb_cli.main import app; app(['stats'], standalone_mode=False)"
    assert _loaded_after(run_stats, heavy, KB_DATA_DIR=str(tmp_path / "data")) == "[]"


def test_every_command_is_listed_and_loads_on_use(cli):
    """Commands are imported lazily, yet `kb --help` lists them all and each one runs by name."""
    from kb_cli.lazy_group import LAZY_COMMANDS

    listing = cli("--help").output
    assert all(name in listing for name in LAZY_COMMANDS)
    assert "Benutzerkonten verwalten" in cli("user", "--help").output
    assert "--as-of" in cli("search", "--help").output


def _loaded_after(code: str, heavy: tuple[str, ...], **env: str) -> str:
    """Which of `heavy` a fresh interpreter has imported after running `code` (last output line)."""
    import os
    import subprocess
    import sys

    script = f"{code}; import sys; print([m for m in {heavy!r} if m in sys.modules])"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={**os.environ, **env})
    return run.stdout.strip().splitlines()[-1]


def test_search_shows_the_match_and_each_hit_s_confidence(cli, folder, monkeypatch):
    """Fake vectors mean nothing: at the real thresholds nothing matches, at 0 everything."""
    cli("ingest", folder)
    data = json.loads(cli("search", "Heizkosten", "--json").output)
    assert data["match"] == "keine" and "confidence" in data["results"][0]
    assert data["results"][0]["url"].startswith(f"/dokument/{data['results'][0]['document_id']}?chunk=")
    human = cli("search", "Heizkosten").output
    assert "Zu Ihrer Frage wurde keine passende Textstelle gefunden." in human and "(Sicherheit " in human
    monkeypatch.setenv("KB_MATCH_WEAK", "0")
    monkeypatch.setenv("KB_MATCH_GOOD", "0")
    assert "Passende Textstellen gefunden (match: gut)" in cli("search", "Heizkosten").output
