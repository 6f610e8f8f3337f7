"""Precedent view – "Wie haben andere Kreise das gelöst?" – as a page and as JSON."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from kb.domain import DocType
from kb.services.precedent import PrecedentView
from webui.csv_export import Verdict, csv_response, download_name, precedent_csv
from webui.deps import Search

router = APIRouter()
TypeFilter = Annotated[list[str], Query(description="Dokumenttyp (mehrfach: oder)")]


@router.get("/api/precedent", response_model=PrecedentView, tags=["Suche"],
            summary="Bester Treffer je Kreis: wie haben andere Kreise das gelöst?")
def api_precedent(search: Search,
                  q: Annotated[str, Query(min_length=1, max_length=1000)],
                  type: TypeFilter = [],  # noqa: B006
                  spellcheck: Annotated[bool, Query(description="Tippfehler korrigieren")] = True,
                  ) -> PrecedentView:
    return search.precedent_view(q, [t for t in type if t], spellcheck)


@router.get("/vergleich", response_class=HTMLResponse, include_in_schema=False)
def precedent_page(request: Request, search: Search,
                   q: Annotated[str, Query(max_length=1000)] = "",
                   type: TypeFilter = [], exact: bool = False):  # noqa: B006
    types = [t for t in type if t]
    view = search.precedent_view(q, types, spellcheck=not exact) if q.strip() else None
    asked = [("q", q), *(("type", t) for t in types)]
    return request.app.state.templates.TemplateResponse(request, "precedent.html", {
        "q": q, "types": types, "view": view, "doc_types": [t.value for t in DocType],
        "exact_url": "/vergleich?" + urlencode([*asked, ("exact", "1")]),
        "export_query": urlencode([*asked, *([("exact", "1")] if exact else [])])})


@router.get("/vergleich.csv", include_in_schema=False)
def precedent_export(request: Request, search: Search, q: Annotated[str, Query(min_length=1, max_length=1000)],
                     type: TypeFilter = [], exact: bool = False):  # noqa: B006
    """The Kreisvergleich as a CSV file: one row per district, "kein Treffer" included."""
    view = search.precedent_view(q, [t for t in type if t], spellcheck=not exact)
    verdict = Verdict(search.ranking.match_good, search.ranking.match_weak)
    return csv_response(precedent_csv(view, str(request.base_url), verdict), download_name("kreisvergleich", q))
