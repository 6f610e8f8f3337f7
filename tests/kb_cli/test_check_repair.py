"""`kb check` finds damaged stored data — vectors, chunk counts, originals, leftovers, indexes —
and `kb check --repair` mends what the database can restore, leaving nothing else changed.

Each test damages a real store (SQLite file, saved FAISS and FTS5 indexes, originals folder) the
way a crash, a disk fault or a hand edit would, then runs the real commands.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time

import numpy as np

from tests.kb_cli.test_sync import _folder


def _db(tmp_path) -> sqlite3.Connection:
    return sqlite3.connect(tmp_path / "data" / "kb.sqlite3")


def _vectors(tmp_path) -> dict[int, bytes]:
    with _db(tmp_path) as db:
        return dict(db.execute("SELECT id, vector FROM chunks"))


def _check(cli, *args) -> tuple[int, dict]:
    result = cli("check", *args, "--json")
    return result.exit_code, json.loads(result.output)


def test_damaged_vectors_are_found_and_re_embedded_exactly_as_ingested(cli, tmp_path):
    cli("ingest", _folder(tmp_path))
    original = _vectors(tmp_path)
    short, nan = sorted(original)[:2]
    with _db(tmp_path) as db:
        db.execute("UPDATE chunks SET vector = ? WHERE id = ?", (original[short][:100], short))
        db.execute("UPDATE chunks SET vector = ? WHERE id = ?", (np.full(len(original[nan]) // 4, np.nan,
                                                                          np.float32).tobytes(), nan))
    code, report = _check(cli)
    assert code == 1 and report["store"]["bad_vectors"] == [short, nan]
    assert "2 Abschnitte ohne gültigen Vektor" in cli("check").output
    repaired = cli("check", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert ("Repariert: 2 Abschnittsvektoren neu berechnet; Indizes aus der Datenbank neu aufgebaut"
            in " ".join(repaired.output.split()))
    assert _vectors(tmp_path) == original  # the same text gives the same vector
    code, after = _check(cli)
    assert code == 0 and after["ok"] is True
    assert "Mietkaution" in cli("search", "Mietkaution Darlehen", "--mode", "dense").output


def test_wrong_counts_and_index_entries_without_chunk_are_repaired(cli, tmp_path):
    cli("ingest", _folder(tmp_path))
    with _db(tmp_path) as db:
        doc_id, chunk_id = db.execute("SELECT document_id, id FROM chunks ORDER BY id LIMIT 1").fetchone()
        db.execute("UPDATE documents SET chunk_count = 99 WHERE id = ?", (doc_id,))
        db.execute("DELETE FROM chunks WHERE id = ?", (chunk_id,))  # the indexes still hold it
    code, report = _check(cli)
    assert code == 1 and report["store"]["wrong_chunk_counts"] == [doc_id]
    assert [i["extra"] for i in report["indexes"]] == [[chunk_id], [chunk_id]]
    code, repaired = _check(cli, "--repair")
    assert code == 0 and repaired["ok"] is True
    assert repaired["actions"] == ["1 Abschnittszahlen von Dokumenten berichtigt",
                                   "Indizes aus der Datenbank neu aufgebaut"]
    with _db(tmp_path) as db:
        assert db.execute("SELECT chunk_count FROM documents WHERE id = ?", (doc_id,)).fetchone() == (0,)


def test_a_lost_or_altered_original_is_reported_and_never_passed_as_repaired(cli, tmp_path):
    cli("ingest", _folder(tmp_path))
    files = tmp_path / "data" / "files"
    with _db(tmp_path) as db:
        (lost_id, lost), (altered_id, altered) = db.execute(
            "SELECT id, stored_file FROM documents ORDER BY id LIMIT 2").fetchall()
    kept = (files / lost).read_bytes()
    (files / lost).unlink()
    (files / altered).write_bytes(b"# B\n\nHeizkosten nach Abrechnung, heimlich geaendert.")
    code, report = _check(cli)
    assert code == 1
    assert (report["store"]["missing_originals"], report["store"]["damaged_originals"]) == ([lost_id], [altered_id])
    repaired = cli("check", "--repair")
    assert repaired.exit_code == 1  # nothing in the database can bring the bytes back
    assert " ".join(repaired.output.split()).count("nicht reparierbar: aus einer Sicherung zurückspielen") == 2
    assert not (files / lost).exists()
    (files / lost).write_bytes(kept)
    assert hashlib.sha256(kept).hexdigest() == lost.split(".")[0]
    assert _check(cli)[1]["store"]["missing_originals"] == []


def test_leftover_originals_go_unless_an_ingest_may_still_be_writing_them(cli, tmp_path):
    cli("ingest", _folder(tmp_path))
    files = tmp_path / "data" / "files"
    old, young = files / ("0" * 64 + ".md"), files / ("1" * 64 + ".md")
    old.write_bytes(b"# Rest\n\nvon einem abgebrochenen Einlesen")
    young.write_bytes(b"# Neu\n\ngerade im Einlesen")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    code, report = _check(cli)
    assert code == 1 and report["store"]["orphan_files"] == [old.name]
    code, repaired = _check(cli, "--repair")
    assert code == 0 and repaired["actions"] == ["1 verwaiste Originaldateien entfernt"]
    assert not old.exists() and young.exists()


def test_deleting_a_document_removes_its_original_unless_another_version_shares_it(cli, tmp_path):
    cli("ingest", _folder(tmp_path))
    files = tmp_path / "data" / "files"
    with _db(tmp_path) as db:
        (a_id, a_file), (b_id, b_file), (c_id, _) = db.execute(
            "SELECT id, stored_file FROM documents ORDER BY id").fetchall()
        db.execute("UPDATE documents SET stored_file = ? WHERE id = ?", (b_file, c_id))  # as an OCR re-read would
    assert cli("delete", a_id).exit_code == 0 and not (files / a_file).exists()
    assert cli("delete", b_id).exit_code == 0 and (files / b_file).exists()  # document c still refers to it


def test_only_the_administration_may_repair(cli, tmp_path):
    cli("ingest", _folder(tmp_path))
    password = "geheim-und-lang-genug"
    cli("user", "add", "kusel.red", "--district", "Kusel", "--role", "redakteur", stdin=f"{password}\n{password}\n")
    refused = cli("--as", "kusel.red", "check", "--repair")
    assert refused.exit_code == 1 and "Reparieren darf nur die Verwaltung" in refused.output
