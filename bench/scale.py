"""The index backends at 10 k, 100 k and 1 M chunks: latency, ANN recall, memory, build, delete.

Usage: python bench/scale.py [--sizes 10000,100000,1000000] [--queries 200] [--postgres URL]
                             [--pg-sizes 10000,100000] [--work DIR] [--threads 1] [--build-threads 1]

Vectors are synthetic (dimension 384 like multilingual-e5-small, normalised, drawn around 1024
centres so that clusters exist as in real embeddings, and IVF meets a realistic task); the texts
are paragraphs of the real corpus (../shared/corpus-real, Markdown laws), repeated to the size,
each analysed once (the German analysis is the ingest's cost, not the index's). Queries are
unseen vectors near the same centres and the dev-set questions. Per size it prints: build time,
p50/p95 of dense exact, dense IVF, lexical FTS5 and hybrid (IVF + FTS5, RRF) — without the query
embedding —, IVF recall@10 against exact search, index bytes per chunk, and the time to delete one
document (20 chunks). With --postgres, pgvector HNSW columns for --pg-sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus-real"
REAL_CACHE = Path(os.environ.get("KB_TEST_EMBED_CACHE", Path.home() / ".cache" / "suedwestoption-kb" /
                                  "embeddings.sqlite3"))
QUESTIONS = REPO.parent / "shared" / "eval" / "dev.jsonl"
DIM, TOPICS, CENTRES, NOISE, DOC_CHUNKS = 384, 64, 4096, 1.0, 20


def paragraphs(limit_chars: int = 1200) -> list[tuple[str, str]]:
    """(heading, body) pairs from the corpus's Markdown, ≥ 200 characters each."""
    pool = []
    for path in sorted(CORPUS.rglob("*.md")):
        if path.name == "MANIFEST.md":
            continue
        heading, buffer = "", ""
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            if block.lstrip().startswith("#"):
                heading = block.strip("# \n")[:200]
            elif len(buffer := f"{buffer}\n{block}".strip()) >= 200:
                pool.append((heading, buffer[:limit_chars]))
                buffer = ""
    return pool


def synthetic(n: int, seed: int, centres: np.ndarray) -> np.ndarray:
    """`n` normalised vectors around random centres (float32, generated in slices)."""
    rng, out = np.random.default_rng(seed), np.empty((n, DIM), np.float32)
    for start in range(0, n, 100_000):
        rows = min(100_000, n - start)
        noise = rng.standard_normal((rows, DIM), dtype=np.float32) * (NOISE / np.sqrt(DIM))
        block = centres[rng.integers(0, len(centres), rows)] + noise
        out[start:start + rows] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def make_centres() -> np.ndarray:
    """Centres of subtopics around a few topics: neighbours then spread over several IVF lists,
    as embeddings of one subject area do, instead of sitting in one tight, separate cluster."""
    rng = np.random.default_rng(0)
    topics = rng.standard_normal((TOPICS, DIM)).astype(np.float32)
    centres = topics[rng.integers(0, TOPICS, CENTRES)] + 0.8 * rng.standard_normal((CENTRES, DIM), np.float32)
    return centres / np.linalg.norm(centres, axis=1, keepdims=True)


def percentiles(millis: list[float]) -> str:
    ordered = sorted(millis)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):.2f} / {p95:.2f}"


def timed(function, inputs) -> tuple[list, list[float]]:
    results, millis = [], []
    for item in inputs:
        started = time.perf_counter()
        results.append(function(item))
        millis.append((time.perf_counter() - started) * 1000)
    return results, millis


def recall(found: list, truth: list) -> float:
    return float(np.mean([len(set(f[0][:10].tolist()) & set(t[0][:10].tolist())) / 10
                          for f, t in zip(found, truth, strict=True)]))


