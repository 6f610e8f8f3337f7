"""`kb serve`: the web UI and JSON API, ingesting the sample corpus into an empty store first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kb_cli.context import console, open_kb
from kb_cli.ingest_cmd import print_report

SAMPLE_CORPUS = Path(__file__).resolve().parents[1] / "corpus"
DEMO_PASSWORD = "demo-passwort"  # demo only: `--demo` prints it at every start
DEMO_ACCOUNTS = (  # login, district, role: two districts with internal documents, and an admin
    ("demo.kusel", "Kusel", "redakteur"), ("demo.saarlouis", "Saarlouis", "leser"),
    ("demo.mayen", "Mayen-Koblenz", "leser"), ("demo.admin", "netzwerk", "admin"),
)


def ensure_demo_accounts(kb) -> None:
    """The demo's accounts (created once, password reset to the demo password on every start)."""
    from kb.access import SYSTEM

    for login, district, role in DEMO_ACCOUNTS:
        if kb.accounts.user(login) is None:
            kb.accounts.add_user(SYSTEM, login, DEMO_PASSWORD, district, role, f"Demo {district}")
        else:
            kb.accounts.set_password(SYSTEM, login, DEMO_PASSWORD)
    console.print("[bold]Demo-Konten[/bold] (nur zur Vorführung, Passwort für alle: "
                  f"[bold]{DEMO_PASSWORD}[/bold]):")
    for login, district, role in DEMO_ACCOUNTS:
        console.print(f"  {login:16} {district:14} {role}")
    console.print("Ohne Anmeldung: nur Netzwerk-Dokumente lesen.")


def serve(
    host: Annotated[str | None, typer.Option(help="Adresse (Standard 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (Standard 8000)")] = None,
    sample: Annotated[bool, typer.Option("--sample/--no-sample",
                                         help="Beispielkorpus einlesen, wenn die Datenbank leer ist")] = True,
    demo: Annotated[bool, typer.Option("--demo", help="Vorführung: Demo-Konten anlegen und ausgeben, "
                                                      "Lesen ohne Anmeldung erlauben (nie im Betrieb)")] = False,
) -> None:
    """Weboberfläche starten."""
    import uvicorn

    from webui.app import create_app

    kb = open_kb(anonymous_read=True) if demo else open_kb()
    if sample and kb.admin.is_empty() and SAMPLE_CORPUS.is_dir():
        console.print(f"Datenbank leer: lese Beispielkorpus {SAMPLE_CORPUS} ein …")
        print_report(kb.ingesting.ingest([SAMPLE_CORPUS]))
    kb.components.indexes  # load model and indexes before the first request  # noqa: B018
    if kb.settings.model.embedder != "fake":
        from kb.services.model import set_threads

        set_threads(kb.settings.model.serve_threads)
    if demo:
        ensure_demo_accounts(kb)
    host = host or kb.settings.web.host
    port = port or kb.settings.web.port
    console.print(f"Weboberfläche: http://{host}:{port}/")
    # A bounded grace for open requests: with the job worker's stop, the server ends within 5 s of SIGTERM.
    uvicorn.run(create_app(kb), host=host, port=port, log_level="warning", timeout_graceful_shutdown=2)
