"""Lexical index in PostgreSQL full-text search over the product's own German analysis.

The text is analysed in Python exactly as for FTS5 (`index.analysis`: stems, compound parts,
umlaut folding) and the resulting terms are stored as a `tsvector` written term by term, with
their positions and a weight per field (A heading, B body, C compound parts, D norm context) —
PostgreSQL's own German configuration would stem and split differently, and documents and
queries must be analysed alike. Queries are `tsquery` values built the same way, so no query
text is ever parsed as query syntax. Ranking is FTS5's BM25 with column weights, computed in
SQL (`rank="bm25"`), or PostgreSQL's cover density `ts_rank_cd` (`rank="ts_rank_cd"`);
docs/search-quality.md compares them. Proximity uses the `<N>` phrase operator.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from index.analysis import GermanAnalyzer, default_analyzer
from index.lexical import Texts
from index.pg import META, PgDatabase, read_meta, stamp, table_exists
from index.pg_terms import near_query, near_score, term_query, terms_vector, weighted_counts

TABLE = "kb_index_terms"
NAME = "lexical"
FORMAT = "kbpgfts2"
Ranked = list[tuple[int, float]]
# chunks and their mean length (FTS5's avgdl), kept in the stamp's row by every write
_STATS = (f"SELECT doc_count::float8 AS n, greatest(total_length::float8 / greatest(doc_count, 1), 1) AS avgdl "
          f"FROM {META} WHERE name = '{NAME}'")
_BM25 = f"""
WITH stats AS ({_STATS}),
words AS (
  SELECT w.term, greatest(ln((s.n - c.hits + 0.5) / (c.hits + 0.5)), 1e-6) AS idf
  FROM unnest(%(terms)s::text[], %(queries)s::tsquery[]) AS w(term, query) CROSS JOIN stats s
  CROSS JOIN LATERAL (SELECT count(*)::float8 AS hits FROM {TABLE} t WHERE t.terms @@ w.query) c),
