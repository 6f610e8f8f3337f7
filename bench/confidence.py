"""Fit and check the answer confidence (kb/services/confidence.py) on questions with and without
an answer in the corpus.

Usage:
  python bench/confidence.py collect --eval-data DIR --sample-data DIR [--model DIR] [--out features.json]
  python bench/confidence.py fit [--features features.json]

`collect` searches every question (hybrid, first page) and stores the evidence of its first three
hits: the answerable sets (../shared/eval/dev.jsonl, eval/team.jsonl, eval/holdout.jsonl,
eval/holdout2.jsonl) in the knowledge base at `--eval-data` (the evaluation corpus of
../shared/eval/README.md, as in tests/kb/test_eval_dev.py), eval/unanswerable.jsonl in the one at
`--sample-data` (the sample corpus `corpus/`, which cannot answer them), read as a reader of the
network's documents (anonymous, as in the demo; internal documents of a district are not seen),
together with eval/sample.jsonl (answerable over the network documents of the sample corpus).

`fit` fits the logistic coefficients on the training part (dev, team and the odd-numbered
unanswerable questions; classes weighted equally, light L2), then prints AUROC and, at the
thresholds in effect (KB_MATCH_GOOD / KB_MATCH_WEAK), the share of answerable questions that keep
a match and of unanswerable ones that get `keine`, for every set – the held-out ones (holdout,
holdout2, even-numbered unanswerable) were not used to fit.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
ANSWERABLE = {"dev": REPO.parent / "shared" / "eval" / "dev.jsonl", "team": REPO / "eval" / "team.jsonl",
              "holdout": REPO / "eval" / "holdout.jsonl", "holdout2": REPO / "eval" / "holdout2.jsonl"}
SAMPLE = REPO / "eval" / "sample.jsonl"  # answerable over the sample corpus
UNANSWERABLE = REPO / "eval" / "unanswerable.jsonl"
TRAIN = ("dev", "team", "sample-odd", "unanswerable-odd")


def top_evidence(kb, text: str, depth: int = 3, anonymous: bool = False) -> list[list[float]]:
    from kb.access import ANONYMOUS
    from kb.services import store
    from kb.services.schemas import SearchQuery

    searcher = kb.searching.acting(ANONYMOUS) if anonymous else kb.searching
    response, reading = searcher.answer(SearchQuery(text=text, k=10, mode="hybrid", highlight=False))
    if reading is None:
        return []
    hits = response.results[:depth]
    with searcher.sessions() as session:
        reader = searcher.evidence_reader(reading)
        chunks = store.load_chunks(session, [h.chunk_id for h in hits])
        return [list(reader.evidence(chunks[h.chunk_id], h.score).vector()) for h in hits]


def collect(eval_data: Path, sample_data: Path, out: Path, model: str | None) -> None:
    from kb.config import Settings
    from kb.services.confidence_eval import load_unanswerable
    from kb.services.evaluation import load_questions
    from kb.services.knowledge_base import KnowledgeBase

    given = {"model": model} if model else {}
    rows: dict[str, list] = {}
    kb = KnowledgeBase(Settings(data_dir=eval_data, **given))
    for name, path in ANSWERABLE.items():
        rows[name] = [top_evidence(kb, q.q) for q in load_questions(path)]
    kb.close()
    kb = KnowledgeBase(Settings(data_dir=sample_data, **given))
    questions = load_unanswerable(UNANSWERABLE)
    sample = [q.q for q in load_questions(SAMPLE)]
    rows["sample-odd"] = [top_evidence(kb, q, anonymous=True) for q in sample[0::2]]
    rows["sample-even"] = [top_evidence(kb, q, anonymous=True) for q in sample[1::2]]
    rows["unanswerable-odd"] = [top_evidence(kb, q, anonymous=True) for q in questions[0::2]]  # 1st, 3rd, …
    rows["unanswerable-even"] = [top_evidence(kb, q, anonymous=True) for q in questions[1::2]]
    kb.close()
    out.write_text(json.dumps(rows), encoding="utf-8")
    print(f"{out}: {', '.join(f'{k} {len(v)}' for k, v in rows.items())}")


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.01, steps: int = 20000) -> np.ndarray:
    """Weighted logistic regression by gradient descent (both classes weigh the same) on
    standardised features (the cosine spans a few hundredths, coverage the whole 0–1), returned
    as intercept and coefficients of the raw features. Coefficients are kept ≥ 0 (projected
    gradient): more evidence of any kind must never lower the confidence, whatever a small
    training set suggests."""
    mean, std = x.mean(0), x.std(0)
    std[std == 0] = 1.0
    z = (x - mean) / std
    w = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    zb = np.hstack([np.ones((len(z), 1)), z])
    beta = np.zeros(zb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-zb @ beta))
        grad = zb.T @ (w * (p - y)) / len(y) + l2 * np.r_[0, beta[1:]]
        beta -= 0.5 * grad
        beta[1:] = np.maximum(beta[1:], 0.0)
    coefficients = beta[1:] / std
    return np.r_[beta[0] - coefficients @ mean, coefficients]


def question_scores(rows: list, beta: np.ndarray) -> list[float]:
    from kb.services.confidence import Evidence, confidence

    return [max((confidence(Evidence(*e), beta[0], beta[1:]) for e in hits), default=0.0) for hits in rows]


def report(rows: dict[str, list], beta: np.ndarray) -> None:
    from kb.config import RankingSettings
    from kb.services.confidence import auroc

    ranking = RankingSettings()
    good, weak = ranking.match_good, ranking.match_weak
    scores = {name: question_scores(r, beta) for name, r in rows.items()}
    negatives = {"odd": scores["unanswerable-odd"], "even": scores["unanswerable-even"],
                 "all": scores["unanswerable-odd"] + scores["unanswerable-even"]}
    print(f"Schwellen: gut ≥ {good}, schwach ≥ {weak}")
    print("| Satz | Fragen | AUROC gegen unbeantwortbar (alle / ungerade / gerade) | match ≠ keine | match = gut |")
    print("|---|---|---|---|---|")
    for name in (*ANSWERABLE, "sample-odd", "sample-even"):
        s = scores[name]
        aucs = " / ".join(f"{auroc(s, negatives[k]):.3f}" for k in ("all", "odd", "even"))
        print(f"| {name} | {len(s)} | {aucs} | {np.mean([x >= weak for x in s]):.1%} | "
              f"{np.mean([x >= good for x in s]):.1%} |")
    for name in ("odd", "even", "all"):
        s = negatives[name]
        print(f"| unbeantwortbar ({name}) | {len(s)} | – | keine: {np.mean([x < weak for x in s]):.1%} | "
              f"gut: {np.mean([x >= good for x in s]):.1%} |")


def fit(features: Path) -> None:
    from kb.services.confidence import COEFFICIENTS, FEATURES, INTERCEPT

    rows = json.loads(features.read_text(encoding="utf-8"))
    x = [hits[0] for name in TRAIN for hits in rows[name] if hits]
    y = [0.0 if name.startswith("unanswerable") else 1.0 for name in TRAIN for hits in rows[name] if hits]
    beta = fit_logistic(np.array(x), np.array(y))
    print("gefittet:", f"INTERCEPT = {beta[0]:.2f}",
          "COEFFICIENTS = (" + ", ".join(f"{b:.2f}" for b in beta[1:]) + ")", f"# {FEATURES}")
    report(rows, beta)
    print("\nim Code:", f"INTERCEPT = {INTERCEPT}", f"COEFFICIENTS = {COEFFICIENTS}")
    report(rows, np.r_[INTERCEPT, COEFFICIENTS])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("collect", "fit"))
    parser.add_argument("--eval-data", type=Path)
    parser.add_argument("--sample-data", type=Path)
    parser.add_argument("--model", help="Modellordner, mit dem die Wissensdatenbanken gebaut sind")
    parser.add_argument("--features", "--out", type=Path, default=Path("confidence-features.json"))
    args = parser.parse_args()
    if args.command == "collect":
        if not (args.eval_data and args.sample_data):
            parser.error("collect braucht --eval-data und --sample-data")
        collect(args.eval_data, args.sample_data, args.features, args.model)
    else:
        fit(args.features)


if __name__ == "__main__":
    main()
