"""Spelling correction of queries against the collection's own words (see index/spelling)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from index.spelling import WORD, Correction, Speller
from index.vocabulary import Vocabulary
from kb.db.models import Chunk
from kb.services.indexes import IndexSet


class SpellingCheck:
    def __init__(self, indexes: IndexSet, sessions: sessionmaker[Session], vocabulary: Callable[[], Vocabulary],
                 query_terms: Callable[[str], list[str]]) -> None:
        self.indexes = indexes
        self.sessions = sessions
        self._vocabulary = vocabulary
        self._analyze = query_terms
        self._speller: tuple[int, Speller] | None = None  # (lexical generation, speller)

    def correct(self, text: str, allowed: np.ndarray | None = None) -> Correction | None:
        """The query with words the collection has never seen corrected. With `allowed`, a
        correction is only ever spelt as the allowed chunks write it: a word that occurs only in
        documents the user may not see is never offered."""
        keep = set(self._analyze(" ".join(self._vocabulary().matched_terms(text))))
        return self.speller().correct(text, lambda stem: self.word_forms(stem, allowed), keep)

    def speller(self) -> Speller:
        """Built from the lexical index's term list, again whenever the index has changed."""
        generation = self.indexes.lexical.generation
        if self._speller is None or self._speller[0] != generation:
            speller = Speller(self.indexes.term_frequencies(), self.indexes.analyzer, self._field_words)
            self._speller = (generation, speller)
        return self._speller[1]

    def frequencies(self) -> Mapping[str, int]:
        """Chunks containing each indexed stem, current with the index (for word weights)."""
        return self.speller().frequencies

    @cached_property
    def _field_words(self) -> frozenset[str]:
        """The words of the field's vocabulary, which the speller counts as known; the
        vocabulary is fixed once loaded, the index's terms change with every ingest."""
        entries = self._vocabulary().entries
        return frozenset(w for entry in entries for term in entry.terms for w in WORD.findall(term))

    def word_forms(self, stem: str, allowed: np.ndarray | None = None) -> list[str]:
        """How the collection (its allowed chunks) writes the words with this stem, from the
        chunks using it most."""
        ids = [cid for cid, _ in self.indexes.search_lexical([stem], 10, allowed)]
        with self.sessions() as session:
            rows = session.execute(select(Chunk.section, Chunk.text).where(Chunk.id.in_(ids))).all()
        stem_of = self.indexes.analyzer.stem
        words = dict.fromkeys(w for row in rows for text in row if text for w in WORD.findall(text))
        return [w for w in words if stem_of(w.lower()) == stem]
