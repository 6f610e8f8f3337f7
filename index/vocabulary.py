"""Jobcenter vocabulary: abbreviations and synonyms of SGB II practice, used to expand queries.

Caseworkers search with the words of their daily work ("KdU", "EGV", "Hartz IV"); circulars and
statutes use the formal terms ("Bedarfe für Unterkunft und Heizung", "Kooperationsplan"). The
groups of equivalent expressions live in `data/fachbegriffe.yaml`, which domain experts maintain
without touching code; `index.vocabulary_file` validates that file, this module finds the groups
a query mentions (comparing words as `index.term_forms` folds them).

Matching never fires inside a word ("BG" not in "BGB"). Short abbreviations (KdU, gE, AU) are
case-sensitive, since "ge" and "au" are ordinary text; all other terms ignore case, umlaut
spelling, hyphens and one German ending per word ("Bedarfsgemeinschaften", "ALG-II"). A phrase
of one group hides a shorter term of another group inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.term_forms import phrase_forms, same_words, tokens, word_forms
from index.vocabulary_file import DEFAULT_PATH, Entry, check_entry, read_entries

__all__ = ["ABBREVIATION_MAX_LEN", "DEFAULT_PATH", "Entry", "Vocabulary", "laws_of"]

ABBREVIATION_MAX_LEN = 5


@dataclass(frozen=True)
class _Term:
    text: str
    entry: int
    position: int  # in the file, for results in file order
    abbreviation: bool
    raw: tuple[str, ...]  # tokens as written; abbreviations are compared on these
    forms: tuple[frozenset[str], ...]  # per word, folded, with and without an ending


_Hit = tuple[_Term, int, int]  # a term found in the query, from token start to token end


def _is_abbreviation(term: str) -> bool:
    """Short forms with inner capitals are ordinary letter pairs in running text ("ge", "au")."""
    short = len(term) <= ABBREVIATION_MAX_LEN and " " not in term
    capitals = any(c.isupper() for c in term) and not (term[0].isupper() and term[1:].islower())
    return short and capitals  # "Kita" and "Reha" are capitalised words, not abbreviations


def _matches_at(term: _Term, raw: list[str], forms: list[frozenset[str]], start: int) -> bool:
    """Abbreviations: exact spelling, all capitals ("KDU") or a plural s ("EGVs"). Others: forms."""
    size = len(term.raw)
    if not term.abbreviation:
        return same_words(forms[start : start + size], term.forms)
    written, last = raw[start : start + size], size - 1
    return len(written) == size and all(
        got == want or (len(want) >= 3 and got == want.upper()) or (i == last and got == want + "s")
        for i, (got, want) in enumerate(zip(written, term.raw, strict=False))
    )


class Vocabulary:
    """The validated vocabulary with query-time lookup; build it with `Vocabulary.load()`."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._entries = tuple(entries)
        # Terms by the forms of their first word, so a query is scanned once, not once per term.
        self._by_first: dict[str, list[_Term]] = {}
        # The query plan and the speller ask several questions about the same query; the
        # vocabulary never changes after loading, so each query is scanned only once.
        self._hits = lru_cache(maxsize=256)(self._scan)
        position = 0
        for number, entry in enumerate(self._entries):
            check_entry(entry, number)
            for text in entry.terms:
                abbreviation = _is_abbreviation(text)
                raw, forms = tuple(tokens(text)), phrase_forms(text)
                self._add(_Term(text, number, position, abbreviation, raw, forms))
                position += 1

    def _add(self, term: _Term) -> None:
        """Index a term; one that would match the same words as an earlier term is an error."""
        if not term.raw:
            raise ValueError(f"Eintrag {term.entry + 1}: '{term.text}' enthält kein Wort")
        for earlier in self._candidates(term.forms[0]):
            if same_words(earlier.forms, term.forms):
                raise ValueError(_duplicate_message(term, earlier, self._entries))
        for form in term.forms[0]:
            self._by_first.setdefault(form, []).append(term)

    def _candidates(self, forms: Iterable[str]) -> list[_Term]:
        found = {id(t): t for form in forms for t in self._by_first.get(form, [])}
        return list(found.values())

    @classmethod
    def load(cls, path: Path | None = None) -> Vocabulary:
        """Read and validate the YAML file (default: the packaged `data/fachbegriffe.yaml`)."""
        return cls(read_entries(path))

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self._entries

    def matched_terms(self, query: str) -> list[str]:
        """Every term found in the query (several per entry are possible), in file order."""
        return [term.text for term in self._found(query)]

    def matches(self, query: str) -> list[tuple[Entry, str]]:
        """Entries mentioned in the query, in file order, each with its longest matching term."""
        best = _longest_per_entry(self._found(query))
        return [(self._entries[term.entry], term.text) for term in best]

    def expand(self, query: str) -> list[str]:
        """The other terms of every matched entry, in file order: what to add to the query."""
        found = self._found(query)  # terms are unique file-wide, so no further deduplication
        present = {term.text for term in found}
        entries = [self._entries[term.entry] for term in _longest_per_entry(found)]
        return [text for entry in entries for text in entry.terms if text not in present]

    def norms_for(self, query: str) -> list[str]:
        """Norms of the matched entries, unique, so a search can boost the statute text itself."""
        norms = [entry.norm for entry, _ in self.matches(query) if entry.norm]
        return list(dict.fromkeys(norms))

    def coverage(self, query: str) -> float:
        """Share of the query's words that belong to vocabulary terms (1.0 for "KdU")."""
        raw = tokens(query)
        hits = self._hits(query)
        covered = {i for h in hits if not _covered_by_other_entry(h, hits) for i in range(h[1], h[2])}
        return len(covered) / len(raw) if raw else 0.0

    def spelled_out(self, query: str) -> list[str]:
        """For abbreviations in the query, the entry's first written-out term ("KdU" → "Kosten
        der Unterkunft und Heizung"): an embedding model knows the words, not the shorthand."""
        out = []
        for term in self._found(query):
            if term.abbreviation:
                entry = self._entries[term.entry]
                out += [t for t in entry.terms if not _is_abbreviation(t)][:1]
        return list(dict.fromkeys(out))

    def _found(self, query: str) -> list[_Term]:
        """Terms occurring in the query after overlap resolution, unique, in file order."""
        hits = self._hits(query)
        kept = {h[0].position: h[0] for h in hits if not _covered_by_other_entry(h, hits)}
        return [kept[p] for p in sorted(kept)]

    def _scan(self, query: str) -> tuple[_Hit, ...]:
        """All occurrences of all terms, overlapping ones included (cached as `_hits`)."""
        raw = tokens(query)
        forms = [word_forms(t) for t in raw]
        folded = [t.casefold() for t in raw]
        hits: list[_Hit] = [  # the whole query is the abbreviation in any case: "kdu"
            (term, 0, len(raw))
            for term in (self._candidates(forms[0] | {folded[0]}) if raw else [])
            if term.abbreviation and folded == [t.casefold() for t in term.raw]
        ]
        for start, word in enumerate(folded):
            for term in self._candidates(forms[start] | {word, word.removesuffix("s")}):
                if _matches_at(term, raw, forms, start):
                    hits.append((term, start, start + len(term.raw)))
        return tuple(hits)


