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
from collections.abc import Iterable, Sequence
from pathlib import Path

from index.analysis import GermanAnalyzer, default_analyzer
from index.lexical import Texts
from index.pg import META, PgDatabase, read_meta, stamp, table_exists
from index.pg_lexical_sql import (
    BM25,
    CREATE,
    FORMAT,
    NAME,
    NEAR,
    POSTINGS,
    RANK_CD,
    TABLE,
    columns,
    id_filter,
    text_statistics,
)
from index.pg_terms import near_query, near_score, term_query, terms_vector, weighted_counts

Ranked = list[tuple[int, float]]


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
                    and table_exists(conn, TABLE) and table_exists(conn, POSTINGS) \
                    and columns(conn) == ["id", "terms", "length"]:
                return int(meta[3])
            self.db.ddl(conn)
            conn.execute(f"DROP TABLE IF EXISTS {TABLE}, {POSTINGS}")
            for statement in CREATE:
                conn.execute(statement)
            conn.execute(f"INSERT INTO {META} (name, format, analysis, generation) VALUES (%s, %s, %s, -1) "
                         "ON CONFLICT (name) DO UPDATE SET format = excluded.format, "
                         "analysis = excluded.analysis, generation = -1, doc_count = 0, total_length = 0",
                         (NAME, FORMAT, self._layout()))
            return -1

    def _layout(self) -> str:
        """What the stored rows depend on: the analysis and the field weights of the postings."""
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
    def _rows(self, ids: Sequence[int], texts: Texts) -> list[tuple]:
        """(id, tsvector, number of terms, field-weighted frequency of each term, the terms of
        heading and body) per chunk."""
        rows = []
        for chunk_id, (heading, body, *context) in zip(ids, texts, strict=True):
            head, main = self.analyzer.analyze(heading), self.analyzer.analyze(body)
            fields = (head.terms, main.terms, head.parts + main.parts,
                      self.analyzer.analyze(" ".join(context)).all_terms())
            rows.append((int(chunk_id), terms_vector(fields), sum(map(len, fields)),
                         weighted_counts(fields, self.weights), set(head.terms) | set(main.terms)))
        return rows

    def _write(self, conn, removed: Sequence[int], rows: list[tuple]) -> None:
        """Delete and insert chunks with their postings; the chunk count and total length in the
        stamp's row follow."""
        gone = [int(i) for i in removed] + [r[0] for r in rows]
        lengths = []
        if gone:
            conn.execute(f"DELETE FROM {POSTINGS} WHERE id = ANY(%s)", (gone,))
            lengths = [r[0] for r in conn.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s) RETURNING length", (gone,))]
        if rows:
            with conn.cursor() as cur:
                cur.executemany(f"INSERT INTO {TABLE} (id, terms, length) VALUES (%s, %s::tsvector, %s)",
                                [r[:3] for r in rows])
                with cur.copy(f"COPY {POSTINGS} (term, id, tf, length, in_text) FROM STDIN") as copy:
                    for chunk_id, _vector, length, counts, in_text in rows:
                        for term, tf in counts.items():
                            copy.write_row((term, chunk_id, tf, length, term in in_text))
        conn.execute(f"UPDATE {META} SET doc_count = doc_count + %s, total_length = total_length + %s WHERE name = %s",
                     (len(rows) - len(lengths), sum(r[2] for r in rows) - sum(lengths), NAME))

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
            conn.execute(f"DELETE FROM {POSTINGS}")
            conn.execute(f"UPDATE {META} SET doc_count = 0, total_length = 0 WHERE name = %s", (NAME,))
            for ids, texts in batches:
                self._write(conn, [], self._rows(ids, texts))
            stamp(conn, NAME, generation, exact=True)
        self.generation = generation
        with self.db.connection() as conn:  # statistics of the new rows, so word counts use the GIN index
            conn.execute(f"ANALYZE {TABLE}, {POSTINGS}")

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
        """Every indexed term with the number of chunks containing it (the postings per term)."""
        with self.db.connection() as conn:
            return dict(conn.execute(f"SELECT term, count(*) FROM {POSTINGS} GROUP BY term").fetchall())

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
        params: dict = {"match": " | ".join(near_query(a, b, distance) for a, b in pairs), "words": words}
        with self.db.connection() as conn:
            avgdl, idf = text_statistics(conn, words)
            rows = conn.execute(NEAR.replace("{filter}", id_filter(allowed, params)), params).fetchall()
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
        sql = (BM25 if self.rank == "bm25" else RANK_CD).replace("{filter}", id_filter(allowed, params))
        with self.db.connection() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [(int(r[0]), float(r[1])) for r in rows]
