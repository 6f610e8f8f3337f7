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


def build_filters(district: str | None, doc_type: str | None, date_from: str | None,
                  date_to: str | None, norm: str | None) -> SearchFilters:
    """Empty form fields mean 'no filter'; a norm is normalised ('§22 sgb 2' → 'SGB II § 22')."""
    from ingest.citations import parse_norm_query

    norm_id = None
    if norm:
        norm_id = parse_norm_query(norm)
        if norm_id is None:
            raise HTTPException(422, f"'{norm}' ist keine erkennbare Norm (Beispiel: SGB II § 22)")
        norm_id = norm_id.split(" Abs.")[0]
    return SearchFilters(district=district or None, doc_type=doc_type or None,
                         date_from=optional_date(date_from, "Von"),
                         date_to=optional_date(date_to, "Bis"), norm=norm_id)
