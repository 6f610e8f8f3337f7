"""`kb serve`: the web UI and JSON API, ingesting the sample corpus into an empty store first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kb_cli.context import console, open_kb
from kb_cli.ingest_cmd import print_report

SAMPLE_CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def serve(
    host: Annotated[str | None, typer.Option(help="Adresse (Standard 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (Standard 8000)")] = None,
    sample: Annotated[bool, typer.Option("--sample/--no-sample",
                                         help="Beispielkorpus einlesen, wenn die Datenbank leer ist")] = True,
) -> None:
    """Weboberfläche starten."""
    import uvicorn

    from webui.app import create_app

    kb = open_kb()
    if sample and kb.admin.is_empty() and SAMPLE_CORPUS.is_dir():
        console.print(f"Datenbank leer: lese Beispielkorpus {SAMPLE_CORPUS} ein …")
        print_report(kb.ingesting.ingest([SAMPLE_CORPUS]))
    kb.components.indexes  # load model and indexes before the first request  # noqa: B018
    if kb.settings.model.embedder != "fake":
        from kb.services.model import set_threads

        set_threads(kb.settings.model.serve_threads)
    host = host or kb.settings.web.host
    port = port or kb.settings.web.port
    console.print(f"Weboberfläche: http://{host}:{port}/")
    uvicorn.run(create_app(kb), host=host, port=port, log_level="warning")
