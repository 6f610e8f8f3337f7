"""Answer highlighting: the one or two sentences of a passage that best answer the query.

Sentences are compared to the query with the same embedding model as the search. Their vectors
are cached (a passage is shown for many queries), so a warm search pays only for new sentences.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from ingest.chunking import split_sentences

MAX_SENTENCE_CHARS = 400
SECOND_WITHIN = 0.03  # a second sentence is marked when it scores almost as well as the best
CANDIDATES = 3  # sentences per passage compared with the model, chosen by shared query terms
_MIN_WORDS = 3


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text` (line by line, then German sentence rules)."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        cursor = line.start()
        for sentence in split_sentences(line.group(0)):
            start = text.find(sentence, cursor)
            if start < 0:
                continue
            spans.append((start, start + len(sentence)))
            cursor = start + len(sentence)
    return spans


def markable_sentences(passage: str) -> list[str]:
    """The sentences of a passage that can be marked, as the highlighter embeds them; ingestion
    embeds them ahead of time so that answer marking costs no model call at search time."""
    return [passage[a:b][:MAX_SENTENCE_CHARS] for a, b in sentence_spans(passage)
            if _worth_marking(passage[a:b])]


class Highlighter:
    """Embedding every sentence of ten passages costs seconds on a CPU; the few sentences that
    share the most query terms are the ones worth asking the model about."""

    def __init__(self, embed_passages: Callable[[list[str]], np.ndarray],
                 analyze: Callable[[str], list[str]], cache_size: int = 20_000) -> None:
        self._embed = embed_passages
        self._analyze = analyze
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._size = cache_size
        self._lock = threading.Lock()

    def _vectors(self, sentences: list[str]) -> dict[str, np.ndarray]:
        with self._lock:
            known = {s: self._cache[s] for s in sentences if s in self._cache}
            for s in known:
                self._cache.move_to_end(s)
        missing = list(dict.fromkeys(s for s in sentences if s not in known))
        if missing:
            fresh = self._embed(missing)
            with self._lock:
                for sentence, vector in zip(missing, fresh, strict=False):
                    self._cache[sentence] = vector
                    known[sentence] = vector
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        return known

    def highlight(self, query_vector: np.ndarray, query_terms: list[str],
                  passages: list[str]) -> list[list[tuple[int, int, float]]]:
        """Per passage, the best sentence span(s) with their cosine similarity to the query."""
        spans = [self._candidates(p, set(query_terms)) for p in passages]
        sentences = [p[a:b][:MAX_SENTENCE_CHARS] for p, ss in zip(passages, spans, strict=False) for a, b in ss]
        vectors = self._vectors(sentences) if sentences else {}
        out = []
        for passage, passage_spans in zip(passages, spans, strict=False):
            scored = [(a, b, float(vectors[passage[a:b][:MAX_SENTENCE_CHARS]] @ query_vector))
                      for a, b in passage_spans]
            out.append(_best(scored))
        return out

    def _candidates(self, passage: str, terms: set[str]) -> list[tuple[int, int]]:
        spans = [(a, b) for a, b in sentence_spans(passage) if _worth_marking(passage[a:b])]
        if len(spans) <= CANDIDATES:
            return spans
        overlap = [len(terms.intersection(self._analyze(passage[a:b]))) for a, b in spans]
        best = sorted(range(len(spans)), key=lambda i: (-overlap[i], i))[:CANDIDATES]
        return [spans[i] for i in sorted(best)]


def _worth_marking(sentence: str) -> bool:
    return len(sentence.split()) >= _MIN_WORDS


def _best(scored: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    if not scored:
        return []
    ranked = sorted(scored, key=lambda s: s[2], reverse=True)
    chosen = [ranked[0]] + [s for s in ranked[1:2] if s[2] >= ranked[0][2] - SECOND_WITHIN]
    return sorted(chosen)


class AnswerMarker:
    """Marks the answer sentences of passages for a query plan: the query as the dense search
    read it (its vector is cached there), the query's terms and synonyms to pick candidates."""

    def __init__(self, query_vector: Callable[[str], np.ndarray], highlighter: Highlighter) -> None:
        self._query_vector = query_vector
        self.highlighter = highlighter

    def spans(self, plan, passages: list[str]) -> list[list[tuple[int, int, float]]]:
        terms = plan.terms + plan.synonym_terms
        return self.highlighter.highlight(self._query_vector(plan.dense_text), terms, passages)
