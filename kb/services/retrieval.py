"""The knowledge base's retrieval backends behind the searcher's `Retrieval` interface."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property, lru_cache

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from index.embedder import Embedder
from index.reranker import Reranker, by_score
from index.spelling import WORD, Correction, Speller
from index.vocabulary import Entry, Vocabulary, laws_of
from ingest import citations
from ingest.models import embedding_text
from kb.db.models import Chunk, ChunkNorm, Document
from kb.services import store
from kb.services.highlight import Highlighter
from kb.services.indexes import IndexSet
from kb.services.norm_feedback import NormsOf
from kb.services.search_service import QueryPlan, Ranked


class IndexRetrieval:
    def __init__(self, indexes: IndexSet, embedder: Callable[[], Embedder],
                 sessions: sessionmaker[Session], proximity_distance: int,
                 reranker: Callable[[], Reranker | None] = lambda: None) -> None:
        self.indexes = indexes
        self._embedder = embedder
        self._reranker = reranker
        self.sessions = sessions
        self.distance = proximity_distance
        self._speller: tuple[int, Speller] | None = None  # (lexical generation, speller)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.load()

    @cached_property
    def highlighter(self) -> Highlighter:
        return Highlighter(self._embedder().embed_passages, self.analyze)

    def query_vector(self, text: str) -> np.ndarray:
        """Cached: the same query is embedded once for retrieval and for highlighting."""
        return self._query_vector(text)

    @lru_cache(maxsize=256)  # noqa: B019 - one retrieval object per knowledge base
    def _query_vector(self, text: str) -> np.ndarray:
        return self._embedder().embed_queries([text])[0]

    def highlight(self, plan: QueryPlan, passages: list[str]) -> list[list[tuple[int, int, float]]]:
        terms = plan.terms + plan.synonym_terms
        return self.highlighter.highlight(self.query_vector(plan.search_text or plan.text), terms, passages)

    def analyze(self, text: str) -> list[str]:
        return self.indexes.lexical.index.query_terms(text)

    def plan(self, text: str) -> QueryPlan:
        """Read the query once: terms, synonyms, cited norms and what the words stand for.

        Abbreviations are spelled out and cited norms get their section titles, so that the
        dense model and BM25 see 'Kosten der Unterkunft' for 'KdU' and 'Bedarfe für Unterkunft
        und Heizung' for '§ 22 SGB II'.
        """
        cited = citations.parse_citations(text)
        norms = list(dict.fromkeys(c.norm_id("paragraph") for c in cited if c.law))
        absatz = {c.norm_id("paragraph"): c.absatz for c in cited if c.law and c.absatz}
        context = self.vocabulary.spelled_out(text) + self.norm_titles(norms)
        search_text = f"{text} ({'; '.join(context)})" if context else text
        terms = self.analyze(search_text)
        expansion = self.vocabulary.expand(text)
        synonym_terms = [t for t in self.analyze(" ".join(expansion)) if t not in terms]
        hinted = [_paragraph_level(n) for n in self.vocabulary.norms_for(text)]
        matches = self.vocabulary.matches(text)
        law_names = set(self.analyze(" ".join(_law_names(matches))))
        return QueryPlan(text, terms, synonym_terms, norms, list(dict.fromkeys(hinted)),
                         title_terms=[t for t in terms if t not in law_names],
                         search_text=search_text, citation_share=_share(text, cited),
                         vocabulary_share=self.vocabulary.coverage(text), absatz=absatz,
                         doc_types=asked_doc_types(text),
                         laws=named_laws(norms, laws_of(matches)), words=self.words(text))

    def correct_spelling(self, text: str) -> Correction | None:
        """The query with words the collection has never seen corrected (see index/spelling)."""
        keep = set(self.analyze(" ".join(self.vocabulary.matched_terms(text))))
        return self.speller().correct(text, self.word_forms, keep)

    def speller(self) -> Speller:
        """Built from the lexical index's term list, again whenever the index has changed."""
        lexical = self.indexes.lexical
        if self._speller is None or self._speller[0] != lexical.generation:
            with self.indexes.lock:
                frequencies = lexical.index.term_frequencies()
            speller = Speller(frequencies, lexical.index.analyzer, self._field_words)
            self._speller = (lexical.generation, speller)
        return self._speller[1]

    @cached_property
    def _field_words(self) -> frozenset[str]:
        """The words of the field's vocabulary, which the speller counts as known; the
        vocabulary is fixed once loaded, the index's terms change with every ingest."""
        return frozenset(w for entry in self.vocabulary.entries for term in entry.terms for w in WORD.findall(term))

    def word_forms(self, stem: str) -> list[str]:
        """How the collection writes the words with this stem, from the chunks using it most."""
        ids = [cid for cid, _ in self.lexical([stem], None, 10)]
        with self.sessions() as session:
            rows = session.execute(select(Chunk.section, Chunk.text).where(Chunk.id.in_(ids))).all()
        stem_of = self.indexes.lexical.index.analyzer.stem
        words = dict.fromkeys(w for row in rows for text in row if text for w in WORD.findall(text))
        return [w for w in words if stem_of(w.lower()) == stem]

    def words(self, text: str) -> list[str]:
        """Stems of the query's words in their order (numbers left out), for the proximity list."""
        terms = self.indexes.lexical.index.analyzer.analyze(text).terms
        return [t for t in terms if not t[0].isdigit()]

    def norm_titles(self, norms: list[str]) -> list[str]:
        """Section titles of the law texts of these norms ('SGB II § 22' → 'Bedarfe für …')."""
        if not norms:
            return []
        stmt = (select(Chunk.section).where(Chunk.norm_self.in_(norms), Chunk.section.is_not(None))
                .distinct())
        with self.sessions() as session:
            sections = session.scalars(stmt).all()
        return [t for t in (_TITLE_AFTER_NUMBER.sub("", s).strip() for s in sections) if t]

    def chunks_of_law(self, law: str, allowed: np.ndarray | None) -> np.ndarray:
        """Chunks of the law text of `law` (documents recognised as that law)."""
        with self.sessions() as session:
            ids = np.fromiter(session.scalars(select(Chunk.id).join(Document).where(Document.law == law)),
                              dtype=np.int64)
        return np.intersect1d(ids, allowed) if allowed is not None else ids

    def chunks_of_types(self, doc_types: list[str], allowed: np.ndarray | None) -> np.ndarray:
        ids = store.filtered_chunk_ids_of(self.sessions, doc_types)
        return np.intersect1d(ids, allowed) if allowed is not None else ids

    def rerank(self, text: str, ids: list[int]) -> Ranked:
        """The passages in the cross-encoder's order, read with their heading path as the
        embedding model reads them; [] without a cross-encoder."""
        reranker = self._reranker()
        if reranker is None or not ids:
            return []
        with self.sessions() as session:
            chunks = store.load_chunks(session, ids)
        ids = [cid for cid in ids if cid in chunks]
        passages = [embedding_text(chunks[cid].text, chunks[cid].heading_path or ()) for cid in ids]
        return by_score(ids, reranker.scores(text, passages))

    def dense(self, text: str, allowed: np.ndarray | None, n: int) -> Ranked:
        vector = self.query_vector(text)
        ids, scores = self.indexes.search_vectors(vector, n, allowed)
        return [(int(i), float(s)) for i, s in zip(ids, scores, strict=False)]

    def lexical(self, terms: list[str], allowed: np.ndarray | None, n: int) -> Ranked:
        return self.indexes.search_lexical(terms, n, allowed)

    def titles(self, terms: list[str], allowed: np.ndarray | None, n: int) -> Ranked:
        return self.indexes.search_titles(terms, n, allowed)

    def proximity(self, words: list[str], allowed: np.ndarray | None, n: int) -> Ranked:
        return self.indexes.search_near(words, n, allowed, self.distance)

    def chunk_norms(self, ids: list[int]) -> NormsOf:
        """For each chunk: the norms it is (law text) and the norms it cites."""
        found: dict[int, tuple[set[str], set[str]]] = {i: (set(), set()) for i in ids}
        stmt = select(ChunkNorm.chunk_id, ChunkNorm.norm, ChunkNorm.relation).where(ChunkNorm.chunk_id.in_(ids))
        with self.sessions() as session:
            for chunk_id, norm, relation in session.execute(stmt):
                found[chunk_id][0 if relation == "is" else 1].add(norm)
        return {i: (frozenset(a), frozenset(b)) for i, (a, b) in found.items()}

    def law_sections(self, norms: list[str], allowed: np.ndarray | None) -> dict[str, list[int]]:
        """The law-text chunks of each norm, in document order."""
        stmt = (select(Chunk.norm_self, Chunk.id).where(Chunk.norm_self.in_(norms))
                .order_by(Chunk.document_id, Chunk.ordinal))
        keep = set(allowed.tolist()) if allowed is not None else None
        out: dict[str, list[int]] = {}
        with self.sessions() as session:
            for norm, chunk_id in session.execute(stmt):
                if keep is None or chunk_id in keep:
                    out.setdefault(norm, []).append(chunk_id)
        return out

    def norm_chunks(self, norms: list[str], relation: str, allowed: np.ndarray | None,
                    n: int, absatz: dict[str, int] | None = None) -> Ranked:
        """Chunks that are (law text) or cite a norm, in document order; with `absatz`, only the
        law-text chunks that hold the cited Absatz ('(4)' for '§ 22 Abs. 4')."""
        stmt = (select(Chunk.id).join(ChunkNorm, ChunkNorm.chunk_id == Chunk.id)
                .where(ChunkNorm.norm.in_(norms), ChunkNorm.relation == relation)
                .order_by(Chunk.document_id, Chunk.ordinal).limit(n * 4))
        with self.sessions() as session:
            rows = session.execute(stmt.add_columns(Chunk.text, Chunk.norm_self)).all()
        ids = list(dict.fromkeys(r[0] for r in rows if absatz is None or _holds_absatz(r, absatz)))
        if allowed is not None:
            keep = set(allowed.tolist())
            ids = [i for i in ids if i in keep]
        return [(cid, 1.0) for cid in ids[:n]]


