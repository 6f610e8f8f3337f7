"""Request-scoped access to the knowledge base and shared form parsing."""

from __future__ import annotations

from datetime import date

from fastapi import HTTPException, Request

from kb.services.knowledge_base import KnowledgeBase
from kb.services.schemas import SearchFilters


def get_kb(request: Request) -> KnowledgeBase:
    return request.app.state.kb


def optional_date(value: str | None, label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise HTTPException(422, f"{label}: ungültiges Datum '{value}' (JJJJ-MM-TT)") from exc


def norm_filter(norm: str) -> str:
    """'§22 sgb 2' → 'SGB II § 22' (norm filters work on whole paragraphs)."""
    from kb.domain import parse_norm_query

    norm_id = parse_norm_query(norm)
    if norm_id is None:
        raise HTTPException(422, f"'{norm}' ist keine erkennbare Norm (Beispiel: SGB II § 22)")
    return norm_id.split(" Abs.")[0]


def _values(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [v for v in ([value] if isinstance(value, str) else value) if v]


def build_filters(district: str | list[str] | None, doc_type: str | list[str] | None,
                  date_from: str | None, date_to: str | None, norm: str | list[str] | None,
                  year: list[int] | None = None) -> SearchFilters:
    """Empty form fields mean 'no filter'; repeated parameters are alternatives."""
    return SearchFilters(district=_values(district), doc_type=_values(doc_type), year=year or [],
                         norm=[norm_filter(n) for n in _values(norm)],
                         date_from=optional_date(date_from, "Von"),
                         date_to=optional_date(date_to, "Bis"))
