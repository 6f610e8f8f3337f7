"""`kb law-changes "SGB II"`: what changed between two versions of a law, as on
`/rechtsaenderungen/{law}` — a table of the changed, new and repealed norms with their inserted
and struck words, and the replaced terms; `--json` prints exactly `GET /api/law-changes`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kb.domain import IngestError
from kb.services.law_changes import MIN_NORMS, NothingToCompare, VersionNotFound
from kb.services.law_schemas import LawChangeReport, LawVersion, NormChange
from kb_cli.context import console, fail, open_kb

STATES = {"changed": "geändert", "new": "neu", "repealed": "aufgehoben"}
WORDS = 12  # words of inserted / struck text shown per norm; the page and --json show all


def law_changes(
    law: Annotated[str, typer.Argument(help='Gesetz, z. B. "SGB II" oder "Bürgergeld-V"')],
    first: Annotated[str | None, typer.Option("--from", help="Fassungsnummer oder Datum JJJJ-MM-TT "
                                                             "(die an dem Tag geltende Fassung)")] = None,
    second: Annotated[str | None, typer.Option("--to", help="ebenso; Standard: die neueste Fassung")] = None,
    min_norms: Annotated[int, typer.Option("--min-norms", min=1, max=100,
                                           help="ersetzte Begriffe ab so vielen Normen")] = MIN_NORMS,
    as_json: Annotated[bool, typer.Option("--json", help="Ausgabe wie GET /api/law-changes")] = False,
) -> None:
    """Geänderte, neue und aufgehobene Normen zwischen zwei Fassungen eines Gesetzes."""
    try:
        report = open_kb().law_changes.report(law, first, second, min_norms)
    except NothingToCompare as exc:
        raise fail(str(exc), 1) from exc
    except VersionNotFound as exc:
        raise fail(str(exc), 2) from exc
    except IngestError as exc:
        raise fail(f"Original nicht lesbar: {exc}") from exc
    if report is None:
        raise fail(f"Zu „{law}“ ist kein Gesetzestext eingelesen.", 1)
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        print_report(report)


def print_report(report: LawChangeReport) -> None:
    c = report.counts
    console.print(f"[bold]{escape(report.law)}[/bold]")
    console.print(f"Bisher: {_version(report.old)}\nNeu:    {_version(report.new)}")
    console.print(f"{c['changed']} Normen geändert, {c['new']} neu, {c['repealed']} aufgehoben, "
                  f"{c['unchanged']} unverändert.")
    if report.norms:
        table = Table("Norm", "Änderung", "Titel", "Eingefügt", "Gestrichen", title="Normen")
        for norm in report.norms:
            table.add_row(norm.norm, STATES[norm.state], escape(norm.title), *map(escape, _words(norm)))
        console.print(table)
    if report.terms:
        terms = Table("Bisher", "Neu", "Normen", "Vorkommen bisher/neu", "Im Fachvokabular",
                      title=f"Ersetzte Begriffe (ab {report.min_norms} Normen, zur Prüfung)")
        for term in report.terms:
            terms.add_row(escape(term.old), escape(term.new), f"{len(term.norms)}: {', '.join(term.norms)}",
                          f"{term.before}/{term.after}", "ja" if term.in_vocabulary else "nein")
        console.print(terms)


def _version(v: LawVersion) -> str:
    stand = f"Stand {v.stand:%d.%m.%Y}" + ("" if v.stand_stated else " (Tag des Einlesens)")
    valid = f", gültig ab {v.valid_from:%d.%m.%Y}" if v.valid_from else ""
    note = f" – {v.stand_note}" if v.stand_note else ""
    return escape(f"Fassung {v.version}, {stand}{valid}{note} (Dokument {v.id})")


def _words(norm: NormChange) -> tuple[str, str]:
    """The first inserted and the first struck words of the norm, shortened."""
    runs = list(norm.title_tokens) + [tokens for p in norm.paragraphs for tokens in p.tokens]
    return tuple(_shorten(" … ".join(text for op, text in runs if op == kind)) for kind in ("insert", "delete"))


def _shorten(text: str) -> str:
    words = text.split()
    return " ".join(words[:WORDS]) + (" …" if len(words) > WORDS else "")
