"""Request-scoped access to the knowledge base's services and shared form parsing.

Each route depends on the one service it uses (FastAPI dependencies below), not on the whole
knowledge base; every service comes bound to the acting principal, so a route cannot read past
what its user may see. Depending on a service requires read access (`reader`); writing services
require an editor.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from kb.access import Principal
from kb.config import Settings
from kb.domain import IngestError, parse_date
from kb.services.document_service import DocumentService
from kb.services.editing import Editing
from kb.services.feedback import FeedbackService
from kb.services.ingest_service import Ingestor
from kb.services.jobs import JobService
from kb.services.law_changes import LawChanges
from kb.services.radar import ChangeRadar
from kb.services.schemas import SearchFilters
from kb.services.search_service import Searcher
from webui.security import administrator, editor, reader

Reader = Annotated[Principal, Depends(reader)]
Editor = Annotated[Principal, Depends(editor)]
Admin = Annotated[Principal, Depends(administrator)]


def _searching(request: Request, principal: Reader) -> Searcher:
    return request.app.state.kb.searching.acting(principal)


def _documents(request: Request, principal: Reader) -> DocumentService:
    return request.app.state.kb.documents.acting(principal)


def _ingesting(request: Request, principal: Editor) -> Ingestor:
    return request.app.state.kb.ingesting.acting(principal)


def _editing(request: Request, principal: Editor) -> Editing:
    return request.app.state.kb.editing.acting(principal)


def _jobs(request: Request, principal: Editor) -> JobService:
    return request.app.state.kb.jobs.acting(principal)


def _feedback(request: Request, principal: Reader) -> FeedbackService:
    return request.app.state.kb.feedback.acting(principal)


def _law_changes(request: Request, principal: Reader) -> LawChanges:
    return request.app.state.kb.law_changes.acting(principal)


def _radar(request: Request, principal: Reader) -> ChangeRadar:
    return request.app.state.kb.radar.acting(principal)


def _settings(request: Request) -> Settings:
    return request.app.state.kb.settings


Search = Annotated[Searcher, Depends(_searching)]
Documents = Annotated[DocumentService, Depends(_documents)]
Ingesting = Annotated[Ingestor, Depends(_ingesting)]
Edits = Annotated[Editing, Depends(_editing)]
Jobs = Annotated[JobService, Depends(_jobs)]
Ratings = Annotated[FeedbackService, Depends(_feedback)]
Changes = Annotated[LawChanges, Depends(_law_changes)]
Radar = Annotated[ChangeRadar, Depends(_radar)]
Config = Annotated[Settings, Depends(_settings)]


def optional_date(value: str | None, label: str) -> date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except IngestError as exc:
        raise HTTPException(422, f"{label}: {exc}") from exc


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
                  year: list[int] | None = None, as_of: str | None = None,
                  include_outdated: bool = False) -> SearchFilters:
    """Empty form fields mean 'no filter'; repeated parameters are alternatives."""
    return SearchFilters(district=_values(district), doc_type=_values(doc_type), year=year or [],
                         norm=[norm_filter(n) for n in _values(norm)],
                         date_from=optional_date(date_from, "Von"),
                         date_to=optional_date(date_to, "Bis"),
                         as_of=optional_date(as_of, "Stand am"), include_outdated=include_outdated)
