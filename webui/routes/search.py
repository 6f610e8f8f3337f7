"""Search page and search API: both render the same `SearchResponse`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ingest.metadata import DISTRICTS, NETWORK
from ingest.models import DocType
from kb.services.knowledge_base import KnowledgeBase
from kb.services.schemas import SearchQuery, SearchResponse
from webui.deps import build_filters, get_kb

router = APIRouter()
PAGE_SIZE = 10


@router.get("/api/search", response_model=SearchResponse, tags=["Suche"],
            summary="Wissensdatenbank durchsuchen")
def api_search(
    kb: Annotated[KnowledgeBase, Depends(get_kb)],
    q: Annotated[str, Query(min_length=1, max_length=1000, description="Frage oder Suchbegriffe")],
    k: Annotated[int, Query(ge=1, le=100)] = 10,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
    district: Annotated[list[str] | None, Query(description="Kreis (mehrfach: oder)")] = None,
    type: Annotated[list[str] | None, Query(description="Dokumenttyp (mehrfach: oder)")] = None,  # noqa: A002
    year: Annotated[list[int] | None, Query(description="Jahr (mehrfach: oder)")] = None,
    date_from: str | None = None,
    date_to: str | None = None,
    norm: Annotated[list[str] | None, Query(description='z. B. "SGB II § 22"')] = None,
    mode: Annotated[str | None, Query(pattern="^(dense|lexical|hybrid)$")] = None,
    sort: Annotated[str, Query(pattern="^(relevance|date)$")] = "relevance",
    facets: bool = False,
) -> SearchResponse:
    filters = build_filters(district, type, date_from, date_to, norm, year)
    return kb.search(SearchQuery(text=q, k=k, offset=offset, filters=filters, mode=mode,
                                 sort=sort, facets=facets))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def search_page(
    request: Request,
    kb: Annotated[KnowledgeBase, Depends(get_kb)],
    q: Annotated[str, Query(max_length=1000)] = "",
    district: str = "",
    type: str = "",  # noqa: A002
    date_from: str = "",
    date_to: str = "",
    norm: str = "",
    page: Annotated[int, Query(ge=1, le=50)] = 1,
):
    form = {"q": q, "district": district, "type": type, "date_from": date_from,
            "date_to": date_to, "norm": norm}
    response = None
    if q.strip():
        filters = build_filters(district, type, date_from, date_to, norm)
        response = kb.search(SearchQuery(text=q, k=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
                                         filters=filters))
    return request.app.state.templates.TemplateResponse(request, "search.html", {
        "form": form, "response": response, "page": page, "page_size": PAGE_SIZE,
        "districts": [*DISTRICTS, NETWORK], "doc_types": [t.value for t in DocType],
    })
