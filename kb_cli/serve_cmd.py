"""`kb serve`: the web UI and JSON API, ingesting the sample corpus into an empty store first."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated

import typer

from kb_cli import serve_start
from kb_cli.context import console, open_kb
from kb_cli.ingest_cmd import print_report

SAMPLE_CORPUS = Path(__file__).resolve().parents[1] / "corpus"
DEMO_PASSWORD = "demo-passwort"  # demo only: `--demo` prints it at every start
DEMO_ACCOUNTS = (  # login, district, role: two districts with internal documents, and an admin
    ("demo.kusel", "Kusel", "redakteur"), ("demo.saarlouis", "Saarlouis", "leser"),
    ("demo.mayen", "Mayen-Koblenz", "leser"), ("demo.admin", "netzwerk", "admin"),
)


def ensure_demo_accounts(kb) -> threading.Thread:
    """The demo's accounts (created once, password reset to the demo password on every start);
    returns the thread doing the resets."""
    from kb.access import SYSTEM

    existing = [login for login, _, _ in DEMO_ACCOUNTS if kb.accounts.user(login) is not None]
    for login, district, role in DEMO_ACCOUNTS:
        if login not in existing:
            kb.accounts.add_user(SYSTEM, login, DEMO_PASSWORD, district, role, f"Demo {district}")
    # Resetting costs a password hash each (a quarter second): beside serving, not before it.
    resets = threading.Thread(target=lambda: [kb.accounts.set_password(SYSTEM, login, DEMO_PASSWORD)
                                              for login in existing], name="kb-demo-passwords", daemon=True)
    resets.start()
    console.print("[bold]Demo-Konten[/bold] (nur zur Vorführung, Passwort für alle: "
                  f"[bold]{DEMO_PASSWORD}[/bold]):")
    for login, district, role in DEMO_ACCOUNTS:
        console.print(f"  {login:16} {district:14} {role}")
    console.print("Ohne Anmeldung: nur Netzwerk-Dokumente lesen.")
    return resets


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
    sample_job = _sample(kb) if sample and kb.admin.is_empty() and SAMPLE_CORPUS.is_dir() else None
    serve_start.warm_up(kb)
    if demo:
        ensure_demo_accounts(kb)
    host = host or kb.settings.web.host
    port = port or kb.settings.web.port
    console.print(f"Weboberfläche: http://{host}:{port}/")
    app = create_app(kb)
    app.state.sample_job = sample_job
    _access_log(kb.settings)
    # A bounded grace for open requests: with the job worker's stop, the server ends within 5 s of SIGTERM.
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=2)


def _access_log(settings) -> None:
    """JSON lines of every request (webui.access_log), where the settings say (kb.access_log_file)."""
    from kb import access_log_file

    web = settings.web
    path = web.access_log_file or settings.storage.resolved_data_dir / "logs" / "access.jsonl"
    access_log_file.configure(web.access_log, path, web.access_log_max_mb * 1_000_000, web.access_log_backups)
    if web.access_log == "datei":
        console.print(f"Zugriffsprotokoll: {path}")


def _sample(kb) -> int | None:
    """Read the sample corpus into the empty database: as a background job when the server runs
    jobs (it answers meanwhile), else here before serving."""
    if not kb.settings.jobs.job_worker:
        console.print(f"Datenbank leer: lese Beispielkorpus {SAMPLE_CORPUS} ein …")
        print_report(kb.ingesting.ingest([SAMPLE_CORPUS]))
        serve_start.sample_threads(kb, SAMPLE_CORPUS)
        return None
    job_id = serve_start.queue_sample(kb, SAMPLE_CORPUS)
    serve_start.follow(kb, job_id, corpus=SAMPLE_CORPUS)
    return job_id
