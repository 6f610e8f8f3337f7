"""`kb ingest`: files and folders into the knowledge base, with progress and a summary.

Each run is recorded as a job (`kb jobs show ID`), run here in the command's own process: the
job claims itself at creation, so a server watching the same database leaves it alone.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kb.services.schemas import FileOutcome, IngestReport
from kb_cli.context import console, fail, meta_overrides, open_kb

STATUS_DE = {"added": "neu", "unchanged": "unverändert", "replaced": "neue Fassung",
             "failed": "fehlgeschlagen", "duplicate": "Duplikat"}


ValidFrom = Annotated[str | None, typer.Option("--valid-from", help="gültig ab JJJJ-MM-TT")]
ValidTo = Annotated[str | None, typer.Option("--valid-to", help="gültig bis JJJJ-MM-TT")]
Replaces = Annotated[str | None, typer.Option("--replaces", help="ersetzt dieses Dokument (ID, Pfad oder Dateiname)")]
Stand = Annotated[str | None, typer.Option("--stand", help="Gesetzestexte: Stand, JJJJ-MM-TT oder Wörter mit "
                                                           "Datum (\"zuletzt geändert durch Art. 1 G v. 16.4.2026\")")]
Group = Annotated[str | None, typer.Option("--group", help="Protokolle: Kürzel der Arbeitsgruppe, z. B. leistung "
                                                           "(wie 'arbeitsgruppe' in der Metadaten-Datei)")]


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
    valid_from: ValidFrom = None, valid_to: ValidTo = None, replaces: Replaces = None, stand: Stand = None,
    group: Group = None,
) -> None:
    """Dokumente einlesen: Neues wird ergänzt, Geändertes wird neue Fassung, Unverändertes übersprungen."""
    _check_paths(paths, sync, prune, dry_run)
    overrides = meta_overrides(district, doc_type, when, visibility, valid_from=valid_from,
                               valid_to=valid_to, replaces=replaces, stand=stand, working_group=group)
    kb = open_kb()
    if sync and dry_run:
        _show_plan(kb.ingesting.sync_plan(paths[0]), as_json)
        return
    report, job_id = _run_as_job(kb, paths, overrides, sync, prune, as_json)
    _finish(report, as_json, job_id)


class _Bar:
    """The job's progress as a rich bar (a `RunObserver`); collects the outcomes for the report."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.task = bar.add_task("Einlesen", total=None)
        self.outcomes: list[FileOutcome] = []

    def started(self, job) -> None:
        self.bar.update(self.task, total=job.files_total, completed=job.files_done)

    def item(self, name: str, outcome: FileOutcome | None) -> None:
        if outcome is not None:
            self.outcomes.append(outcome)
        self.bar.update(self.task, advance=1 if outcome else 0, description=Path(name).name[:40])

    def pages(self, name: str, done: int, total: int) -> None:
        self.bar.update(self.task, description=f"{Path(name).name[:28]} – Seite {done}/{total} (OCR)")


def _run_as_job(kb, paths: list[Path], overrides, sync: bool, prune: bool, quiet: bool) -> tuple[IngestReport, int]:
    started = time.perf_counter()
    report = IngestReport()
    if sync:
        job_id, claim, plan = kb.jobs.create_sync(paths[0], prune, overrides, inline=True)
        report.files += [FileOutcome(path=p, status="unchanged") for p in plan.unchanged]
    else:
        job_id, claim = kb.jobs.create_ingest(paths, overrides, inline=True)
    with _progress(quiet) as bar:
        observer = _Bar(bar)
        try:
            state = kb.job_runner.execute(claim, observer=observer)
        except KeyboardInterrupt:
            claim.finish("failed", "Abgebrochen (Strg+C)")
            raise
    if state == "failed":
        raise fail(f"Auftrag {job_id} fehlgeschlagen: {kb.jobs.get(job_id).error}")
    report.files += [o for o in observer.outcomes if o.status != "deleted"]
    report.pruned = [o.path for o in observer.outcomes if o.status == "deleted"]
    report.seconds = time.perf_counter() - started
    return report, job_id


def _check_paths(paths: list[Path], sync: bool, prune: bool, dry_run: bool) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise fail(f"Nicht gefunden: {', '.join(missing)}", 2)
    if (prune or dry_run) and not sync:
        raise fail("--prune und --dry-run gehen nur mit --sync", 2)
    if sync and (len(paths) != 1 or not paths[0].is_dir()):
        raise fail("--sync braucht genau einen Ordner", 2)


def _finish(report: IngestReport, as_json: bool, job_id: int) -> None:
    if as_json:
        typer.echo(json.dumps({**report.model_dump(mode="json"), "job": job_id}, indent=2, ensure_ascii=False))
    else:
        print_report(report)
        for title in report.pruned:
            console.print(f"Entfernt (Datei fehlt): {title}")
        console.print(f"Auftrag {job_id} (Einzelheiten: kb jobs show {job_id})")
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
    for f in report.files:
        if f.status in ("added", "replaced") and f.reason:  # OCR pages, "Kein Text erkannt", attachments
            console.print(f"Hinweis zu {f.path}: {f.reason}", highlight=False)
    counts = ", ".join(f"{report.count(s)} {STATUS_DE[s]}" for s in STATUS_DE)
    console.print(f"{len(report.files)} Dateien: {counts}")
    if report.seconds > 0 and report.chunks:
        console.print(f"{report.pages} Seiten, {report.chunks} Abschnitte in {report.seconds:.1f} s "
                      f"({report.pages / report.seconds:.1f} Seiten/s, "
                      f"{report.chunks / report.seconds:.1f} Abschnitte/s)")
