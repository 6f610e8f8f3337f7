"""Jinja2 environment with the product's German formatting filters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi.templating import Jinja2Templates

from kb.domain import DocType
from kb.services.feeds import SLUGS, slug
from kb.services.law_schemas import norm_anchor
from webui import highlight, snippets, table_text
from webui.flash import pop_flash

TEMPLATES = Path(__file__).resolve().parent / "templates"
try:
    LOCAL_TIME = ZoneInfo("Europe/Berlin")
except ZoneInfoNotFoundError:  # no time zone database installed: show UTC rather than fail
    LOCAL_TIME = UTC


STATE_LABELS = {"current": "gilt", "superseded": "ältere Fassung", "replaced": "ersetzt",
                "expired": "abgelaufen", "future": "noch nicht gültig"}


def german_date(value: date | str | None) -> str:
    """'01.07.2026'; ISO strings (from the query string) too."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value or "–"
    return value.strftime("%d.%m.%Y") if value else "–"


def german_datetime(value: datetime | None) -> str:
    """Stored times are UTC; caseworkers read German local time ("25.11.2026, 14:05 Uhr")."""
    if value is None:
        return "–"
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_TIME).strftime("%d.%m.%Y, %H:%M Uhr")


def norm_url(norm: str) -> str:
    return "/normen/" + quote(norm, safe="")


def pages_label(start: int | None, end: int | None) -> str:
    if not start:
        return ""
    return f"S. {start}" if not end or end == start else f"S. {start}–{end}"


def feed_slug(district: str | None) -> str:
    """"St. Wendel" → "st-wendel", as in the feed addresses; "" for what has no district feed."""
    name = slug(district or "")
    return name if name in SLUGS else ""


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.autoescape = True
    env.filters["de_date"] = german_date
    env.filters["de_datetime"] = german_datetime
    env.filters["feed_slug"] = feed_slug
    env.globals["norm_url"] = norm_url
    env.globals["norm_anchor"] = norm_anchor
    env.globals["answer_snippet"] = highlight.answer_snippet
    env.globals["paragraphs"] = highlight.paragraphs
    env.globals["format_ranges"] = highlight.format_ranges
    env.globals["citation_snippet"] = highlight.citation_snippet
    env.globals["pop_flash"] = pop_flash
    env.globals["pages_label"] = pages_label
    env.globals["text_parts"] = table_text.text_parts
    env.globals["doc_types"] = [t.value for t in DocType]
    env.globals["state_labels"] = STATE_LABELS
    env.globals["snippet"] = snippets.snippet
    env.globals["mark_terms"] = lambda text, q: snippets.mark_terms(text, snippets.query_stems(q))
    return templates
