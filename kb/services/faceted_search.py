"""Search with facets that stay usable while they filter (the search page's data).

Counting facets over the filtered results alone would make a chosen district the only district
left on the page, so nobody could add a second one ("Kusel oder Saarlouis"). As in every
faceted search, a facet with a selection is counted with all *other* filters but not its own:
one small extra search per facet in use. Chosen values stay listed even when their count is 0,
so they can always be switched off again.
"""

from __future__ import annotations

from collections.abc import Callable

from kb.services.schemas import FacetValue, SearchQuery, SearchResponse

FACETS = ("district", "doc_type", "year", "norm")


def faceted_search(search: Callable[[SearchQuery], SearchResponse], query: SearchQuery) -> SearchResponse:
    response = search(query.model_copy(update={"facets": True}))
    facets = dict(response.facets)
    for name in FACETS:
        selected = [str(v) for v in getattr(query.filters, name)]
        if not selected:
            continue
        if response.query.strip():
            facets[name] = _counts_without(search, query, name)
        facets[name] = with_selected(facets.get(name, []), selected)
    response.facets = facets
    return response


def _counts_without(search: Callable[[SearchQuery], SearchResponse], query: SearchQuery,
                    name: str) -> list[FacetValue]:
    relaxed = query.filters.model_copy(update={name: []})
    counts = search(SearchQuery(text=query.text, k=1, filters=relaxed, mode=query.mode, facets=True,
                                highlight=False))
    return counts.facets.get(name, [])


def with_selected(values: list[FacetValue], selected: list[str]) -> list[FacetValue]:
    present = {v.value for v in values}
    return values + [FacetValue(value=s, count=0) for s in selected if s not in present]
