"""`kb backup` and `kb restore` as an administrator's cron job runs them (typer's CliRunner, real
store on SQLite, fake embedder)."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

MD = "# Weisung 2/2025 – Erstausstattung\n\nDie Erstausstattung der Wohnung wird als Pauschale gewährt.\n"


def results(cli) -> list[dict]:
    hits = json.loads(cli("search", "Erstausstattung Pauschale", "--json").output)["results"]
    assert hits
    return hits


def test_backup_made_by_the_cli_restores_through_the_cli(cli, tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "erstausstattung.md").write_text(MD, encoding="utf-8")
    assert cli("ingest", tmp_path / "docs").exit_code == 0
    before = results(cli)
    archive = tmp_path / "sicherung.tar.gz"

    made = cli("backup", archive)
    assert made.exit_code == 0 and "Sicherung geschrieben" in made.output and "1 Dokumente" in made.output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    shutil.rmtree(tmp_path / "data")

    checked = cli("restore", "--check", archive)
    assert checked.exit_code == 0 and "Archiv in Ordnung" in checked.output
    assert not (tmp_path / "data").exists()  # --check writes nothing
    restored = cli("restore", archive)
    assert restored.exit_code == 0 and "Wiederhergestellt" in restored.output
    assert results(cli) == before

    again = cli("restore", archive)
    assert again.exit_code == 1 and "Nicht leer" in again.output and "--force" in again.output
    forced = cli("restore", "--force", archive)
    assert forced.exit_code == 0 and "Ersetzt: Datenverzeichnis" in forced.output
    assert results(cli) == before


def test_cli_errors_are_german_and_exit_non_zero(cli, tmp_path: Path):
    missing = cli("restore", tmp_path / "gibt-es-nicht.tar")
    assert missing.exit_code == 1 and "Sicherungsdatei nicht gefunden" in missing.output
    (tmp_path / "kein-archiv.tar").write_text("kein tar")
    damaged = cli("restore", "--check", tmp_path / "kein-archiv.tar")
    assert damaged.exit_code == 1 and "beschädigt" in damaged.output
    acting = cli("--as", "kusel.leser", "backup", tmp_path / "s.tar")
    assert acting.exit_code == 2 and "--as" in acting.output and not (tmp_path / "s.tar").exists()
