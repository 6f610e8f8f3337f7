"""`kb user`, `kb token`, `kb audit`: accounts, personal API tokens and the audit log.

The local command line acts as the system (whoever runs it owns the data directory), and is
recorded as such in the audit log. Passwords are asked twice without echo; for scripts they
are read as two lines from standard input.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from kb.access import SYSTEM
from kb.services.accounts import AccountError
from kb_cli.context import console, fail, open_kb

user_app = typer.Typer(help="Benutzerkonten verwalten", no_args_is_help=True)
token_app = typer.Typer(help="Persönliche API-Tokens", no_args_is_help=True)


def read_password() -> str:
    """Twice, without echo at a terminal; two lines of standard input otherwise."""
    if sys.stdin.isatty():
        first = typer.prompt("Passwort", hide_input=True)
        second = typer.prompt("Passwort wiederholen", hide_input=True)
    else:
        lines = sys.stdin.read().splitlines()
        first, second = [*lines, "", ""][:2]
    if first != second:
        raise fail("Die beiden Passwörter stimmen nicht überein.", 2)
    return first


def _run(action):
    try:
        return action()
    except AccountError as exc:
        raise fail(str(exc), 2) from exc


@user_app.command("add")
def add(login: Annotated[str, typer.Argument(help="Anmeldename")],
        district: Annotated[str, typer.Option("--district", "-d", help="Kreis oder 'netzwerk'")],
        role: Annotated[str, typer.Option("--role", "-r", help="leser | redakteur | admin")] = "leser",
        name: Annotated[str, typer.Option("--name", help="Anzeigename")] = "") -> None:
    """Konto anlegen (das Passwort wird zweimal abgefragt)."""
    password = read_password()
    user = _run(lambda: open_kb().accounts.add_user(SYSTEM, login, password, district, role, name))
    console.print(f"Angelegt: {user.login} ({user.district}, {user.role})")


@user_app.command("list")
def list_users(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Alle Konten anzeigen."""
    users = open_kb().accounts.users()
    if as_json:
        typer.echo("[" + ",".join(u.model_dump_json() for u in users) + "]")
        return
    table = Table("Anmeldename", "Name", "Kreis", "Rolle", "aktiv", "zuletzt angemeldet")
    for u in users:
        table.add_row(u.login, u.display_name, u.district, u.role, "ja" if u.active else "nein",
                      u.last_login.strftime("%d.%m.%Y %H:%M") if u.last_login else "–")
    console.print(table)


@user_app.command("disable")
def disable(login: str) -> None:
    """Konto sperren (beendet seine Sitzungen; seine Tokens gelten nicht mehr)."""
    _run(lambda: open_kb().accounts.set_active(SYSTEM, login, False))
    console.print(f"Gesperrt: {login}")


@user_app.command("enable")
def enable(login: str) -> None:
    """Gesperrtes Konto wieder freigeben."""
    _run(lambda: open_kb().accounts.set_active(SYSTEM, login, True))
    console.print(f"Freigegeben: {login}")


@user_app.command("passwd")
def passwd(login: str) -> None:
    """Neues Passwort setzen (beendet alle Sitzungen des Kontos)."""
    password = read_password()
    _run(lambda: open_kb().accounts.set_password(SYSTEM, login, password))
    console.print(f"Passwort geändert: {login}")


@user_app.command("role")
def role(login: str, new_role: Annotated[str, typer.Argument(help="leser | redakteur | admin")]) -> None:
    """Rolle eines Kontos ändern."""
    user = _run(lambda: open_kb().accounts.set_role(SYSTEM, login, new_role))
    console.print(f"{user.login}: Rolle {user.role}")


@token_app.command("create")
def create_token(login: str, name: Annotated[str, typer.Option("--name", help="wofür")] = "") -> None:
    """Token erzeugen; es steht einmalig in der letzten Zeile und wird nur als Prüfsumme gespeichert."""
    token_id, token = _run(lambda: open_kb().accounts.create_token(SYSTEM, login, name))
    console.print(f"Token {token_id} für {login} (als 'Authorization: Bearer …' senden, nur jetzt sichtbar):")
    typer.echo(token)


@token_app.command("revoke")
def revoke_token(token_id: int) -> None:
    """Token widerrufen."""
    if not open_kb().accounts.revoke_token(SYSTEM, token_id):
        raise fail(f"Kein gültiges Token {token_id}.", 1)
    console.print(f"Widerrufen: Token {token_id}")


@token_app.command("list")
def list_tokens(login: Annotated[str | None, typer.Argument()] = None) -> None:
    """Tokens (ohne Geheimnis) anzeigen."""
    table = Table("ID", "Benutzer", "Name", "erstellt", "widerrufen")
    for t in open_kb().accounts.tokens(login):
        table.add_row(str(t["id"]), t["user"], t["name"], t["created_at"].strftime("%d.%m.%Y %H:%M"),
                      "ja" if t["revoked"] else "nein")
    console.print(table)


def audit(since: Annotated[str | None, typer.Option("--since", help="ab Datum JJJJ-MM-TT")] = None,
          user: Annotated[str | None, typer.Option("--user")] = None,
          action: Annotated[str | None, typer.Option("--action")] = None,
          page: Annotated[int, typer.Option("--page", min=1)] = 1,
          as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Protokoll der Anmeldungen und Änderungen anzeigen (neueste zuerst)."""
    start = _day(since)
    result = open_kb().audit.page(login=user, action=action, since=start, page=page)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    table = Table("Zeit (UTC)", "Benutzer", "Aktion", "Objekt", "Adresse")
    for e in result.entries:
        table.add_row(e.at.strftime("%d.%m.%Y %H:%M:%S"), e.login, e.label,
                      f"{e.object_type or ''} {e.object_id or ''}".strip(), e.address or "–")
    console.print(table)
    console.print(f"Seite {result.page} von {result.pages}, {result.total} Einträge")


def _day(value: str | None) -> datetime | None:
    from kb_cli.context import parse_day

    day = parse_day(value)
    return datetime(day.year, day.month, day.day) if day else None
