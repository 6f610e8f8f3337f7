"""Search page, search API and suggestions: page and API render the same `SearchResponse`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from kb.services.schemas import SearchQuery, SearchResponse
from kb.services.suggest import Suggestions
from webui.csv_export import Verdict, csv_response, download_name, search_csv
from webui.deps import Search, build_filters
from webui.params import Years
from webui.search_state import FACET_LABELS, PAGE_SIZE, SearchState, search_state

router = APIRouter()


@router.get("/api/search", response_model=SearchResponse, tags=["Suche"],
            summary="Wissensdatenbank durchsuchen")
def api_search(
    search: Search,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="Frage oder Suchbegriffe")],
    k: Annotated[int, Query(ge=1, le=100)] = 10,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
    district: Annotated[list[str] | None, Query(description="Kreis (mehrfach: oder)")] = None,
    type: Annotated[list[str] | None, Query(description="Dokumenttyp (mehrfach: oder)")] = None,
    year: Years = [],  # noqa: B006 (FastAPI copies defaults)
    date_from: str | None = None,
    date_to: str | None = None,
    norm: Annotated[list[str] | None, Query(description='z. B. "SGB II § 22"')] = None,
    mode: Annotated[str | None, Query(pattern="^(dense|lexical|hybrid)$")] = None,
    sort: Annotated[str, Query(pattern="^(relevance|date)$")] = "relevance",
    facets: Annotated[bool, Query(description="Facetten zählen (Kreis, Typ, Jahr, Norm)")] = False,
    spellcheck: Annotated[bool, Query(description="Tippfehler korrigieren; die gesuchte Fassung "
                                                  "steht dann in `corrected_query`")] = True,
    as_of: Annotated[str | None, Query(description="Stand am JJJJ-MM-TT: was an diesem Tag galt "
                                                   "(Standard: heute)")] = None,
    include_outdated: Annotated[bool, Query(description="auch ersetzte, abgelaufene und noch nicht "
                                                        "geltende Fassungen")] = False,
) -> SearchResponse:
    filters = build_filters(district, type, date_from, date_to, norm, year, as_of, include_outdated)
    query = SearchQuery(text=q, k=k, offset=offset, filters=filters, mode=mode, sort=sort,
                        facets=facets, spellcheck=spellcheck)
    return search.search_with_facets(query) if facets else search.search(query)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, search: Search,
                state: Annotated[SearchState, Depends(search_state)]):
    """The same `SearchResponse` as `/api/search?facets=true` with the page's parameters."""
    response = search.search_with_facets(state.query()) if state.q.strip() else None
    return request.app.state.templates.TemplateResponse(request, "search.html", {
        "state": state, "response": response, "page_size": PAGE_SIZE, "facet_labels": FACET_LABELS,
        "weak_below": search.ranking.match_weak,
    })


EXPORT_ROWS = 100  # the most a result list yields as a file (SearchQuery.k's bound)


@router.get("/treffer.csv", include_in_schema=False)
def search_export(request: Request, search: Search, state: Annotated[SearchState, Depends(search_state)]):
    """The result list of the search page with its filters, from the first hit, as a CSV file."""
    query = state.query().model_copy(update={"k": EXPORT_ROWS, "offset": 0, "facets": False, "highlight": False})
    response = search.search(query) if state.q.strip() else SearchResponse(query="", results=[])
    verdict = Verdict(search.ranking.match_good, search.ranking.match_weak)
    return csv_response(search_csv(response, str(request.base_url), verdict), download_name("treffer", state.q))


@router.get("/api/suggest", response_model=Suggestions, tags=["Suche"],
            summary="Vorschläge während der Eingabe: korrigierte Tippfehler, Fachbegriffe, Normen, Dokumenttitel")
def api_suggest(search: Search,
                q: Annotated[str, Query(max_length=200)] = "") -> Suggestions:
    return search.suggestions(q)
