"""Query latency of the search service, warm, on the law corpus (issue: hybrid p95 ≤ 150 ms).

Usage: python bench/query_latency.py [--data DIR] [--rounds N]
Ingests ../shared/corpus-real/laws/md_2026-08_kmein into DIR if it is empty (cached vectors
make this fast on a machine that ran the tests), then times every dev-set question plus field
queries in each mode, after one warm-up round, and prints p50/p95/max per mode.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXTRA = ["KdU", "§ 22 Abs. 1 SGB II", "Unterkunftskosten bei Umzug ohne Zusicherung",
         "Wer übernimmt die Heizkosten?", "reasonable housing costs", "Leistungsminderung bei Meldeversäumnis",
         "Kooperationsplan statt Eingliederungsvereinbarung", "Erreichbarkeit Ortsabwesenheit"]


def open_kb(data: Path):
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    settings = Settings(data_dir=data, model_dir=REPO / "data" / "models",
                        embed_cache=REPO / "data" / "cache" / "embeddings.sqlite3")
    return KnowledgeBase(settings)


def questions() -> list[str]:
    from kb.services.evaluation import load_questions

    return [q.q for q in load_questions(SHARED / "eval" / "dev.jsonl")] + EXTRA


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(kb, texts: list[str], mode: str, highlight: bool, searcher=None) -> list[float]:
    """Milliseconds per query; `searcher` (default: the unbound one) e.g. bound to a user."""
    from kb.services.schemas import SearchQuery

    searcher = searcher or kb.searching
    out = []
    for text in texts:
        kb.components.backends.retrievers.dense._query_vector.cache_clear()  # every query pays for its embedding
        started = time.perf_counter()
        searcher.search(SearchQuery(text=text, k=10, mode=mode, highlight=highlight))
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO / "data" / "bench-laws")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="model threads (kb serve uses 1)")
    args = parser.parse_args()
    kb = open_kb(args.data)
    if kb.admin.is_empty():
        report = kb.ingesting.ingest([SHARED / "corpus-real" / "laws" / "md_2026-08_kmein"])
        print(f"ingested {len(report.files)} files, {report.chunks} chunks in {report.seconds:.0f} s")
    from index.embedder import set_threads

    set_threads(args.threads)
    stats = kb.admin.stats()
    texts = questions()
    print(f"corpus: {stats.documents} documents, {stats.chunks} chunks; {len(texts)} queries × {args.rounds} rounds")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{args.threads} model thread(s)")
    for mode in ("dense", "lexical", "hybrid"):
        timed(kb, texts, mode, highlight=False)  # warm-up: model, caches, page cache
        values = [v for _ in range(args.rounds) for v in timed(kb, texts, mode, highlight=False)]
        report_line(f"{mode} (retrieval)", values)
    cold = timed(kb, [f"{t} " for t in texts], "hybrid", highlight=True)
    report_line("hybrid + answer highlighting, new query", cold)
    warm = timed(kb, [f"{t} " for t in texts], "hybrid", highlight=True)
    report_line("hybrid + answer highlighting, repeated", warm)


def report_line(label: str, values: list[float]) -> None:
    print(f"{label:42s} p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, 95):7.1f} ms   "
          f"max {max(values):7.1f} ms   (n={len(values)})")


if __name__ == "__main__":
    main()
