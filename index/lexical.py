"""Lexical (BM25) index on SQLite FTS5 over German-analysed terms.

Why FTS5: it ships with Python's sqlite3, is persistent and updated in place per chunk (no
rebuild per query or per document), ranks with BM25 including per-column weights, and keeps its
own generation stamp in the same file, committed in the same transaction as the rows. The text is
analysed in Python (stemming, compound parts) and stored as space-separated terms, so FTS5's own
tokenizer only splits on spaces.

`LexicalIndex` is the interface every lexical backend implements (FTS5 here; PostgreSQL full-text
search over the same analysed terms behind the same methods); `index.backends` picks one.
"""

from __future__ import annotations

import itertools
import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from index.analysis import GermanAnalyzer, default_analyzer
from index.private import private_file

log = logging.getLogger(__name__)
Ranked = list[tuple[int, float]]
Texts = Sequence[Sequence[str]]  # per chunk: (heading, body, norm context)
COLUMNS = ("heading", "body", "parts", "context")
_FILTER_WIDTH = 4  # a filtered search first looks at this many times n unfiltered results
SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5(
    heading, body, parts, context, tokenize = "unicode61 remove_diacritics 0 tokenchars '0123456789'"
);
CREATE TABLE IF NOT EXISTS lexical_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _stored_analysis(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM lexical_meta WHERE key='analysis'").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def _quoted(term: str) -> str:
    """A term as an FTS5 string: a quote inside is doubled, so a term is data, never syntax."""
    return '"' + term.replace('"', '""') + '"'


@runtime_checkable
class LexicalIndex(Protocol):
    """Ranked chunks for analysed query terms; documents and queries share one `analyzer`."""

    analyzer: GermanAnalyzer
    generation: int  # the database generation this index reflects; -1 = unknown

    def update(self, removed: Sequence[int], ids: Sequence[int], texts: Texts, generation: int) -> None:
        """Remove and add chunks and record the generation, atomically."""
        ...

    def remove(self, ids: Sequence[int], generation: int) -> None: ...

    def rebuild(self, batches: Iterable[tuple[Sequence[int], Texts]], generation: int) -> None:
        """Replace everything; readers see the old or the new index, never a mix."""
        ...

    def search(self, terms: Sequence[str], n: int, allowed: Sequence[int] | None = None) -> Ranked:
        """Top-n (chunk id, score; higher is better) for any of the terms."""
        ...

    def search_near(self, words: Sequence[str], n: int, allowed: Sequence[int] | None = None,
                    distance: int = 3) -> Ranked:
        """Top-n chunks where neighbouring query words stand within `distance` words."""
        ...

    def query_terms(self, text: str) -> list[str]:
        """The terms a query is searched with (the analyzer's terms and compound parts)."""
        ...

    def term_frequencies(self) -> dict[str, int]:
        """Every indexed term with the number of chunks containing it (the index's vocabulary)."""
        ...

    def save(self, generation: int) -> None: ...

    def load(self) -> bool:
        """(Re)open the durable state; False when it holds no usable index."""
        ...

    def close(self) -> None: ...

    def __len__(self) -> int: ...

    def ids(self) -> list[int]:
        """Every chunk id in the index (for checking it against the database)."""
        ...


class Fts5LexicalIndex:
    """BM25 over (heading, body, compound parts, norm context) with column weights.

    `texts` given to it are (heading, body, context) triples; context is what the chunk's
    citations stand for ('§ 28' → 'Bedarfe für Bildung und Teilhabe').
    """

    filename = "lexical.sqlite3"

    def __init__(self, path: Path, analyzer: GermanAnalyzer | None = None,
                 weights: tuple[float, ...] = (3.0, 1.0, 0.5, 0.15)) -> None:
        self.path = Path(path)
        self.analyzer = analyzer or default_analyzer()
        self.weights = weights
        self._lock = threading.Lock()
        self._conn = self._open()
        self.generation = self._stored_generation()

    @classmethod
    def in_folder(cls, folder: Path) -> Fts5LexicalIndex:
        return cls(folder / cls.filename)

    def _open(self) -> sqlite3.Connection:
        """A damaged file is derived data of the database: it is started afresh (generation
        -1), so the caller rebuilds it instead of failing the start."""
        try:
            return self._connect(self.path, str(self.analyzer.version))
        except sqlite3.DatabaseError as exc:
            log.warning("Lexikalischer Index %s unlesbar (%s), wird neu aufgebaut", self.path, exc)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._connect(self.path, str(self.analyzer.version))

    def load(self) -> bool:
        with self._lock:
            self._conn.close()
            self._conn = self._open()
        self.generation = self._stored_generation()
        return self.generation >= 0

    def save(self, generation: int) -> None:
        """Changes are already durable; only the stamp may need to move (e.g. after a delete)."""
        if self.generation != generation:
            self.update([], [], [], generation)

    @staticmethod
    def _connect(path: Path, analysis: str) -> sqlite3.Connection:
        """An index of an older layout or analysis is derived data of the database: it is
        emptied here (generation -1), so the caller rebuilds it instead of mixing analyses."""
        conn = sqlite3.connect(private_file(path), check_same_thread=False, isolation_level=None, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        columns = tuple(r[1] for r in conn.execute("PRAGMA table_info(chunk_terms)"))
        stored = _stored_analysis(conn)
        if columns and (columns != COLUMNS or stored != analysis):
            conn.executescript("DROP TABLE chunk_terms; DROP TABLE IF EXISTS lexical_meta;")
        conn.executescript(SCHEMA)
        if stored != analysis:  # a write only when the stamp changes, not at every (re)load
            conn.execute("INSERT OR REPLACE INTO lexical_meta(key, value) VALUES ('analysis', ?)", (analysis,))
        return conn

    # -- writing ---------------------------------------------------------------------------
    def _rows(self, ids: Sequence[int], texts: Sequence[Sequence[str]]) -> Iterable[tuple]:
        for chunk_id, (heading, body, *context) in zip(ids, texts, strict=True):
            head, main = self.analyzer.analyze(heading), self.analyzer.analyze(body)
            extra = self.analyzer.analyze(" ".join(context))
            parts = head.parts + main.parts
            yield (int(chunk_id), " ".join(head.terms), " ".join(main.terms), " ".join(parts),
                   " ".join(extra.all_terms()))

    def update(self, removed: Sequence[int], ids: Sequence[int], texts: Texts, generation: int) -> None:
        """Remove and add chunks and record the generation, in one transaction."""
        rows = list(self._rows(ids, texts))
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany("DELETE FROM chunk_terms WHERE rowid = ?",
                                       [(int(i),) for i in list(removed) + list(ids)])
                self._conn.executemany(
                    "INSERT INTO chunk_terms(rowid, heading, body, parts, context) VALUES (?, ?, ?, ?, ?)", rows)
                self._set_generation(generation)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        self.generation = generation

    def remove(self, ids: Sequence[int], generation: int) -> None:
        self.update(ids, [], [], generation)

    def _set_generation(self, generation: int) -> None:
        self._conn.execute("INSERT INTO lexical_meta(key, value) VALUES ('generation', ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(generation),))

    def _stored_generation(self) -> int:
        with self._lock:
            row = self._conn.execute("SELECT value FROM lexical_meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else -1

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM chunk_terms").fetchone()[0])

    def ids(self) -> list[int]:
        with self._lock:
            return [int(r[0]) for r in self._conn.execute("SELECT rowid FROM chunk_terms ORDER BY rowid")]

    # -- reading ---------------------------------------------------------------------------
    def query_terms(self, text: str) -> list[str]:
        return self.analyzer.analyze(text).all_terms()

    def term_frequencies(self) -> dict[str, int]:
        """Every indexed term with the number of chunks containing it. FTS5's own vocabulary
        view, so it is current after every update without a second store to keep in step."""
        with self._lock:
            self._conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunk_terms_vocab "
                               "USING fts5vocab(main, chunk_terms, row)")
            return dict(self._conn.execute("SELECT term, doc FROM temp.chunk_terms_vocab"))

    def search(self, terms: Sequence[str], n: int,
               allowed: Sequence[int] | None = None) -> list[tuple[int, float]]:
        """Top-n (chunk id, BM25 score; higher is better) for any of the terms."""
        if not terms:
            return []
        return self._ranked(" OR ".join(_quoted(t) for t in dict.fromkeys(terms)), n, allowed)

    def search_near(self, words: Sequence[str], n: int, allowed: Sequence[int] | None = None,
                    distance: int = 3) -> list[tuple[int, float]]:
        """Top-n chunks where neighbouring query words also stand close together in the text.

        BM25 counts words wherever they stand; 'Grund für die Beendigung' and 'Ende der
        Ausbildung' say more as a phrase than as two words somewhere in a long section. Each
        pair of words that follow each other in the query (stems, in query order) is one
        NEAR group of heading and body; BM25 ranks the chunks by the groups they contain."""
        pairs = list(dict.fromkeys((a, b) for a, b in itertools.pairwise(words) if a != b))
        if not pairs:
            return []
        groups = " OR ".join(f"NEAR({_quoted(a)} {_quoted(b)}, {int(distance)})" for a, b in pairs)
        return self._ranked(f"{{heading body}} : ({groups})", n, allowed)

    def _ranked(self, match: str, n: int, allowed: Sequence[int] | None) -> list[tuple[int, float]]:
        """With `allowed`, the unrestricted ranking is tried first and filtered: BM25 does not
        depend on the filter, so when enough allowed chunks are among the first results this is
        exactly the restricted ranking, without handing SQLite thousands of ids."""
        if n <= 0 or (allowed is not None and len(allowed) == 0):
            return []
        if allowed is None:
            return self._query(match, n)
        keep = {int(i) for i in allowed}
        wide = self._query(match, n * _FILTER_WIDTH)
        found = [row for row in wide if row[0] in keep]
        if len(found) >= n or len(wide) < n * _FILTER_WIDTH:  # enough, or every match was seen
            return found[:n]
        return self._query(match, n, keep)

    def _query(self, match: str, n: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        sql = ("SELECT rowid, bm25(chunk_terms, ?, ?, ?, ?) AS score FROM chunk_terms "
               "WHERE chunk_terms MATCH ?")
        params: list = [*self.weights, match]
        if allowed is not None:
            sql += " AND rowid IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(allowed)))
        sql += " ORDER BY score LIMIT ?"
        params.append(n)
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        return [(int(r[0]), -float(r[1])) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- rebuilding ------------------------------------------------------------------------
    def rebuild(self, batches: Iterable[tuple[Sequence[int], Texts]], generation: int) -> None:
        """Replace all rows in one transaction: readers see the old or the new index, never a mix."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.execute("DELETE FROM chunk_terms")
                for ids, texts in batches:
                    self._conn.executemany(
                        "INSERT INTO chunk_terms(rowid, heading, body, parts, context) VALUES (?, ?, ?, ?, ?)",
                        list(self._rows(ids, texts)))
                self._set_generation(generation)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        self.generation = generation
        with self._lock:
            self._conn.execute("INSERT INTO chunk_terms(chunk_terms) VALUES ('optimize')")

