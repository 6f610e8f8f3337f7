"""Search with facets that stay usable while they filter (the search page's data).

Counting facets over the filtered results alone would make a chosen district the only district
left on the page, so nobody could add a second one ("Kusel oder Saarlouis"). As in every
faceted search, a facet with a selection is counted with all *other* filters but not its own.
The query is read once (spelling, plan, query vector) and only ranked again for each facet in
use: a facet's counts need the ranking without its own filter, which no other ranking holds.
Chosen values stay listed even when their count is 0, so they can always be switched off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.services.schemas import FacetValue, SearchQuery, SearchResponse

if TYPE_CHECKING:
    from kb.services.search_service import Searcher

FACETS = ("district", "doc_type", "year", "norm")


def faceted_search(searcher: Searcher, query: SearchQuery) -> SearchResponse:
    query = query.model_copy(update={"facets": True})
    response, reading = searcher.answer(query)
    for name in FACETS:
        selected = [str(v) for v in getattr(query.filters, name)]
        if selected:
            relaxed = query.filters.model_copy(update={name: []})
            counts = searcher.facet_counts(reading, relaxed).get(name, []) if reading else []
            response.facets[name] = with_selected(counts, selected)
    return response


def with_selected(values: list[FacetValue], selected: list[str]) -> list[FacetValue]:
    present = {v.value for v in values}
    return values + [FacetValue(value=s, count=0) for s in selected if s not in present]