_ASKED_TYPES = {
    "Weisung": r"\bWeisung(?:en)?\b|\bDienstanweisung|\bArbeitshilfe",
    "Rundschreiben": r"\bRundschreiben\b|\bRundverfügung",
    "Protokoll": r"\bProtokoll|\bNiederschrift|\bSitzung\b",
    "Urteil": r"\bUrteil|\bRechtsprechung|\bGerichts?\b",
    "Schulung": r"\bSchulung|\bEinarbeitung|\bFortbildung",
    "Rechtsänderung": r"\bRechts(?:ä|ae)nderung|\bGesetzes(?:ä|ae)nderung",
    "Gesetz": r"\bGesetzestext|\bWortlaut des Gesetzes|\blaut Gesetz",
}


def _law_names(matches: list[tuple[Entry, str]]) -> list[str]:
    """Terms in the query that name a whole law ('Grundsicherung für Arbeitsuchende'): they say
    which law is meant, not which section, so they must not match section titles that repeat
    the law's name ('§ 6 – Träger der Grundsicherung für Arbeitsuchende')."""
    return [term for entry, term in matches if entry.names_law]


def named_laws(norms: list[str], vocabulary_laws: list[str]) -> list[str]:
    """Laws the query names: cited ('§ 35 SGB XII') or by field terms (`laws_of`)."""
    cited = [n.split(" §")[0].split(" Art.")[0] for n in norms]
    return list(dict.fromkeys(cited + vocabulary_laws))


def asked_doc_types(text: str) -> list[str]:
    """Document types the query names ('… nach Weisung der BA' asks for a Weisung)."""
    return [t for t, pattern in _ASKED_TYPES.items() if re.search(pattern, text, re.IGNORECASE)]


def _holds_absatz(row, absatz: dict[str, int] | None) -> bool:
    """Whether a law-text chunk holds the cited Absatz, i.e. a line starting '(4)'."""
    number = (absatz or {}).get(row[2])
    return bool(number and re.search(rf"(?m)^\({number}\)", row[1]))


def _paragraph_level(norm: str) -> str:
    return norm.split(" Abs.")[0]


_TITLE_AFTER_NUMBER = re.compile(r"^(?:§+|Art\.?)\s*[\w.]+\s*[–-]?\s*")
_WORDS = re.compile(r"\w+")


def _share(text: str, cited: list) -> float:
    """Share of the query's characters (words only) that are part of a citation."""
    total = sum(len(w) for w in _WORDS.findall(text))
    inside = sum(len(w) for c in cited for w in _WORDS.findall(text[c.start:c.end]))
    return min(1.0, inside / total) if total else 0.0
