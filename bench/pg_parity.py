"""Search quality of the PostgreSQL backend beside the embedded one, on the same database.

Usage:
  python bench/pg_parity.py --database URL --data DIR [--model DIR] [--ef-search 40,100] [--rank bm25,ts_rank_cd]
                             [--rebuilt]

The evaluation corpus of ../shared/eval/README.md is ingested once into the PostgreSQL database at
URL (skipped when it holds documents) with the embedded indexes (FAISS, FTS5 in DIR); then the
same database is opened with KB_INDEX_BACKEND=postgres, which builds pgvector and full-text tables
from the stored vectors and texts (`--rebuilt` rebuilds the embedded ones the same way first: an
index built while ingesting holds the norm context of the laws ingested before each document,
a rebuilt one that of all). Both answer the question sets (dev, team, holdout, holdout2) in
every mode over the very same chunks; the PostgreSQL backend once per HNSW `ef_search` and per
lexical ranking given. Prints MRR@10 and Recall@5 and the mean time per question.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SETS = {"dev": SHARED / "eval" / "dev.jsonl", "team": REPO / "eval" / "team.jsonl",
        "holdout": REPO / "eval" / "holdout.jsonl", "holdout2": REPO / "eval" / "holdout2.jsonl"}
MODES = ("dense", "lexical", "hybrid")
CACHE = Path(os.environ.get("KB_TEST_EMBED_CACHE", Path.home() / ".cache" / "suedwestoption-kb" / "embeddings.sqlite3"))


def open_kb(args, backend: str):
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    model = Path(args.model)
    return KnowledgeBase(Settings(data_dir=Path(args.data), database_url=args.database, index_backend=backend,
                                  model=str(model), model_dir=model.parent, embed_cache=CACHE, sentence_vectors=False,
                                  admin_password="bench-passwort", secret_key="bench-secret"))


def ingest_once(kb) -> None:
    if kb.documents.list():
        return
    corpus = SHARED / "corpus-real"
    report = kb.ingesting.ingest([corpus / "laws" / "md_2026-08_kmein", corpus / "pdf" / "ba-fachliche-weisungen"])
    print(f"eingelesen: {report.count('added')} Dokumente, {report.count('failed')} fehlgeschlagen", flush=True)


def measure(kb, label: str) -> None:
    """One line per question set and mode: MRR@10, Recall@5, ms per question."""
    from kb.services.evaluation import evaluate, load_questions

    for name, path in SETS.items():
        questions = load_questions(path)
        for mode in MODES:
            started = time.perf_counter()
            r = evaluate(questions, kb.searching.search, mode)
            ms = (time.perf_counter() - started) * 1000 / max(r.questions, 1)
            print(f"| {label} | {name} | {mode} | {r.mrr_at_10:.4f} | {r.recall_at_5:.4f} | {ms:.0f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--model", default=str(REPO.parent / "main" / "data" / "models" / "multilingual-e5-small"))
    parser.add_argument("--ef-search", default="40,100")
    parser.add_argument("--rank", default="bm25,ts_rank_cd")
    parser.add_argument("--rebuilt", action="store_true",
                        help="embedded indexes rebuilt from the database first, like the PostgreSQL ones")
    args = parser.parse_args()
    print("| Backend | Fragen | Modus | MRR@10 | Recall@5 | ms/Frage |\n|---|---|---|---|---|---|")
    embedded = open_kb(args, "embedded")
    ingest_once(embedded)
    if args.rebuilt:
        embedded.admin.reindex()
    measure(embedded, "embedded" + (" (neu aufgebaut)" if args.rebuilt else ""))
    embedded.close()
    postgres = open_kb(args, "postgres")
    indexes = postgres.components.indexes
    for rank in args.rank.split(","):
        for ef in map(int, args.ef_search.split(",")):
            indexes.vectors.ef_search, indexes.lexical.rank = ef, rank
            measure(postgres, f"postgres {rank} ef_search={ef}")
    postgres.close()


if __name__ == "__main__":
    main()
