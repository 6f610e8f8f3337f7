"""`kb ingest`: files and folders into the knowledge base, with progress and a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kb.services.ingest_service import expand_paths
from kb.services.schemas import IngestReport
from kb_cli.context import console, fail, meta_overrides, open_kb

STATUS_DE = {"added": "neu", "unchanged": "unverändert", "replaced": "neue Fassung",
             "failed": "fehlgeschlagen", "duplicate": "Duplikat"}


ValidFrom = Annotated[str | None, typer.Option("--valid-from", help="gültig ab JJJJ-MM-TT")]
ValidTo = Annotated[str | None, typer.Option("--valid-to", help="gültig bis JJJJ-MM-TT")]
Replaces = Annotated[str | None, typer.Option("--replaces", help="ersetzt dieses Dokument (ID, Pfad oder Dateiname)")]


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Dateien oder Ordner (rekursiv)")],
    visibility: Annotated[str | None, typer.Option(
        "--visibility", help="netzwerk (alle Kreise) oder intern (nur der eigene Kreis)")] = None,
    district: Annotated[str | None, typer.Option("--district", "-d", help="Kreis, z. B. Kusel")] = None,
    doc_type: Annotated[str | None, typer.Option("--type", "-t", help="Dokumenttyp, z. B. Rundschreiben")] = None,
    when: Annotated[str | None, typer.Option("--date", help="Datum JJJJ-MM-TT")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Bericht als JSON")] = False,
    sync: Annotated[bool, typer.Option("--sync", help="Ordner abgleichen (nur Neues und Geändertes)")] = False,
    prune: Annotated[bool, typer.Option("--prune", help="mit --sync: Dokumente entfernen, deren Datei fehlt")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="mit --sync: nur anzeigen, was geschähe")] = False,
    valid_from: ValidFrom = None, valid_to: ValidTo = None, replaces: Replaces = None,
) -> None:
    """Dokumente einlesen: Neues wird ergänzt, Geändertes wird neue Fassung, Unverändertes übersprungen."""
    _check_paths(paths, sync, prune, dry_run)
    overrides = meta_overrides(district, doc_type, when, visibility, valid_from=valid_from,
                               valid_to=valid_to, replaces=replaces)
    kb = open_kb()
    if sync and dry_run:
        _show_plan(kb.ingesting.sync_plan(paths[0]), as_json)
        return
    total = len(list(expand_paths(paths)))
    with _progress(as_json) as bar:
        task = bar.add_task("Einlesen", total=total)
        report = kb.ingesting.ingest(paths, overrides, progress=lambda path, outcome: bar.update(
            task, advance=1 if outcome else 0, description=Path(path).name[:40]))
    report.pruned = kb.ingesting.prune(paths[0]) if sync and prune else []
    _finish(report, as_json)


def _check_paths(paths: list[Path], sync: bool, prune: bool, dry_run: bool) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise fail(f"Nicht gefunden: {', '.join(missing)}", 2)
    if (prune or dry_run) and not sync:
        raise fail("--prune und --dry-run gehen nur mit --sync", 2)
    if sync and (len(paths) != 1 or not paths[0].is_dir()):
        raise fail("--sync braucht genau einen Ordner", 2)


def _finish(report: IngestReport, as_json: bool) -> None:
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        print_report(report)
        for title in report.pruned:
            console.print(f"Entfernt (Datei fehlt): {title}")
    if report.files and report.count("failed") == len(report.files):
        raise typer.Exit(1)


def _show_plan(plan, as_json: bool) -> None:
    if as_json:
        typer.echo(plan.model_dump_json(indent=2))
        return
    for label, items in (("neu", plan.new), ("geändert", plan.changed)):
        for item in items:
            console.print(f"{label:9} {item}")
    for doc in plan.gone:
        console.print(f"{'fehlt':9} {doc.title} (Dokument {doc.id}; mit --prune entfernt)")
    console.print(f"Probelauf: {len(plan.new)} neu, {len(plan.changed)} geändert, {len(plan.unchanged)} unverändert, "
                  f"{len(plan.gone)} fehlen – nichts wurde geändert.")


def _progress(quiet: bool) -> Progress:
    return Progress(TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=True, disable=quiet)


def print_report(report: IngestReport) -> None:
    problems = [f for f in report.files if f.status in ("failed", "duplicate")]
    if problems:
        table = Table("Datei", "Status", "Grund", title="Nicht eingelesen", show_lines=False)
        for f in problems:
            table.add_row(f.path, STATUS_DE[f.status], f.reason or "")
        console.print(table)
    counts = ", ".join(f"{report.count(s)} {STATUS_DE[s]}" for s in STATUS_DE)
    console.print(f"{len(report.files)} Dateien: {counts}")
    if report.seconds > 0 and report.chunks:
        console.print(f"{report.pages} Seiten, {report.chunks} Abschnitte in {report.seconds:.1f} s "
                      f"({report.pages / report.seconds:.1f} Seiten/s, "
                      f"{report.chunks / report.seconds:.1f} Abschnitte/s)")
