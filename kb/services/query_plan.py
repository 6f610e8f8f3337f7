"""The query plan: the query read once, before any retrieval.

Analysed terms for BM25, the field vocabulary's synonyms of what the query mentions ("KdU" →
"Kosten der Unterkunft und Heizung"), the legal norms it cites ("§ 22 Abs. 1 SGB II"), the laws
and document types it names. Every candidate source reads the plan instead of the raw text, so
the query is parsed once per search however many sources there are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from index.analysis import GermanAnalyzer
from index.vocabulary import Entry, Vocabulary, laws_of
from ingest import citations
from ingest.legal import asked_doc_types, named_laws


@dataclass
class QueryPlan:
    text: str
    terms: list[str] = field(default_factory=list)
    synonym_terms: list[str] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)  # cited in the query
    hinted_norms: list[str] = field(default_factory=list)  # implied by vocabulary terms
    search_text: str = ""  # the query with abbreviations spelled out and norm titles added
    citation_share: float = 0.0  # how much of the query is a citation (1.0: "§ 22 SGB II")
    vocabulary_share: float = 0.0  # how much of it is field vocabulary (1.0: "KdU")
    absatz: dict[str, int] = field(default_factory=dict)  # "SGB II § 22" → 1 for "§ 22 Abs. 1"
    doc_types: list[str] = field(default_factory=list)  # types the query asks for ("nach Weisung")
    laws: list[str] = field(default_factory=list)  # laws the query names ("SGB XII", "Sozialhilfe")
    title_terms: list[str] | None = None  # for titles: terms without law names; None = terms
    words: list[str] = field(default_factory=list)  # stems of the query's words, in query order

    @property
    def dense_text(self) -> str:
        """What the embedding model reads: the query with what its words stand for."""
        return self.search_text or self.text


class QueryPlanner:
    """Builds plans with the lexical index's analysis, the field vocabulary and the titles of the
    cited norms' law texts (`norm_titles`, from the database)."""

    def __init__(self, analyzer: GermanAnalyzer, query_terms: Callable[[str], list[str]],
                 norm_titles: Callable[[list[str]], list[str]]) -> None:
        self.analyzer = analyzer
        self.analyze = query_terms
        self._norm_titles = norm_titles

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.load()

    def plan(self, text: str) -> QueryPlan:
        """Abbreviations are spelled out and cited norms get their section titles, so that the
        dense model and BM25 see 'Kosten der Unterkunft' for 'KdU' and 'Bedarfe für Unterkunft
        und Heizung' for '§ 22 SGB II'."""
        cited = citations.parse_citations(text)
        norms = list(dict.fromkeys(c.norm_id("paragraph") for c in cited if c.law))
        context = self.vocabulary.spelled_out(text) + self._norm_titles(norms)
        search_text = f"{text} ({'; '.join(context)})" if context else text
        terms = self.analyze(search_text)
        matches = self.vocabulary.matches(text)
        law_names = set(self.analyze(" ".join(_law_names(matches))))
        return QueryPlan(text, terms, self._synonym_terms(text, terms), norms, self._hinted_norms(text),
                         title_terms=[t for t in terms if t not in law_names],
                         search_text=search_text, citation_share=_share(text, cited),
                         vocabulary_share=self.vocabulary.coverage(text),
                         absatz={c.norm_id("paragraph"): c.absatz for c in cited if c.law and c.absatz},
                         doc_types=asked_doc_types(text),
                         laws=named_laws(norms, laws_of(matches)), words=self.words(text))

    def _synonym_terms(self, text: str, terms: list[str]) -> list[str]:
        expansion = self.vocabulary.expand(text)
        return [t for t in self.analyze(" ".join(expansion)) if t not in terms]

    def _hinted_norms(self, text: str) -> list[str]:
        return list(dict.fromkeys(n.split(" Abs.")[0] for n in self.vocabulary.norms_for(text)))

    def words(self, text: str) -> list[str]:
        """Stems of the query's words in their order (numbers left out), for the proximity list."""
        return [t for t in self.analyzer.analyze(text).terms if not t[0].isdigit()]


def _law_names(matches: list[tuple[Entry, str]]) -> list[str]:
    """Terms in the query that name a whole law ('Grundsicherung für Arbeitsuchende'): they say
    which law is meant, not which section, so they must not match section titles that repeat
    the law's name ('§ 6 – Träger der Grundsicherung für Arbeitsuchende')."""
    return [term for entry, term in matches if entry.names_law]


_WORDS = re.compile(r"\w+")


def _share(text: str, cited: list) -> float:
    """Share of the query's characters (words only) that are part of a citation."""
    total = sum(len(w) for w in _WORDS.findall(text))
    inside = sum(len(w) for c in cited for w in _WORDS.findall(text[c.start:c.end]))
    return min(1.0, inside / total) if total else 0.0
