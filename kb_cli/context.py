"""Shared helpers of the CLI commands: settings, opening the knowledge base, error output."""

from __future__ import annotations

import logging
import os
from datetime import date

import typer
from rich.console import Console

from kb.config import Settings
from kb.domain import IngestError, MetaHints, hints_from_mapping, parse_date

console = Console()
err_console = Console(stderr=True)
ACTING_AS: dict[str, str | None] = {"login": None}  # `kb --as USER …`: act as that user, not with full rights


def open_kb(**settings_overrides):
    """Open the knowledge base with settings from the environment; quiet library logs."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    settings = Settings(**settings_overrides)
    logging.basicConfig(level=settings.log_level)
    for noisy in ("transformers", "sentence_transformers", "httpx", "alembic"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    from kb.services.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(settings)
    if ACTING_AS["login"]:
        principal = kb.accounts.principal(ACTING_AS["login"])
        if principal is None:
            raise fail(f"Kein aktiver Benutzer '{ACTING_AS['login']}' (--as)", 2)
        kb.act_as(principal)
    return kb


def fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[red]Fehler:[/red] {message}")
    return typer.Exit(code)


def meta_overrides(district: str | None, doc_type: str | None, when: str | None,
                   visibility: str | None = None, **lifecycle: str | None) -> MetaHints | None:
    """Validate CLI metadata flags with the same rules as sidecar files (`lifecycle`:
    valid_from, valid_to, replaces, key, stand)."""
    data = {k: v for k, v in {"district": district, "doc_type": doc_type, "date": when,
                              "visibility": visibility, **lifecycle}.items() if v}
    if not data:
        return None
    try:
        return hints_from_mapping(data, "Kommandozeile")
    except IngestError as exc:
        raise fail(str(exc), 2) from exc


def parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except IngestError as exc:
        raise fail(str(exc), 2) from exc
