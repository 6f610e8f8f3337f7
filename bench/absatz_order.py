"""Absatz ordering accuracy and MRR@10 of question sets citing an Absatz (issue 16).

Usage: python bench/absatz_order.py EVAL.jsonl... [--data DIR] [--mode hybrid]
DIR must hold an ingested corpus for the files (e.g. the sample corpus for `eval/absatz*.jsonl`).
Per file: how many questions hold a (same Absatz, other Absatz) pair in their top 10, the mean
share of pairs ranked the right way round (`kb/services/absatz_order.py`), and MRR@10.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def report(files: list[Path], search, mode: str) -> None:
    """One line per question file; `search` is a knowledge base's `searching.search`."""
    from kb.services.absatz_order import absatz_order
    from kb.services.evaluation import evaluate, load_questions

    for path in files:
        questions = load_questions(path)
        order = absatz_order(questions, search, mode)
        mrr = evaluate(questions, search, mode).mrr_at_10
        print(f"{path.stem:16} n={order.questions} mit Paaren {order.with_pairs} "
              f"(übersprungen {order.skipped})  Absatz-Reihenfolge {order.accuracy:.4f}  MRR@10 {mrr:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("KB_DATA_DIR", "data")))
    parser.add_argument("--mode", default="hybrid")
    args = parser.parse_args()

    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(Settings(data_dir=args.data))
    try:
        report(args.files, kb.searching.search, args.mode)
    finally:
        kb.close()


if __name__ == "__main__":
    main()