def delete_ms(remove, n: int) -> float:
    """Milliseconds to remove one document's chunks from the middle."""
    started = time.perf_counter()
    remove(np.arange(n // 2, n // 2 + DOC_CHUNKS, dtype=np.int64))
    return (time.perf_counter() - started) * 1000


def dense(n: int, vectors: np.ndarray, queries: np.ndarray, row: dict, threads: tuple[int, int]):
    """Exact flat, then IVF (trained in the caller's thread), each built, queried and deleted from;
    built with threads[1] FAISS threads, queried with threads[0]."""
    from index.ivf_index import IvfVectorIndex
    from index.vector_index import FlatVectorIndex, _faiss

    query_threads, build_threads = threads

    ids = np.arange(n, dtype=np.int64)
    started = time.perf_counter()
    flat = FlatVectorIndex(DIM)
    flat.add(ids, vectors)
    row["build flat s"] = round(time.perf_counter() - started, 1)
    truth, millis = timed(lambda q, exact=flat: exact.search(q, 10), queries)
    row["dense exact ms p50/p95"] = percentiles(millis)
    row["delete flat ms"] = round(delete_ms(flat.remove, n), 2)
    del flat
    started = time.perf_counter()
    _faiss().omp_set_num_threads(build_threads)
    ivf = IvfVectorIndex(DIM, threshold=1, background=False)
    ivf.add(ids, vectors)
    _faiss().omp_set_num_threads(query_threads)
    row["build ivf s"] = round(time.perf_counter() - started, 1)
    found, millis = timed(lambda q: ivf.search(q, 10), queries)
    row["dense ivf ms p50/p95"] = percentiles(millis)
    row["recall@10"] = round(recall(found, truth), 3)
    row |= {"nlist": ivf.parameters.nlist, "nprobe": ivf.parameters.nprobe}
    row["vector bytes/chunk"] = round(_serialized_size(ivf) / n)
    row["delete ivf ms"] = round(delete_ms(ivf.remove, n), 2)
    return ivf


def _serialized_size(index) -> int:
    from index.vector_index import _faiss

    return int(_faiss().serialize_index(index._index).size)


def lexical(n: int, pool: list, work: Path, row: dict):
    """FTS5 with `n` rows, each paragraph analysed once and inserted as often as it recurs."""
    from index.lexical import Fts5LexicalIndex

    index = Fts5LexicalIndex(work / f"lexical-{n}.sqlite3")
    started = time.perf_counter()
    analysed = list(index._rows(range(len(pool)), [(h, b, "") for h, b in pool]))
    insert = "INSERT INTO chunk_terms(rowid, heading, body, parts, context) VALUES (?, ?, ?, ?, ?)"
    with index._lock:
        index._conn.execute("BEGIN")
        for start in range(0, n, 50_000):
            index._conn.executemany(insert, ((i, *analysed[i % len(analysed)][1:])
                                             for i in range(start, min(n, start + 50_000))))
        index._conn.execute("COMMIT")
        index._conn.execute("INSERT INTO chunk_terms(chunk_terms) VALUES ('optimize')")
    row["build fts5 s"] = round(time.perf_counter() - started, 1)
    files = [Path(f"{index.path}{suffix}") for suffix in ("", "-wal")]
    row["fts5 disk bytes/chunk"] = round(sum(f.stat().st_size for f in files if f.exists()) / n)
    row["delete fts5 ms"] = round(delete_ms(lambda ids: index.remove(ids, 2), n), 2)
    return index


def searches(ivf, lex, queries: np.ndarray, row: dict) -> None:
    from index.fusion import reciprocal_rank_fusion

    questions = [json.loads(line)["q"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    terms = [lex.query_terms(q) for q in questions]
    _, millis = timed(lambda t: lex.search(t, 50), terms)
    row["lexical ms p50/p95"] = percentiles(millis)

    def hybrid(i: int):
        ids, scores = ivf.search(queries[i % len(queries)], 50)
        vector_list = list(zip(ids.tolist(), scores.tolist(), strict=True))
        return reciprocal_rank_fusion([(vector_list, 1.0), (lex.search(terms[i % len(terms)], 50), 1.0)])[:10]

    _, millis = timed(hybrid, range(len(queries)))
    row["hybrid ms p50/p95"] = percentiles(millis)


def embedded(n: int, args, pool: list, centres: np.ndarray) -> dict:
    row: dict = {"chunks": n}
    vectors = synthetic(n, 1, centres)
    queries = synthetic(args.queries, 2, centres)
    ivf = dense(n, vectors, queries, row, (args.threads, args.build_threads))
    del vectors
    lex = lexical(n, pool, Path(args.work), row)
    searches(ivf, lex, queries, row)
    lex.close()
    lex.path.unlink()
    row["peak RSS MB"] = _peak_rss_mb()
    return row


def _peak_rss_mb() -> int:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def postgres(n: int, args, centres: np.ndarray) -> dict:
    """pgvector HNSW (cosine) in a scratch database: build, query, recall against exact, delete."""
    from scale_pg import pg_row  # beside this script

    return pg_row(n, args.postgres, synthetic(n, 1, centres), synthetic(args.queries, 2, centres), args.pool)


def table(rows: list[dict], title: str) -> None:
    keys = list(dict.fromkeys(key for row in rows for key in row))
    print(f"\n{title}")
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row.get(key, "–")) for key in keys) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--postgres", default=os.environ.get("KB_TEST_POSTGRES_URL"))
    parser.add_argument("--pg-sizes", default="10000,100000")
    parser.add_argument("--work", default=None, help="Ordner für die FTS5-Datei (Standard: ein neuer "
                        "temporärer; nie /tmp selbst: der Index macht seinen Ordner privat)")
    parser.add_argument("--threads", type=int, default=1, help="FAISS-Threads je Anfrage (wie kb serve)")
    parser.add_argument("--real-cache", default=str(REAL_CACHE),
                        help="Einbettungs-Zwischenspeicher mit echten Vektoren ('' = ohne diese Prüfung)")
    parser.add_argument("--build-threads", type=int, default=1, help="FAISS-Threads beim IVF-Training")
    args = parser.parse_args()
    args.work = args.work or tempfile.mkdtemp(prefix="kb-scale-")
    from index.vector_index import _faiss

    _faiss().omp_set_num_threads(args.threads)
    print(f"Maschine: {platform.processor() or platform.machine()}, {os.cpu_count()} Kerne, "
          f"Python {platform.python_version()}, FAISS {_faiss().__version__}, Threads {args.threads} "
          f"(Aufbau {args.build_threads})")
    pool, centres = paragraphs(), make_centres()
    args.pool = pool
    print(f"Texte: {len(pool)} Absätze aus {CORPUS}")
    if args.real_cache and Path(args.real_cache).is_file():
        from scale_real import real_row  # beside this script

        table([progress(real_row(Path(args.real_cache)))], "IVF auf echten Einbettungen (multilingual-e5-small)")
    rows = [progress(embedded(int(n), args, pool, centres)) for n in args.sizes.split(",")]
    table(rows, "Eingebettet (FAISS + SQLite FTS5)")
    if args.postgres and args.pg_sizes:
        rows = [progress(postgres(int(n), args, centres)) for n in args.pg_sizes.split(",")]
        table(rows, "PostgreSQL (pgvector HNSW)")


def progress(row: dict) -> dict:
    """Each size's figures as soon as they are measured (a long run keeps what it finished)."""
    print(f"# {json.dumps(row, ensure_ascii=False)}", flush=True)
    return row


if __name__ == "__main__":
    main()
