"""The Absatz question sets: each question cites a norm down to an Absatz and names one file of
the sample corpus, so a measurement on them is about Absatz-aware ranking and cannot silently
count a question whose expected document was renamed away."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.citations import parse_citations
from kb.services.evaluation import load_questions

REPO = Path(__file__).resolve().parents[2]
SETS = ("absatz", "absatz_holdout")


def corpus_files() -> list[str]:
    return [p.name for p in (REPO / "corpus").rglob("*") if p.is_file() and not p.name.endswith(".meta.json")]


@pytest.mark.parametrize("name", SETS)
def test_every_question_cites_an_absatz_and_names_one_corpus_file(name):
    questions = load_questions(REPO / "eval" / f"{name}.jsonl")
    files = corpus_files()
    assert len(questions) >= 15
    for question in questions:
        assert any(c.law and c.absatz for c in parse_citations(question.q)), question.q
        assert files.count(question.source) == 1, question.source


def test_holdout_shares_no_question_with_the_development_set():
    dev, holdout = ({q.q for q in load_questions(REPO / "eval" / f"{name}.jsonl")} for name in SETS)
    assert not dev & holdout
