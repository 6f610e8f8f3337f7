"""Search quality with typing errors: each question of an evaluation file gets one typo, and
hybrid search runs with and without spelling correction.

Usage: python bench/typos.py EVAL.jsonl [--data DIR] [--seed N]
DIR must hold an ingested corpus for the file (e.g. the one `kb eval` used). The typos are those
of `kb/services/typos.py` (one per question, seeded). Prints recall and MRR for the clean
questions, the typo questions without correction, and with correction.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("KB_DATA_DIR", "data")))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from kb.config import Settings
    from kb.services.evaluation import evaluate, load_questions
    from kb.services.knowledge_base import KnowledgeBase
    from kb.services.typos import with_typos

    kb = KnowledgeBase(Settings(data_dir=args.data))
    clean = load_questions(args.file)
    typos = with_typos(clean, args.seed)

    def without(query):
        return kb.searching.search(query.model_copy(update={"spellcheck": False}))

    runs = [("ohne Tippfehler", clean, kb.searching.search), ("Tippfehler, ohne Korrektur", typos, without),
            ("Tippfehler, mit Korrektur", typos, kb.searching.search)]
    print(f"{args.file.name}: {len(clean)} Fragen, Seed {args.seed}")
    for label, questions, search in runs:
        r = evaluate(questions, search, "hybrid", k=10)
        print(f"{label:28} R@1 {r.recall_at_1:.3f}  R@5 {r.recall_at_5:.3f}  "
              f"R@10 {r.recall_at_10:.3f}  MRR@10 {r.mrr_at_10:.3f}")
    corrected = sum(kb.components.current().spelling.correct(q.q) is not None for q in typos)
    print(f"korrigiert: {corrected} von {len(typos)} Fragen")


if __name__ == "__main__":
    main()
