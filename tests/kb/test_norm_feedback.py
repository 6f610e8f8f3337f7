"""Norm feedback: the first passages' citations lift the law text they cite."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kb.db.models import Chunk, Document
from kb.services.norm_feedback import norm_votes, sections_by_votes
from kb.services.sources import Request

F = frozenset


def test_votes_follow_rank_and_split_over_several_citations():
    norms_of = {
        1: (F(), F({"SGB III § 44"})),  # a Weisung passage about one norm
        2: (F(), F({"SGB III § 44", "SGB II § 16", "SGB X § 50"})),  # a list of citations
        3: (F({"SGB II § 16"}), F({"SGB III § 44"})),  # law text: is § 16, cites § 44
    }
    votes = dict(norm_votes([1, 2, 3], norms_of, k=60))
    assert votes["SGB III § 44"] == pytest.approx(1 / 61 + 1 / 62 / 3 + 1 / 63)
    assert votes["SGB II § 16"] == pytest.approx(1 / 62 / 3 + 1 / 63)
    assert votes["SGB X § 50"] == pytest.approx(1 / 62 / 3)
    assert next(n for n, _ in norm_votes([1, 2, 3], norms_of, k=60)) == "SGB III § 44"


def test_passages_without_norms_vote_for_nothing():
    assert norm_votes([7, 8], {7: (F(), F())}, k=60) == []


def test_sections_follow_the_votes_and_stop_at_n():
    votes = [("SGB III § 44", 0.5), ("SGB II § 16", 0.2), ("SGB X § 50", 0.1)]
    sections = {"SGB II § 16": [20, 21], "SGB III § 44": [10], "SGB X § 50": [30]}
    assert sections_by_votes(votes, sections, n=10) == [(10, 0.5), (20, 0.2), (21, 0.2), (30, 0.1)]
    assert [c for c, _ in sections_by_votes(votes, sections, n=2)] == [10, 20]
    assert sections_by_votes([("SGB I § 1", 1.0)], sections, n=5) == []  # no law text for it


CIRCULAR = """# Praxisleitfaden Startbonus Westpfalz

Nimmt eine leistungsberechtigte Person eine Beschäftigung auf, prüfen wir den Startbonus nach
§ 16b SGB II. Der Startbonus wird höchstens 24 Monate gezahlt.
"""


def test_a_circular_citing_a_norm_lifts_that_law_section(fake_kb, laws_md, tmp_path):
    (tmp_path / "rundschreiben.md").write_text(CIRCULAR, encoding="utf-8")
    fake_kb.ingesting.ingest([laws_md / "sgb_2.md", tmp_path / "rundschreiben.md"])
    with fake_kb.sessions() as session:
        circular = session.scalar(select(Chunk.id).join(Document).where(Document.source_name == "rundschreiben.md"))
        feedback = next(s for s in fake_kb.components.backends.second_pass if s.name == "norm_feedback")
        plan = fake_kb.components.backends.planner.plan("Startbonus")
        ranked = feedback.ranked_after(Request(plan, None, 10), [(circular, 1.0)])
        assert ranked and {session.get(Chunk, cid).norm_self for cid, _ in ranked} == {"SGB II § 16b"}
    # The query's words are the circular's own: only its citation leads to the law text.
    # (The fake embedder's dense list is noise, so only that the law text becomes a candidate
    # is tested here; the effect on ranking is measured on the evaluation sets.)
    assert place_of_16b(fake_kb, "Praxisleitfaden Startbonus Westpfalz") is not None
    fake_kb.settings.ranking.rrf_weight_norm_feedback = 0
    assert place_of_16b(fake_kb, "Praxisleitfaden Startbonus Westpfalz") is None


def place_of_16b(kb, text: str) -> int | None:
    backends = kb.components.current()
    ranked = kb.searching.rank(backends, backends.planner.plan(text), "hybrid", None, 10)
    law = set(backends.retrievers.norms.law_sections(["SGB II § 16b"], None)["SGB II § 16b"])
    return next((i for i, (cid, _) in enumerate(ranked) if cid in law), None)