hits AS (SELECT id, tf, length FROM {TABLE} WHERE terms @@ %(match)s::tsquery {{filter}})
SELECT h.id, sum(w.idf * f.tf * 2.2 / (f.tf + 1.2 * (0.25 + 0.75 * h.length / s.avgdl))) AS score
FROM hits h CROSS JOIN stats s JOIN words w ON h.tf ? w.term
CROSS JOIN LATERAL (SELECT (h.tf ->> w.term)::float8 AS tf) f
GROUP BY h.id ORDER BY score DESC, h.id LIMIT %(n)s
"""
_NEAR = f"""
SELECT h.id, h.length, u.lexeme, u.positions, u.weights
FROM (SELECT id, terms, length FROM {TABLE} WHERE terms @@ %(match)s::tsquery {{filter}}) h
CROSS JOIN LATERAL unnest(h.terms) AS u(lexeme, positions, weights) WHERE u.lexeme = ANY(%(words)s)
"""
_RANK_CD = f"""
SELECT id, ts_rank_cd(%(weights)s::float4[], terms, %(match)s::tsquery, 1) AS score FROM {TABLE}
WHERE terms @@ %(match)s::tsquery {{filter}} ORDER BY score DESC, id LIMIT %(n)s
"""


class PgLexicalIndex:
    """BM25 over (heading, body, compound parts, norm context) with FTS5's column weights."""

    shared = True  # every process sees the same table: a reader never rebuilds it for a lag

    def __init__(self, url: str, analyzer: GermanAnalyzer | None = None, rank: str = "bm25",
                 weights: tuple[float, ...] = (3.0, 1.0, 0.5, 0.15)) -> None:
        if rank not in ("bm25", "ts_rank_cd"):
            raise ValueError(f"Unbekannte Rangfolge: {rank} (bekannt: bm25, ts_rank_cd)")
        self.analyzer = analyzer or default_analyzer()
        self.rank, self.weights = rank, weights
        self.db = PgDatabase(url)
        self.generation = self._open()

    @classmethod
    def in_database(cls, folder: Path | None, url: str | None, **options) -> PgLexicalIndex:
        if not url:
            raise ValueError("Der lexikalische Index 'postgres' braucht eine PostgreSQL-Datenbank (KB_DATABASE_URL)")
        return cls(url, **options)

    # -- state -------------------------------------------------------------------------------
    def _open(self) -> int:
        """The stored generation; a table of another layout or analysis, or a damaged stamp, is
        derived data of the database: it is started afresh (-1), so the caller rebuilds it."""
        with self.db.transaction() as conn:
            meta = read_meta(conn, NAME)
            if meta is not None and meta[0] == FORMAT and meta[2] == self._layout() \
                    and table_exists(conn, TABLE) and _columns(conn) == ["id", "terms", "tf", "length"]:
                return int(meta[3])
            self.db.ddl(conn)
            conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
            conn.execute(f"CREATE TABLE {TABLE} (id BIGINT PRIMARY KEY, terms TSVECTOR NOT NULL, "
                         "tf JSONB NOT NULL, length INTEGER NOT NULL)")
            conn.execute(f"CREATE INDEX {TABLE}_gin ON {TABLE} USING gin (terms)")
            conn.execute(f"INSERT INTO {META} (name, format, analysis, generation) VALUES (%s, %s, %s, -1) "
                         "ON CONFLICT (name) DO UPDATE SET format = excluded.format, "
                         "analysis = excluded.analysis, generation = -1, doc_count = 0, total_length = 0",
                         (NAME, FORMAT, self._layout()))
            return -1

    def _layout(self) -> str:
        """What the stored rows depend on: the analysis and the field weights in `tf`."""
        return f"{self.analyzer.version}:{','.join(map(str, self.weights))}"

    def load(self) -> bool:
        self.generation = self._open()
        return self.generation >= 0

    def save(self, generation: int) -> None:
        """Changes are durable when written; only the stamp may need to move (e.g. after a delete)."""
        if self.generation != generation:
            self.update([], [], [], generation)

    def close(self) -> None:
        self.db.close()

    # -- writing -----------------------------------------------------------------------------
    def _rows(self, ids: Sequence[int], texts: Texts) -> list[tuple[int, str, str, int]]:
        """(id, tsvector, weighted term frequencies as JSON, number of terms) per chunk."""
        rows = []
        for chunk_id, (heading, body, *context) in zip(ids, texts, strict=True):
            head, main = self.analyzer.analyze(heading), self.analyzer.analyze(body)
            fields = (head.terms, main.terms, head.parts + main.parts,
                      self.analyzer.analyze(" ".join(context)).all_terms())
            rows.append((int(chunk_id), terms_vector(fields), json.dumps(weighted_counts(fields, self.weights)),
                         sum(map(len, fields))))
        return rows

    def _write(self, conn, removed: Sequence[int], rows: list[tuple[int, str, str, int]]) -> None:
        """Delete and insert rows and keep the chunk count and total length in the stamp's row."""
        gone = [int(i) for i in removed] + [r[0] for r in rows]
        lengths = [r[0] for r in conn.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s) RETURNING length",
                                              (gone,))] if gone else []
        if rows:
            with conn.cursor() as cur:
                cur.executemany(f"INSERT INTO {TABLE} (id, terms, tf, length) VALUES (%s, %s::tsvector, %s::jsonb, %s)",
                                rows)
        conn.execute(f"UPDATE {META} SET doc_count = doc_count + %s, total_length = total_length + %s WHERE name = %s",
                     (len(rows) - len(lengths), sum(r[3] for r in rows) - sum(lengths), NAME))

    def update(self, removed: Sequence[int], ids: Sequence[int], texts: Texts, generation: int) -> None:
        """Remove and add chunks and record the generation, in one transaction."""
        rows = self._rows(ids, texts)
        with self.db.transaction() as conn:
            self._write(conn, removed, rows)
            stamp(conn, NAME, generation)
            self.generation = int(read_meta(conn, NAME)[3])

    def remove(self, ids: Sequence[int], generation: int) -> None:
        self.update(ids, [], [], generation)

    def rebuild(self, batches: Iterable[tuple[Sequence[int], Texts]], generation: int) -> None:
        """Replace all rows in one transaction: readers see the old or the new index, never a mix."""
        with self.db.transaction() as conn:
            conn.execute(f"DELETE FROM {TABLE}")
            conn.execute(f"UPDATE {META} SET doc_count = 0, total_length = 0 WHERE name = %s", (NAME,))
            for ids, texts in batches:
                self._write(conn, [], self._rows(ids, texts))
            stamp(conn, NAME, generation, exact=True)
        self.generation = generation
        with self.db.connection() as conn:  # statistics of the new rows, so word counts use the GIN index
            conn.execute(f"ANALYZE {TABLE}")

    # -- reading -----------------------------------------------------------------------------
    def __len__(self) -> int:
        with self.db.connection() as conn:
            return int(conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0])

    def ids(self) -> list[int]:
        with self.db.connection() as conn:
            return [int(r[0]) for r in conn.execute(f"SELECT id FROM {TABLE} ORDER BY id")]

    def query_terms(self, text: str) -> list[str]:
        return self.analyzer.analyze(text).all_terms()

    def term_frequencies(self) -> dict[str, int]:
        """Every indexed term with the number of chunks containing it (PostgreSQL's ts_stat)."""
        with self.db.connection() as conn:
            return dict(conn.execute(f"SELECT word, ndoc FROM ts_stat('SELECT terms FROM {TABLE}')").fetchall())

    def search(self, terms: Sequence[str], n: int, allowed: Sequence[int] | None = None) -> Ranked:
        """Top-n (chunk id, score; higher is better) for any of the terms."""
        words = [t for t in dict.fromkeys(terms) if term_query(t)]
        return self._ranked(words, " | ".join(map(term_query, words)), n, allowed, self.weights)

    def search_near(self, words: Sequence[str], n: int, allowed: Sequence[int] | None = None,
                    distance: int = 3) -> Ranked:
        """Top-n chunks where neighbouring query words stand within `distance` words of each
        other in the heading or the body (in either order), ranked by BM25 of those words there."""
        pairs = [(a, b) for a, b in dict.fromkeys(itertools.pairwise(words))
                 if a != b and term_query(a) and term_query(b)]
        if not pairs or n <= 0 or (allowed is not None and len(allowed) == 0):
            return []
        if self.rank != "bm25":
            words = list(dict.fromkeys(w for pair in pairs for w in pair))
            match = " | ".join(near_query(a, b, distance) for a, b in pairs)
            return self._ranked(words, match, n, allowed, (*self.weights[:2], 0.0, 0.0))
        return self._near_bm25(pairs, distance, n, allowed)

    def _near_bm25(self, pairs: list[tuple[str, str]], distance: int, n: int,
                   allowed: Sequence[int] | None) -> Ranked:
        """FTS5's ranking of NEAR groups: the chunks that match, with the positions of the query
        words in heading and body, scored here (few chunks match a phrase)."""
        words = list(dict.fromkeys(w for pair in pairs for w in pair))
        params: dict = {"match": " | ".join(near_query(a, b, distance) for a, b in pairs), "words": words,
                        "queries": [f"{term_query(w)}:AB" for w in words]}
        with self.db.connection() as conn:
            avgdl, idf = _statistics(conn, words, params["queries"])
            rows = conn.execute(_NEAR.replace("{filter}", _filter(allowed, params)), params).fetchall()
        found: dict[int, tuple[int, dict]] = {}
        wanted = dict(zip("AB", self.weights[:2], strict=True))
        for chunk_id, length, lexeme, positions, labels in rows:
            slots = [(p, wanted[w]) for p, w in zip(positions, labels, strict=True) if w in wanted]
            found.setdefault(chunk_id, (length, {}))[1][lexeme] = slots
        scored = [(cid, near_score(pos, pairs, distance, idf, length, avgdl)) for cid, (length, pos) in found.items()]
        scored = [(cid, s) for cid, s in scored if s > 0]
        return sorted(scored, key=lambda r: (-r[1], r[0]))[:n]

    def _ranked(self, words: list[str], match: str, n: int, allowed: Sequence[int] | None,
                weights: tuple[float, ...]) -> Ranked:
        if not words or not match or n <= 0 or (allowed is not None and len(allowed) == 0):
            return []
        params: dict = {"terms": words, "queries": [term_query(w) for w in words], "match": match,
                        "n": int(n),
                        "weights": [w / max(weights) for w in reversed(weights)]}
        sql = (_BM25 if self.rank == "bm25" else _RANK_CD).replace("{filter}", _filter(allowed, params))
        with self.db.connection() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [(int(r[0]), float(r[1])) for r in rows]


def _filter(allowed: Sequence[int] | None, params: dict) -> str:
    """The SQL condition for `allowed` (none without), its ids put into `params`."""
    if allowed is None:
        return ""
    params["allowed"] = [int(i) for i in allowed]
    return "AND id = ANY(%(allowed)s)"


def _statistics(conn, words: list[str], queries: list[str]) -> tuple[float, dict[str, float]]:
    """The chunks' mean length and each word's IDF (FTS5's formula, over the chunks the query
    matches the word in)."""
    total, avgdl = conn.execute(_STATS).fetchone()
    counts = conn.execute(f"SELECT w.term, (SELECT count(*) FROM {TABLE} t WHERE t.terms @@ w.query) "
                          "FROM unnest(%s::text[], %s::tsquery[]) AS w(term, query)", (words, queries)).fetchall()
    return avgdl, {term: max(math.log((total - hits + 0.5) / (hits + 0.5)), 1e-6) for term, hits in counts}


def _columns(conn) -> list[str]:
    rows = conn.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                        "AND NOT attisdropped ORDER BY attnum", (TABLE,)).fetchall()
    return [r[0] for r in rows]
