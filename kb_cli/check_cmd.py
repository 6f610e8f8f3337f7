"""`kb check [--repair]`: do database, vectors, indexes and stored originals agree — and mend them.

The exit code is what scripts and monitoring read: 0 when everything agrees (after a repair: when
the repair left nothing to do), 1 when something is wrong (or could not be mended).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from kb_cli.context import console, fail, open_kb

if TYPE_CHECKING:  # the command line starts without the index stack; `kb check` loads it itself
    from kb.services.index_check import CheckReport, IndexAgreement
    from kb.services.store_check import StoreFindings


def check(as_json: Annotated[bool, typer.Option("--json")] = False,
          repair: Annotated[bool, typer.Option(
              "--repair", help="reparieren, was die Datenbank wiederherstellen kann, dann neu prüfen")] = False,
          ) -> None:
    """Prüfen, ob Datenbank, Vektoren, Indizes und Originale übereinstimmen (Rückgabewert 1, wenn nicht)."""
    from kb.access import AccessDenied

    kb = open_kb()
    if repair:
        try:
            result = kb.admin.repair(kb.ingesting.write_lock)
        except AccessDenied as exc:
            raise fail(str(exc)) from exc
        report = result.after
        payload = {"before": _json(result.before), "actions": result.actions, **_json(report)}
    else:
        report = kb.admin.check(kb.ingesting.write_lock)
        payload = _json(report)
    if as_json:
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        if repair:
            _print_actions(result.actions)
        _print(report)
    if not report.ok:
        raise typer.Exit(1)


def _json(report: CheckReport) -> dict:
    return {**report.model_dump(mode="json"), "ok": report.ok}


def _print_actions(actions: list[str]) -> None:
    console.print("Repariert: " + "; ".join(actions) if actions else "Nichts zu reparieren.")


def _print(report: CheckReport) -> None:
    console.print(f"Datenbank: {report.chunks} Abschnitte, Generation {report.database_generation}")
    for index in report.indexes:
        console.print(f"{index.index}: {index.indexed} Abschnitte, Generation {index.generation} – "
                      + ("stimmt überein" if index.ok else _difference(index)))
    for line in store_lines(report.store):
        console.print(line)


def store_lines(found: StoreFindings) -> list[str]:
    """German lines for the stored data: one 'in Ordnung' line or one line per problem."""
    if found.ok:
        return ["Vektoren und Originale: in Ordnung"]
    lines = []
    if found.bad_vectors_count:
        lines.append(f"[red]{found.bad_vectors_count} Abschnitte ohne gültigen Vektor[/red] "
                     f"(z. B. {_ids(found.bad_vectors)}; kb check --repair berechnet sie neu)")
    if found.wrong_chunk_counts:
        lines.append(f"[red]Abschnittszahl falsch bei Dokument {_ids(found.wrong_chunk_counts)}[/red] "
                     "(kb check --repair berichtigt)")
    if found.orphan_files_count:
        lines.append(f"[red]{found.orphan_files_count} verwaiste Originaldateien[/red] ohne Dokument "
                     "(kb check --repair entfernt sie)")
    for label, ids in (("fehlt", found.missing_originals), ("ist beschädigt (Prüfsumme stimmt nicht)",
                                                            found.damaged_originals)):
        if ids:
            lines.append(f"[red]Originaldatei {label} bei Dokument {_ids(ids)}[/red] – nicht reparierbar: "
                         "aus einer Sicherung zurückspielen (kb restore) oder die Datei neu einlesen")
    return lines


def _ids(ids: list[int]) -> str:
    return ", ".join(map(str, ids[:5])) + (" …" if len(ids) > 5 else "")


def _difference(index: IndexAgreement) -> str:
    parts = []
    if index.generation != index.database_generation:
        parts.append(f"veraltet (Datenbank {index.database_generation}; Neustart oder kb reindex baut neu auf)")
    if index.missing_count:
        parts.append(f"{index.missing_count} Abschnitte fehlen (z. B. {', '.join(map(str, index.missing[:5]))})")
    if index.extra_count:
        parts.append(f"{index.extra_count} überzählig (z. B. {', '.join(map(str, index.extra[:5]))})")
    return "[red]stimmt nicht:[/red] " + "; ".join(parts)
