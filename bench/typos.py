"""Search quality with typing errors: each question of an evaluation file gets one typo, and
hybrid search runs with and without spelling correction.

Usage: python bench/typos.py EVAL.jsonl [--data DIR] [--seed N]
DIR must hold an ingested corpus for the file (e.g. the one `kb eval` used). The typo goes into
the question's longest word (at least six letters): a dropped, doubled or swapped letter, or a
neighbouring key, chosen by a seeded random generator, so runs are repeatable. Prints recall and
MRR for the clean questions, the typo questions without correction, and with correction.
"""

from __future__ import annotations

import argparse
import os
import random
import re
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

NEIGHBOURS = {"a": "s", "s": "d", "d": "f", "e": "r", "r": "t", "t": "z", "i": "o", "o": "p",
              "n": "m", "m": "n", "u": "i", "g": "h", "h": "j", "l": "k", "c": "v", "b": "n"}


def with_typo(text: str, rng: random.Random) -> str:
    words = [m for m in re.finditer(r"[^\W\d_]+", text) if len(m.group()) >= 6]
    if not words:
        return text
    word = max(words, key=lambda m: len(m.group()))
    w = word.group()
    i = rng.randrange(1, len(w) - 1)  # keep the first letter: people rarely miss that one
    kind = rng.choice(["drop", "double", "swap", "key"])
    if kind == "drop":
        typo = w[:i] + w[i + 1:]
    elif kind == "double":
        typo = w[:i] + w[i] + w[i:]
    elif kind == "swap":
        typo = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    else:
        typo = w[:i] + NEIGHBOURS.get(w[i], "e") + w[i + 1:]
    return text[:word.start()] + typo + text[word.end():]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("KB_DATA_DIR", "data")))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from kb.config import Settings
    from kb.services.evaluation import evaluate, load_questions
    from kb.services.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(Settings(data_dir=args.data))
    clean = load_questions(args.file)
    rng = random.Random(args.seed)
    typos = [q.model_copy(update={"q": with_typo(q.q, rng)}) for q in clean]

    def without(query):
        return kb.search(query.model_copy(update={"spellcheck": False}))

    runs = [("ohne Tippfehler", clean, kb.search), ("Tippfehler, ohne Korrektur", typos, without),
            ("Tippfehler, mit Korrektur", typos, kb.search)]
    print(f"{args.file.name}: {len(clean)} Fragen, Seed {args.seed}")
    for label, questions, search in runs:
        r = evaluate(questions, search, "hybrid", k=10)
        print(f"{label:28} R@1 {r.recall_at_1:.3f}  R@5 {r.recall_at_5:.3f}  "
              f"R@10 {r.recall_at_10:.3f}  MRR@10 {r.mrr_at_10:.3f}")
    corrected = sum(kb.retrieval.correct_spelling(q.q) is not None for q in typos)
    print(f"korrigiert: {corrected} von {len(typos)} Fragen")


if __name__ == "__main__":
    main()
