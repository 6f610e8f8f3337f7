"""The search page's state as it lives in the URL: query, facet selections, sort and page.

Everything a caseworker chose is in the query string (repeated parameters for several values),
so a result list can be shared by copying the address and the back button restores it. Links
that change one thing (a facet, the sort, the page) are built here, in one place.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query
from pydantic import BaseModel, Field

from kb.services.schemas import FacetValue, SearchFilters, SearchQuery
from webui.deps import build_filters
from webui.params import Year, Years

# facet name in SearchResponse.facets → URL parameter
PARAM_OF = {"district": "district", "doc_type": "type", "year": "year", "norm": "norm"}
FACET_LABELS = {"district": "Kreis", "doc_type": "Dokumenttyp", "year": "Jahr", "norm": "Zitierte Norm"}
PAGE_SIZE = 10
FACET_SHOWN = 8  # values per facet before "Weitere …"


class SearchState(BaseModel):
    q: str = ""
    district: list[str] = Field(default_factory=list)
    type: list[str] = Field(default_factory=list)
    year: list[Year] = Field(default_factory=list)
    norm: list[str] = Field(default_factory=list)
    date_from: str = ""
    date_to: str = ""
    sort: str = "relevance"
    page: int = 1
    exact: bool = False  # search the words as typed, without spelling correction
    as_of: str = ""  # "Stand am": what was in force that day
    outdated: bool = False  # also replaced, expired and not yet valid versions

    def params(self, **changes) -> list[tuple[str, str]]:
        data = self.model_dump() | changes
        pairs = [("q", data["q"])]
        for name in ("district", "type", "year", "norm"):
            pairs += [(name, str(v)) for v in data[name]]
        pairs += [(k, str(data[k])) for k in ("date_from", "date_to", "as_of") if data[k]]
        if data["sort"] != "relevance":
            pairs.append(("sort", data["sort"]))
        if data["page"] != 1:
            pairs.append(("page", str(data["page"])))
        pairs += [(k, "1") for k in ("exact", "outdated") if data[k]]
        return pairs

    def url(self, path: str = "/", **changes) -> str:
        return f"{path}?{urlencode(self.params(**changes))}"

    @staticmethod
    def param(facet: str) -> str:
        """URL parameter of a facet ("doc_type" → "type")."""
        return PARAM_OF[facet]

    def selected(self, facet: str, value: str) -> bool:
        return value in [str(v) for v in getattr(self, PARAM_OF[facet])]

    def toggle_url(self, facet: str, value: str) -> str:
        """The URL with one facet value switched on or off (back to page 1)."""
        param = PARAM_OF[facet]
        current = [str(v) for v in getattr(self, param)]
        values = [v for v in current if v != value] if value in current else [*current, value]
        return self.url(**{param: values, "page": 1})

    def facet_values(self, facet: str, values: list[FacetValue],
                     shown: int = FACET_SHOWN) -> tuple[list[FacetValue], list[FacetValue]]:
        """(listed, behind "Weitere …"): the most frequent values and every selected one first.
        Years read best newest first, the rest by frequency."""
        if facet == "year":
            values = sorted(values, key=lambda v: v.value, reverse=True)
        head = [v for i, v in enumerate(values) if i < shown or self.selected(facet, v.value)]
        return head, [v for v in values if v not in head]

    @property
    def active_filters(self) -> list[tuple[str, str]]:
        """(facet, value) pairs in the order of the facet groups, for "remove" links."""
        return [(facet, str(v)) for facet, param in PARAM_OF.items() for v in getattr(self, param)]

    def filters(self) -> SearchFilters:
        return build_filters(self.district, self.type, self.date_from, self.date_to, self.norm,
                             self.year, self.as_of, self.outdated)

    def query(self) -> SearchQuery:
        return SearchQuery(text=self.q, k=PAGE_SIZE, offset=(self.page - 1) * PAGE_SIZE,
                           filters=self.filters(), sort=self.sort, facets=True, spellcheck=not self.exact)


def search_state(
    q: Annotated[str, Query(max_length=1000)] = "",
    district: Annotated[list[str], Query()] = [],  # noqa: B006 (FastAPI copies defaults)
    type: Annotated[list[str], Query()] = [],  # noqa: B006
    year: Years = [],  # noqa: B006
    norm: Annotated[list[str], Query()] = [],  # noqa: B006
    date_from: str = "",
    date_to: str = "",
    sort: Annotated[str, Query(pattern="^(relevance|date)$")] = "relevance",
    page: Annotated[int, Query(ge=1, le=50)] = 1,
    exact: bool = False,
    as_of: Annotated[str, Query(max_length=10)] = "",
    outdated: bool = False,
) -> SearchState:
    """FastAPI dependency: the state from the query string, norms in their canonical form
    ("§22 sgb 2" → "SGB II § 22") so that the norm facet shows them as selected."""
    state = SearchState(q=q, district=[d for d in district if d], type=[t for t in type if t],
                        year=year, norm=[n for n in norm if n.strip()], date_from=date_from,
                        date_to=date_to, sort=sort, page=page, exact=exact, as_of=as_of, outdated=outdated)
    state.norm = list(dict.fromkeys(state.filters().norm))
    return state
