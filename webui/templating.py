"""Jinja2 environment with the product's German formatting filters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.templating import Jinja2Templates

from webui import snippets

TEMPLATES = Path(__file__).resolve().parent / "templates"


def german_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


def pages_label(start: int | None, end: int | None) -> str:
    if not start:
        return ""
    return f"S. {start}" if not end or end == start else f"S. {start}–{end}"


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.autoescape = True
    env.filters["de_date"] = german_date
    env.globals["pages_label"] = pages_label
    env.globals["snippet"] = snippets.snippet
    env.globals["mark_terms"] = lambda text, q: snippets.mark_terms(text, snippets.query_stems(q))
    return templates
