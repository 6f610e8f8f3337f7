"""`kb feedback export|list`: caseworkers' ratings from the web UI, as `kb eval` questions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kb_cli.context import console, open_kb

feedback_app = typer.Typer(help="Rückmeldungen (hilfreich / nicht hilfreich) aus der Weboberfläche",
                           no_args_is_help=True)


@feedback_app.command("export")
def export(file: Annotated[Path, typer.Argument(help="Ziel, JSONL (Format von kb eval)")]) -> None:
    """Hilfreiche Treffer als Fragen für `kb eval` schreiben: {"q", "source", "section"}.

    Eine Frage zählt, wenn sie für diese Textstelle öfter als hilfreich denn als nicht hilfreich
    bewertet wurde."""
    questions = open_kb().feedback.questions()
    lines = [q.model_dump_json(exclude_defaults=True) for q in questions]
    file.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    console.print(f"{len(lines)} Fragen geschrieben: {file}  (prüfen mit: kb eval {file})")


@feedback_app.command("list")
def list_feedback(limit: Annotated[int, typer.Option("--limit", "-n")] = 50,
                  as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Die neuesten Rückmeldungen anzeigen."""
    result = open_kb().feedback.list(limit=limit)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    console.print(f"{result.total} Rückmeldungen: {result.helpful} hilfreich, "
                  f"{result.not_helpful} nicht hilfreich")
    table = Table("Zeit (UTC)", "Suchanfrage", "Bewertung", "Quelle", "Abschnitt")
    for e in result.entries:
        table.add_row(e.created_at.strftime("%d.%m.%Y %H:%M"), e.query,
                      "hilfreich" if e.helpful else "nicht hilfreich", e.document_source, e.section or "–")
    console.print(table)
