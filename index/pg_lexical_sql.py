"""The SQL of the PostgreSQL lexical index (`index.pg_lexical`): its tables and its rankings.

Two tables: `kb_index_terms` holds each chunk's analysed terms as a `tsvector` (positions and
field weights, for phrase and proximity queries) and its length; `kb_index_postings` holds one row
per term and chunk with the term's field-weighted frequency and whether it stands in heading or
body — an inverted list, so BM25 reads only the rows of the query's terms instead of every
matching chunk's whole vector.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from index.pg import META

TABLE = "kb_index_terms"
POSTINGS = "kb_index_postings"
NAME = "lexical"
FORMAT = "kbpgfts4"
CREATE = (f"CREATE TABLE {TABLE} (id BIGINT PRIMARY KEY, terms TSVECTOR NOT NULL, length INTEGER NOT NULL)",
          f"CREATE INDEX {TABLE}_gin ON {TABLE} USING gin (terms)",
          f"CREATE TABLE {POSTINGS} (term TEXT NOT NULL, id BIGINT NOT NULL, tf FLOAT8 NOT NULL, "
          "length INTEGER NOT NULL, in_text BOOLEAN NOT NULL, PRIMARY KEY (term, id))",
          f"CREATE INDEX {POSTINGS}_id ON {POSTINGS} (id)")
# chunks and their mean length (FTS5's avgdl), kept in the stamp's row by every write
STATS = (f"SELECT doc_count::float8 AS n, greatest(total_length::float8 / greatest(doc_count, 1), 1) AS avgdl "
         f"FROM {META} WHERE name = '{NAME}'")
# FTS5's bm25(): IDF over the chunks holding the term, k1 = 1.2, b = 0.75, column-weighted frequency
BM25 = f"""
WITH stats AS ({STATS}),
words AS (
  SELECT w.term, greatest(ln((s.n - c.hits + 0.5) / (c.hits + 0.5)), 1e-6) AS idf
  FROM unnest(%(terms)s::text[]) AS w(term) CROSS JOIN stats s
  CROSS JOIN LATERAL (SELECT count(*)::float8 AS hits FROM {POSTINGS} p WHERE p.term = w.term) c)
SELECT p.id, sum(w.idf * p.tf * 2.2 / (p.tf + 1.2 * (0.25 + 0.75 * p.length / s.avgdl))) AS score
FROM words w JOIN {POSTINGS} p ON p.term = w.term CROSS JOIN stats s
WHERE true {{filter}}
GROUP BY p.id ORDER BY score DESC, p.id LIMIT %(n)s
"""
NEAR = f"""
SELECT h.id, h.length, u.lexeme, u.positions, u.weights
FROM (SELECT id, terms, length FROM {TABLE} WHERE terms @@ %(match)s::tsquery {{filter}}) h
CROSS JOIN LATERAL unnest(h.terms) AS u(lexeme, positions, weights) WHERE u.lexeme = ANY(%(words)s)
"""
RANK_CD = f"""
SELECT id, ts_rank_cd(%(weights)s::float4[], terms, %(match)s::tsquery, 1) AS score FROM {TABLE}
WHERE terms @@ %(match)s::tsquery {{filter}} ORDER BY score DESC, id LIMIT %(n)s
"""


def id_filter(allowed: Sequence[int] | None, params: dict) -> str:
    """The SQL condition for `allowed` (none without), its ids put into `params`."""
    if allowed is None:
        return ""
    params["allowed"] = [int(i) for i in allowed]
    return "AND id = ANY(%(allowed)s)"


def text_statistics(conn, words: list[str]) -> tuple[float, dict[str, float]]:
    """The chunks' mean length and each word's IDF over the chunks that hold it in heading or body
    (where a proximity query looks, as FTS5 counts for a column filter)."""
    total, avgdl = conn.execute(STATS).fetchone()
    counts = conn.execute(f"SELECT w.term, (SELECT count(*) FROM {POSTINGS} p WHERE p.term = w.term AND p.in_text) "
                          "FROM unnest(%s::text[]) AS w(term)", (words,)).fetchall()
    return avgdl, {term: max(math.log((total - hits + 0.5) / (hits + 0.5)), 1e-6) for term, hits in counts}


def columns(conn) -> list[str]:
    rows = conn.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                        "AND NOT attisdropped ORDER BY attnum", (TABLE,)).fetchall()
    return [r[0] for r in rows]
