"""Law changes: the laws with several versions, what changed between two versions of one
(`/rechtsaenderungen/{law}?from=&to=`, JSON `GET /api/law-changes`) and a norm's history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from kb.domain import IngestError
from kb.services.law_changes import MIN_NORMS, LawChanges, NothingToCompare, VersionNotFound
from kb.services.law_schemas import LawChangeReport, LawSummary, NormHistory
from webui.deps import Changes
from webui.openapi_schema import NOT_FOUND

router = APIRouter()
Spec = Annotated[str | None, Query(max_length=40, description="Fassungsnummer (2) oder Datum (2026-05-01): "
                                                               "die an dem Tag geltende Fassung")]
MinNorms = Annotated[int, Query(ge=1, le=100, description="ein ersetzter Begriff zählt ab so vielen Normen")]


def report(changes: LawChanges, law: str, first: str | None, second: str | None,
           min_norms: int = MIN_NORMS) -> LawChangeReport:
    """The report, or the German reason there is none (404: no such law or nothing to compare,
    422: `from`/`to` names no version, an original cannot be read)."""
    try:
        found = changes.report(law, first or None, second or None, min_norms)
    except NothingToCompare as exc:
        raise HTTPException(404, str(exc)) from exc
    except VersionNotFound as exc:
        raise HTTPException(422, str(exc)) from exc
    except IngestError as exc:
        raise HTTPException(422, f"Original nicht lesbar: {exc}") from exc
    if found is None:
        raise HTTPException(404, f"Zu „{law[:80]}“ ist kein Gesetzestext eingelesen.")
    return found


@router.get("/api/law-changes", response_model=LawChangeReport, tags=["Normen"], responses=NOT_FOUND,
            summary="Geänderte, neue und aufgehobene Normen zwischen zwei Fassungen eines Gesetzes")
def api_law_changes(changes: Changes, law: Annotated[str, Query(max_length=100, description='z. B. "SGB II"')],
                    first: Annotated[Spec, Query(alias="from")] = None,
                    second: Annotated[Spec, Query(alias="to")] = None,
                    min_norms: MinNorms = MIN_NORMS) -> LawChangeReport:
    return report(changes, law, first, second, min_norms)


@router.get("/api/law-changes/laws", response_model=list[LawSummary], tags=["Normen"],
            summary="Gesetze mit mehr als einer eingelesenen Fassung")
def api_laws(changes: Changes) -> list[LawSummary]:
    return changes.laws()


@router.get("/api/norms/{norm}/history", response_model=NormHistory, tags=["Normen"],
            summary="Eine Norm in allen eingelesenen Fassungen ihres Gesetzes")
def api_norm_history(norm: str, changes: Changes) -> NormHistory:
    found = norm_history(changes, norm)
    if found is None:
        raise HTTPException(404, f"Zu „{norm[:80]}“ sind keine zwei Fassungen des Gesetzes eingelesen.")
    return found


def norm_history(changes: LawChanges, norm: str) -> NormHistory | None:
    """The history for the norm page; an unreadable original only drops the history."""
    try:
        return changes.history(norm)
    except IngestError:
        return None


@router.get("/rechtsaenderungen", response_class=HTMLResponse, include_in_schema=False)
def laws_page(request: Request, changes: Changes):
    return request.app.state.templates.TemplateResponse(request, "law_changes.html", {
        "laws": changes.laws(), "nav": "rechtsaenderungen"})


@router.get("/rechtsaenderungen/{law}", response_class=HTMLResponse, include_in_schema=False)
def law_change_page(request: Request, law: str, changes: Changes,
                    first: Annotated[Spec, Query(alias="from")] = None,
                    second: Annotated[Spec, Query(alias="to")] = None):
    return request.app.state.templates.TemplateResponse(request, "law_change.html", {
        "r": report(changes, law, first, second), "nav": "rechtsaenderungen"})