def laws_of(matches: list[tuple[Entry, str]]) -> list[str]:
    """Laws matched terms place a query in: a term naming a whole law ('Sozialhilfe' → SGB XII)
    or belonging to only one ('Jobcenter' → SGB II). A term about a provision that several laws
    have ('Unterkunftskosten' → SGB II § 22) places it in none."""
    whole = [entry.norm for entry, _ in matches if entry.names_law]
    return list(dict.fromkeys(whole + [entry.law for entry, _ in matches if entry.law]))


def _longest_per_entry(found: list[_Term]) -> list[_Term]:
    """One representative per entry: the most specific (longest) term found."""
    best: dict[int, _Term] = {}
    for term in found:  # file order, so the first of equally long terms wins
        if term.entry not in best or len(term.raw) > len(best[term.entry].raw):
            best[term.entry] = term
    return [best[i] for i in sorted(best)]


def _covered_by_other_entry(hit: _Hit, hits: Sequence[_Hit]) -> bool:
    """A term inside a longer phrase of another group belongs to that phrase, not to its group."""
    term, start, end = hit
    return any(
        other.entry != term.entry and o_start <= start <= end <= o_end
        and o_end - o_start > end - start
        for other, o_start, o_end in hits
    )


def _duplicate_message(term: _Term, earlier: _Term, entries: tuple[Entry, ...]) -> str:
    """Name both places, and explain inflected forms, the duplicate maintainers add most often."""
    return (
        f"Begriff '{term.text}' (Eintrag {term.entry + 1}) steht schon als '{earlier.text}' in "
        f"Eintrag {earlier.entry + 1} ({entries[earlier.entry].terms[0]}). Jeder Begriff darf nur "
        "einmal vorkommen; gebeugte Formen (Plural, Genitiv) werden automatisch erkannt."
    )
