"""The Absatz ordering metric on hand-made hit lists: which hits count as about the cited
Absatz, about another Absatz of the same norm, or neither, and how pairs are scored."""

from __future__ import annotations

import pytest

from kb.services.absatz_order import absatz_order, cited_absatz, classify, pair_accuracy
from kb.services.evaluation import Question
from kb.services.schemas import SearchHit, SearchResponse

LAW_22 = "(1) Bedarfe für Unterkunft und Heizung werden anerkannt.\n(2) Als Bedarf für die Unterkunft …"


def hit(rank: int, text: str, section: str | None = None, doc_type: str = "Weisung") -> SearchHit:
    return SearchHit(rank=rank, score=0.0, chunk_id=rank, document_id=rank, title="T", source=f"{rank}.md",
                     district=None, doc_type=doc_type, date=None, section=section, page=None, text=text)


CITED = cited_absatz("Nebenkostennachzahlung nach § 22 Abs. 1 SGB II übernehmen")


@pytest.mark.parametrize(("text", "section", "doc_type", "kind"), [
    ("Nach § 22 Abs. 1 SGB II sind Nachzahlungen Bedarf.", None, "Weisung", "same"),
    ("Die Kaution (§ 22 Abs. 6 SGB II) ist ein Darlehen.", None, "Weisung", "other"),
    ("Siehe § 22 Abs. 6 und Abs. 1 SGB II.", None, "Weisung", "same"),
    ("Ohne Absatz: § 22 SGB II gilt.", None, "Weisung", "neutral"),
    ("Nach § 21 Abs. 1 SGB II Mehrbedarf.", None, "Weisung", "neutral"),
    ("Nach § 22 Abs. 1 SGB XII …", None, "Weisung", "neutral"),
    ("Nachzahlungen sind Bedarf.", "3.1 Nebenkosten (§ 22 Abs. 1 SGB II)", "Weisung", "same"),
    ("Nachzahlungen nach § 22 Abs. 1 sind Bedarf.", None, "Weisung", "same"),  # law read from the query
    (LAW_22, "§ 22 Bedarfe für Unterkunft und Heizung", "Gesetz", "same"),
    ("(7) Die Leistung wird an den Vermieter gezahlt.", "§ 22 Bedarfe für Unterkunft und Heizung", "Gesetz",
     "other"),
    ("(1) Mehrbedarf …", "§ 21 Mehrbedarfe", "Gesetz", "neutral"),
])
def test_classify(text, section, doc_type, kind):
    assert classify(hit(1, text, section, doc_type), CITED) == kind


def test_law_text_counts_the_absaetze_it_holds_not_its_internal_references():
    text = "(7) Abweichend von Absatz 1 wird an den Vermieter gezahlt."
    assert classify(hit(1, text, "§ 22 Bedarfe für Unterkunft und Heizung", "Gesetz"), CITED) == "other"


@pytest.mark.parametrize(("kinds", "expected"), [
    (["same", "other"], 1.0),
    (["other", "same"], 0.0),
    (["same", "neutral", "other", "same", "other"], 0.75),  # pairs: s1<o3, s1<o5, o3<s4 (wrong), s4<o5
    (["same", "neutral", "same"], None),
    (["other", "neutral"], None),
    ([], None),
])
def test_pair_accuracy(kinds, expected):
    assert pair_accuracy(kinds) == expected


def test_absatz_order_averages_questions_with_pairs_and_counts_the_rest():
    same, other = "Nach § 22 Abs. 1 SGB II …", "Nach § 22 Abs. 6 SGB II …"
    lists = {"A § 22 Abs. 1 SGB II": [same, other], "B § 22 Abs. 1 SGB II": [other, same, same],
             "C § 22 Abs. 1 SGB II": [same], "D § 22 SGB II": [other, same]}

    def search(query):
        return SearchResponse.model_construct(results=[hit(i, t) for i, t in enumerate(lists[query.text], 1)])

    result = absatz_order([Question(q=q, source="x.md") for q in lists], search)
    assert (result.questions, result.with_pairs, result.skipped) == (4, 2, 2)
    assert result.accuracy == pytest.approx(0.5)  # A: 1.0, B: 0.0; C has no pair, D cites no Absatz
