"""`kb jobs`, `kb jobs show ID`: the recorded jobs (uploads, ingests, syncs, re-indexing)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from kb_cli.context import console, fail, open_kb

if TYPE_CHECKING:
    from kb.services.job_schemas import JobInfo

jobs_app = typer.Typer(help="Aufträge ansehen (Hochladen, Einlesen, Ordnerabgleich, Neuaufbau)",
                       invoke_without_command=True)


@jobs_app.callback()
def jobs_list(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False,
              limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000)] = 20) -> None:
    """Die letzten Aufträge (eigene; mit vollen Rechten alle)."""
    if ctx.invoked_subcommand:
        return
    jobs = open_kb().jobs.recent(limit)
    if as_json:
        typer.echo(json.dumps([j.model_dump(mode="json") for j in jobs], indent=2, ensure_ascii=False))
        return
    if not jobs:
        console.print("Noch keine Aufträge.")
        return
    table = Table("Auftrag", "Art", "Von", "Stand", "Dateien", "Fehlgeschlagen", "Angelegt")
    for job in jobs:
        table.add_row(str(job.id), job.kind_label, job.login, job.state_label, f"{job.files_done}/{job.files_total}",
                      str(job.files_failed), german_datetime(job.created_at))
    console.print(table)


@jobs_app.command("show")
def show(job_id: Annotated[int, typer.Argument(help="Nummer des Auftrags")],
         as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Einen Auftrag mit allen Dateien und ihrem Ergebnis anzeigen."""
    job = open_kb().jobs.get(job_id)
    if job is None:
        raise fail(f"Kein Auftrag {job_id}", 1)
    if as_json:
        typer.echo(job.model_dump_json(indent=2))
        return
    _print_job(job)


def german_datetime(value) -> str:
    """As the web shows times (imported here: the web's templating loads FastAPI)."""
    from webui.templating import german_datetime as web_datetime

    return web_datetime(value)


def _print_job(job: JobInfo) -> None:
    console.print(f"[bold]Auftrag {job.id}: {job.kind_label}[/bold] – {job.state_label}, {job.progress_text}")
    console.print(f"Von {job.login}; angelegt {german_datetime(job.created_at)}, begonnen "
                  f"{german_datetime(job.started_at)}, beendet {german_datetime(job.finished_at)}; "
                  f"{job.chunks} Abschnitte")
    if "unchanged" in job.params:
        console.print(f"{job.params['unchanged']} unverändert übersprungen (Ordner {job.params.get('folder')})")
    if job.error:
        console.print(f"[red]Fehler:[/red] {job.error}")
    table = Table("Datei", "Ergebnis", "Grund", "Dokument")
    for item in job.items or []:
        table.add_row(item.name, item.status_label, item.reason, str(item.document_id or ""))
    console.print(table)
