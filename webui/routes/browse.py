"""Browsing: documents by type and district, the newest documents, the norm index and norm pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse

from kb.domain import parse_norm_query
from kb.services.browse import DocumentBrowse, NormIndex, NormPage
from kb.services.document_service import DocumentService
from webui.deps import Changes, Documents
from webui.network_deps import Threads
from webui.routes.law_changes import norm_history
from webui.templating import norm_url

router = APIRouter()
NEWEST = 20
Values = Annotated[list[str], Query()]
Sort = Annotated[str, Query(pattern="^(new|title)$", description="new: neueste zuerst; title: nach Titel")]


def _clean(values: list[str]) -> list[str]:
    return [v for v in values if v]


def _render(request: Request, template: str, **context):
    return request.app.state.templates.TemplateResponse(request, template, context)


@router.get("/api/browse", response_model=DocumentBrowse, tags=["Dokumente"],
            summary="Dokumente nach Kreis und Typ, mit Anzahlen")
def api_browse(docs: Documents, district: Values = [],  # noqa: B006
               type: Values = [], sort: Sort = "new", include_outdated: bool = False) -> DocumentBrowse:  # noqa: B006
    return docs.browse(_clean(district), _clean(type), sort, include_outdated=include_outdated)


@router.get("/dokumente", response_class=HTMLResponse, include_in_schema=False)
def documents_page(request: Request, docs: Documents, district: Values = [],  # noqa: B006
                   type: Values = [], sort: Sort = "new", outdated: bool = False):  # noqa: B006
    return _render(request, "documents.html", nav="dokumente",
                   browse=docs.browse(_clean(district), _clean(type), sort, include_outdated=outdated))


@router.get("/neu", response_class=HTMLResponse, include_in_schema=False)
def newest_page(request: Request, docs: Documents):
    """The latest documents; JSON: `/api/documents?sort=new&limit=20`."""
    return _render(request, "newest.html", browse=docs.browse(limit=NEWEST), nav="neu")


@router.get("/api/norms", response_model=NormIndex, tags=["Normen"],
            summary="Alle zitierten Normen mit der Zahl der Dokumente")
def api_norms(docs: Documents) -> NormIndex:
    return docs.norm_index()


@router.get("/api/norms/{norm}", response_model=NormPage, tags=["Normen"],
            summary="Gesetzestext einer Norm und alle Dokumente, die sie zitieren")
def api_norm(norm: str, docs: Documents) -> NormPage:
    return _norm_page(docs, norm)


def _norm_page(docs: DocumentService, norm: str) -> NormPage:
    page = docs.norm_page(norm) or docs.norm_page(parse_norm_query(norm) or norm)
    if page is None:
        raise HTTPException(404, f"Zur Norm „{norm}“ gibt es keine Dokumente.")
    return page


@router.get("/normen", response_class=HTMLResponse, include_in_schema=False)
def norms_page(request: Request, docs: Documents,
               n: Annotated[str, Query(max_length=200)] = ""):
    """`n` ("§22 sgb 2") jumps to that norm's page: the index works as a form without JavaScript."""
    norm = parse_norm_query(n) if n.strip() else None
    if norm:
        return RedirectResponse(norm_url(norm.split(" Abs.")[0]), status.HTTP_303_SEE_OTHER)
    error = f"„{n}“ ist keine erkennbare Norm (Beispiel: SGB II § 22)." if n.strip() else None
    return _render(request, "norms.html", index=docs.norm_index(), n=n, error=error, nav="normen")


@router.get("/normen/{norm}", response_class=HTMLResponse, include_in_schema=False)
def norm_page(request: Request, norm: str, docs: Documents, changes: Changes, threads: Threads):
    """The law text, the norm's history across the law's versions, the documents and network
    questions citing it."""
    page = _norm_page(docs, norm)
    return _render(request, "norm.html", page=page, history=norm_history(changes, page.norm), nav="normen",
                   network_questions=threads.about_norm(page.norm))
