"""`kb search`: the same search as the web, as a table or as the API's JSON."""

from __future__ import annotations

import textwrap
from typing import Annotated

import typer
from rich.markup import escape

from kb.services.schemas import SearchFilters, SearchHit, SearchQuery, SearchResponse
from kb_cli.context import console, fail, open_kb, parse_day


def search(
    query: Annotated[str, typer.Argument(help="Frage oder Suchbegriffe")],
    k: Annotated[int, typer.Option("-k", help="Anzahl Treffer", min=1, max=100)] = 5,
    district: Annotated[list[str] | None, typer.Option("--district", "-d", help="mehrfach möglich")] = None,
    doc_type: Annotated[list[str] | None, typer.Option("--type", "-t", help="mehrfach möglich")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="ab Datum JJJJ-MM-TT")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="bis Datum JJJJ-MM-TT")] = None,
    norm: Annotated[str | None, typer.Option("--norm", help='Norm, z. B. "SGB II § 22"')] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="dense | lexical | hybrid")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Ausgabe wie GET /api/search")] = False,
    exact: Annotated[bool, typer.Option("--exact", help="ohne Korrektur von Tippfehlern suchen")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Stand am JJJJ-MM-TT (Standard: heute)")] = None,
    all_versions: Annotated[bool, typer.Option(
        "--all-versions", help="auch ersetzte, abgelaufene und noch nicht geltende Fassungen")] = False,
) -> None:
    """Wissensdatenbank durchsuchen (was heute gilt; --as-of: was an einem Tag galt)."""
    if mode and mode not in ("dense", "lexical", "hybrid"):
        raise fail("--mode muss dense, lexical oder hybrid sein", 2)
    filters = SearchFilters(district=district or [], doc_type=doc_type or [],
                            date_from=parse_day(date_from), date_to=parse_day(date_to), norm=_norm(norm),
                            as_of=parse_day(as_of), include_outdated=all_versions)
    response = open_kb().searching.search(SearchQuery(text=query, k=k, filters=filters, mode=mode,
                                            spellcheck=not exact))
    if as_json:
        typer.echo(api_json(response))
    else:
        print_hits(response)


def _norm(value: str | None) -> str | None:
    if not value:
        return None
    from kb.domain import parse_norm_query

    parsed = parse_norm_query(value)
    if parsed is None:
        raise fail(f"'{value}' ist keine erkennbare Norm (Beispiel: \"SGB II § 22\")", 2)
    return parsed.split(" Abs.")[0]


def api_json(response: SearchResponse) -> str:
    """Exactly the body of GET /api/search."""
    return response.model_dump_json(indent=2)


def validity_note(hit: SearchHit) -> str:
    """What a caseworker must know before citing a passage that is not in force today."""
    successor = f" (Nachfolger: Dokument {hit.superseded_by})" if hit.superseded_by else ""
    return {"replaced": f"Ersetzt{successor}",
            "superseded": f"Ältere Fassung {hit.version}{successor}",
            "expired": f"Abgelaufen: gültig bis {hit.valid_to:%d.%m.%Y}" if hit.valid_to else "Abgelaufen",
            "future": f"Noch nicht gültig: gültig ab {hit.valid_from:%d.%m.%Y}" if hit.valid_from
            else "Noch nicht gültig",
            }.get(hit.state, hit.state)


MATCH_LINES = {
    "gut": "[green]Passende Textstellen gefunden[/green] (match: gut)",
    "schwach": "[yellow]Die Treffer passen nur teilweise zur Frage[/yellow] (match: schwach)",
    "keine": "[red]Zu Ihrer Frage wurde keine passende Textstelle gefunden.[/red] Die nächstliegenden "
             "Textstellen (match: keine):",
}


def print_hits(response: SearchResponse) -> None:
    if response.corrected_query:
        console.print(f"Gesucht nach: [bold]{escape(response.corrected_query)}[/bold] "
                      "[dim](Tippfehler korrigiert; --exact sucht wie eingegeben)[/dim]")
    if not response.results:
        console.print("Keine Treffer.")
        return
    console.print(MATCH_LINES[response.match])
    for hit in response.results:
        where = " · ".join(x for x in (hit.district, hit.doc_type,
                                       hit.date.strftime("%d.%m.%Y") if hit.date else None,
                                       f"S. {hit.page}" if hit.page else None) if x)
        console.print(f"[bold]{hit.rank}. {escape(hit.title)}[/bold]  [dim](Sicherheit {hit.confidence:.0%})[/dim]")
        console.print(f"   {escape(hit.section or '–')}  [dim]{escape(where)} · {escape(hit.source)}[/dim]")
        if hit.state != "current":
            console.print(f"   [yellow]{escape(validity_note(hit))}[/yellow]")
        if hit.outdated_norms:
            console.print(f"   [yellow]möglicherweise veraltet: {escape(', '.join(hit.outdated_norms))} "
                          "seitdem geändert (Prüfliste)[/yellow]")
        answer = " … ".join(hit.text[h.start:h.end] for h in hit.highlights)
        snippet = textwrap.shorten((answer or hit.text).replace("\n", " "), 400, placeholder=" …")
        console.print(textwrap.indent(textwrap.fill(snippet, 100), "   » " if answer else "   "),
                      highlight=False, markup=False)
    console.print(f"[dim]{response.took_ms:.0f} ms, Modus {response.mode}[/dim]")
