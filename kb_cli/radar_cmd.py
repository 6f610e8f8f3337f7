"""`kb radar`: the change radar from the command line — `rebuild [LAW]` computes the flags for
law versions read in before the radar existed (idempotent), `list` shows the Prüfliste."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kb.services.radar_schemas import STATES, RadarFilters
from kb_cli.context import console, fail, open_kb

radar_app = typer.Typer(help="Änderungsradar: Dokumente, die eine neue Gesetzesfassung betreffen könnte.",
                        no_args_is_help=True)


@radar_app.command("rebuild")
def rebuild(law: Annotated[str | None, typer.Argument(help='Gesetz, z. B. "SGB II"; Standard: alle')] = None,
            ) -> None:
    """Markierungen für alle eingelesenen Fassungen berechnen (schon vorhandene bleiben, nichts doppelt)."""
    found = open_kb().radar.rebuild(law)
    if law and not found:
        raise fail(f"Von „{law}“ sind keine zwei Fassungen eingelesen.", 1)
    for name, added in found.items():
        console.print(f"{escape(name)}: {added} neue Markierung(en)")
    if not found:
        console.print("Kein Gesetz mit mehreren Fassungen eingelesen.")


@radar_app.command("list")
def list_flags(
    district: Annotated[str | None, typer.Option("--district", help="nur dieser Kreis")] = None,
    law: Annotated[str | None, typer.Option("--law", help='z. B. "SGB II"')] = None,
    state: Annotated[str | None, typer.Option("--state", help="offen | geprüft | ersetzt")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Ausgabe wie GET /api/radar")] = False,
) -> None:
    """Die Prüfliste: möglicherweise veraltete Dokumente mit den geänderten Normen."""
    if state and state not in STATES:
        raise fail(f"Unbekannter Stand „{state}“ (offen, geprüft, ersetzt).", 2)
    page = open_kb().radar.page(RadarFilters(district=district, law=law, state=state))
    if as_json:
        typer.echo(page.model_dump_json(indent=2))
        return
    table = Table("Nr.", "Dokument", "Kreis", "Datum", "Normen", "Stand", title="Prüfliste")
    for f in page.flags:
        table.add_row(str(f.id), f"{escape(f.title)} ({f.document_id})", escape(f.district or "–"),
                      f"{f.doc_day:%d.%m.%Y}", ", ".join(n.norm for n in f.norms), f.state_label)
    console.print(table if page.flags else "Keine Einträge.")
