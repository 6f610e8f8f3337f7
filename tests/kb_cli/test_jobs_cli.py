"""`kb ingest` records its run as a job; `kb jobs` and `kb jobs show` read them; `kb check`
says whether database and indexes agree (and exits 1 when they do not)."""

from __future__ import annotations

import json
import sqlite3

from tests.kb_cli.test_sync import _folder


def test_ingest_records_a_job_that_kb_jobs_shows(cli, tmp_path):
    folder = _folder(tmp_path)
    report = json.loads(cli("ingest", folder, "--district", "Kusel", "--json").output)
    assert report["job"] == 1 and len(report["files"]) == 3
    listed = json.loads(cli("jobs", "--json").output)
    assert [(j["id"], j["kind"], j["login"], j["state"], j["files_done"]) for j in listed] == [
        (1, "ingest", "system", "done", 3)]
    job = json.loads(cli("jobs", "show", "1", "--json").output)
    assert [(i["name"].rsplit("/", 1)[1], i["status"]) for i in job["items"]] == [
        ("a.md", "added"), ("b.md", "added"), ("c.md", "added")]
    assert job["params"]["hints"] == {"district": "Kusel"}
    human = cli("jobs", "show", "1").output
    assert "Auftrag 1: Einlesen – fertig, 3 von 3 Dateien verarbeitet" in human and "neu" in human
    assert "Einlesen" in cli("jobs").output
    assert "Auftrag 1 (Einzelheiten: kb jobs show 1)" not in cli("ingest", folder, "--json").output
    missing = cli("jobs", "show", "99")
    assert missing.exit_code == 1 and "Kein Auftrag 99" in missing.output


def test_a_sync_job_lists_exactly_what_it_processed(cli, tmp_path):
    folder = _folder(tmp_path)
    cli("ingest", folder)
    (folder / "a.md").write_text("# A\n\nMietkaution als Darlehen, neu gefasst.", encoding="utf-8")
    (folder / "c.md").unlink()
    (folder / "d.md").write_text("# D\n\nUmzugskosten nach Zusicherung.", encoding="utf-8")
    job_id = json.loads(cli("ingest", folder, "--sync", "--prune", "--json").output)["job"]
    job = json.loads(cli("jobs", "show", job_id, "--json").output)
    assert sorted((i["name"].rsplit("/", 1)[-1], i["status"]) for i in job["items"]) == [
        ("C", "deleted"), ("a.md", "replaced"), ("d.md", "added")]
    assert (job["kind"], job["params"]["unchanged"]) == ("sync", 1)
    assert "1 unverändert übersprungen" in cli("jobs", "show", job_id).output


def test_a_job_of_kb_as_is_recorded_for_that_user(cli, tmp_path):
    folder = _folder(tmp_path)
    password = "geheim-und-lang-genug"
    cli("user", "add", "kusel.red", "--district", "Kusel", "--role", "redakteur", stdin=f"{password}\n{password}\n")
    report = json.loads(cli("--as", "kusel.red", "ingest", folder, "--json").output)
    assert json.loads(cli("jobs", "show", report["job"], "--json").output)["login"] == "kusel.red"
    assert json.loads(cli("--as", "kusel.red", "jobs", "--json").output)[0]["id"] == report["job"]


def test_check_finds_a_chunk_the_indexes_lack_and_passes_after_reindex(cli, tmp_path):
    cli("ingest", _folder(tmp_path))
    agreed = cli("check")
    assert agreed.exit_code == 0 and agreed.output.count("stimmt überein") == 2
    with sqlite3.connect(tmp_path / "data" / "kb.sqlite3") as db:  # a row the indexes never saw
        db.execute("INSERT INTO chunks (document_id, ordinal, text, heading_path, vector) "
                   "SELECT document_id, 99, text, heading_path, vector FROM chunks LIMIT 1")
        db.execute("UPDATE documents SET chunk_count = chunk_count + 1 WHERE id = "
                   "(SELECT document_id FROM chunks WHERE ordinal = 99)")
    broken = cli("check")
    assert broken.exit_code == 1 and " ".join(broken.output.split()).count("stimmt nicht: 1 Abschnitte fehlen") == 2
    report = json.loads(cli("check", "--json").output)
    assert report["ok"] is False and report["chunks"] == 4
    cli("reindex")
    assert cli("check").exit_code == 0
