"""`kb backup` and `kb restore`: the whole store in one archive, and back."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kb_cli.context import ACTING_AS, console, fail

if TYPE_CHECKING:  # the services are imported when a command runs, not for `kb --help`
    from kb.config import Settings
    from kb.services.backup_manifest import Manifest
    from kb.services.db_snapshot import SnapshotFacts


def backup(file: Annotated[Path, typer.Argument(
        help="Zieldatei: .tar, .tar.gz (.tgz), .tar.xz oder .tar.bz2")]) -> None:
    """Sicherung schreiben: Datenbank (online), Indizes, Originaldateien – auch während Server und Einlesen laufen."""
    from kb.services.backup import create_backup
    from kb.services.backup_manifest import BackupError

    settings = _settings()
    try:
        with console.status("Sicherung wird geschrieben …"):
            manifest = create_backup(settings, file, on_snapshot=_snapshot_taken)
    except BackupError as exc:
        raise fail(str(exc)) from exc
    size = file.stat().st_size
    console.print(f"Sicherung geschrieben: {file} ({_mb(size)}, {len(manifest.members)} Einträge)")
    console.print(_state(manifest))
    _warnings(manifest)
    console.print("[dim]Die Datei enthält interne Dokumente und Passwort-Hashes: nur geschützt aufbewahren "
                  "(siehe docs/operations.md).[/dim]")


def restore(
    file: Annotated[Path, typer.Argument(help="Sicherungsdatei von `kb backup`")],
    force: Annotated[bool, typer.Option(
        "--force", help="auch in ein nicht leeres Datenverzeichnis bzw. eine nicht leere Datenbank: "
                        "der alte Inhalt wird ersetzt")] = False,
    check: Annotated[bool, typer.Option("--check", help="nur prüfen (Manifest, Prüfsummen), nichts schreiben")] = False,
) -> None:
    """Sicherung zurückspielen (Server vorher beenden). Geprüft wird vor dem ersten Schreiben."""
    from kb.services.backup_manifest import BackupError
    from kb.services.restore import check_backup, restore_backup

    settings = _settings()
    try:
        if check:
            manifest = check_backup(file)
            console.print(f"Archiv in Ordnung: {len(manifest.members)} Einträge, alle Prüfsummen stimmen.")
            console.print(_state(manifest))
            return
        with console.status("Sicherung wird geprüft und zurückgespielt …"):
            report = restore_backup(settings, file, force=force)
    except BackupError as exc:
        raise fail(str(exc)) from exc
    for replaced in report.replaced:
        console.print(f"Ersetzt: {replaced}")
    counts = report.counts
    console.print(f"Wiederhergestellt nach {report.data_dir}: {counts.documents} Dokumente, {counts.chunks} "
                  f"Abschnitte, {counts.users} Benutzer (Generation {report.generation}).")
    console.print(_state(report.manifest))
    console.print("[dim]Indizes, die nicht zur Datenbank passen, werden beim ersten Öffnen neu aufgebaut.[/dim]")


def _settings() -> Settings:
    if ACTING_AS["login"]:
        raise fail("kb backup und kb restore arbeiten mit dem ganzen Datenverzeichnis; --as ist hier nicht möglich", 2)
    from kb.config import Settings

    settings = Settings()
    logging.basicConfig(level=settings.log_level)
    logging.getLogger("alembic").setLevel(logging.ERROR)
    return settings


def _snapshot_taken(facts: SnapshotFacts) -> None:
    console.print(f"Schnappschuss genommen (Generation {facts.generation}); Einlesen kann weiterlaufen.")


def _state(manifest: Manifest) -> str:
    from kb.services.backup_manifest import KIND_DE

    db = manifest.database
    counts = manifest.counts
    return (f"Stand vom {manifest.created_at.astimezone():%d.%m.%Y %H:%M}: {counts.documents} Dokumente, "
            f"{counts.chunks} Abschnitte, {counts.users} Benutzer · {KIND_DE[db.kind]}, Schema "
            f"{db.schema_revision or '–'}, Generation {manifest.generation} · Version {manifest.product_version}")


def _warnings(manifest: Manifest) -> None:
    if manifest.missing_files:
        console.print(f"[yellow]Warnung:[/yellow] {len(manifest.missing_files)} Originaldateien fehlen im "
                      f"Datenverzeichnis ({', '.join(manifest.missing_files[:3])} …); „Quelle öffnen“ geht für "
                      "diese Dokumente auch nach einer Wiederherstellung nicht.")
    if manifest.skipped:
        console.print(f"[yellow]Warnung:[/yellow] nicht gesichert (unzulässiger Dateiname): "
                      f"{', '.join(manifest.skipped[:5])}")


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")
