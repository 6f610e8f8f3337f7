"""Following on SQLite and PostgreSQL: what a user follows (a question, a working group, a norm)
and "Neu für mich" since the last visit, with the visibility rules of documents."""

from __future__ import annotations

import pytest

from ingest.errors import IngestError
from kb.access import ANONYMOUS, SYSTEM, AccessDenied
from tests.network_posts import add_answer, add_question

PASSWORD = "geheim-genug-123"


@pytest.fixture
def kusel(fake_kb):
    fake_kb.accounts.add_user(SYSTEM, "kusel.leser", PASSWORD, "Kusel", "leser")
    return fake_kb.following.acting(fake_kb.accounts.principal("kusel.leser"))


def _news(following) -> list[tuple[str, str]]:
    return [(i.kind, i.title) for i in following.news().items]


def test_new_posts_in_a_followed_group_norm_and_question_appear_once(fake_kb, kusel):
    me = kusel.principal.user_id
    watched = add_question(fake_kb, "Frage, der ich folge", "Mayen-Koblenz", minutes_ago=60 * 24 * 30)
    assert kusel.follow("gruppe", "leistung").following and kusel.follow("frage", str(watched)).following
    assert kusel.follow("norm", "§ 22 Abs. 1 SGB II").target == "SGB II § 22"
    add_question(fake_kb, "BuT in der AG", "Saarlouis", "leistung", minutes_ago=30)
    add_question(fake_kb, "Intern Saarlouis", "Saarlouis", "leistung", visibility="intern", minutes_ago=29)
    add_question(fake_kb, "Andere Gruppe", "Saarlouis", "it", minutes_ago=28)
    add_question(fake_kb, "Miete nach Norm", "Vulkaneifel", norms=("SGB II § 22 Abs. 1",), minutes_ago=27)
    add_question(fake_kb, "Eigene Frage", "Kusel", "leistung", author_id=me, minutes_ago=26)
    add_answer(fake_kb, watched, "Kusel", minutes_ago=20)
    assert _news(kusel) == [("antwort", "Frage, der ich folge"), ("frage", "Miete nach Norm"),
                            ("frage", "BuT in der AG")]
    assert _news(kusel) == []  # seen on the last visit
    add_answer(fake_kb, watched, "Mayen-Koblenz", minutes_ago=0)
    assert _news(kusel) == [("antwort", "Frage, der ich folge")]


def test_answers_to_own_questions_are_news_without_following_but_own_answers_are_not(fake_kb, kusel):
    me = kusel.principal.user_id
    mine = add_question(fake_kb, "Meine Frage", "Kusel", author_id=me, minutes_ago=60)
    add_answer(fake_kb, mine, "Saarlouis", minutes_ago=3)
    add_answer(fake_kb, mine, "Kusel", author_id=me, minutes_ago=2)
    assert [(i.kind, i.district) for i in kusel.news().items] == [("antwort", "Saarlouis")]


def test_unfollowing_and_what_cannot_be_followed(fake_kb, kusel):
    hidden = add_question(fake_kb, "Intern Saarlouis", "Saarlouis", visibility="intern")
    for kind, target, message in (("gruppe", "wohnen", "Unbekannte Arbeitsgruppe"),
                                  ("norm", "irgendwas", "keine erkennbare Norm"),
                                  ("frage", str(hidden), "Nichts zum Folgen"), ("frage", "99999", "Nichts"),
                                  ("quatsch", "1", "Nichts")):
        with pytest.raises(IngestError, match=message):
            kusel.follow(kind, target)
    kusel.follow("norm", "SGB II § 22")
    assert kusel.is_following("norm", "§ 22 SGB II") is True
    assert kusel.unfollow("norm", "§ 22 SGB II").following is False
    assert kusel.unfollow("frage", str(hidden)).label == str(hidden)  # another district's title stays hidden
    mine = add_question(fake_kb, "Mietobergrenze 2026", "Kusel")
    assert kusel.follow("frage", str(mine)).label == "Mietobergrenze 2026"
    assert kusel.follow("gruppe", "leistung").label == "AG Leistung"
    assert [(f.kind, f.label) for f in kusel.follows()] == [("frage", "Mietobergrenze 2026"), ("gruppe", "AG Leistung")]
    kusel.unfollow("frage", str(mine))
    kusel.unfollow("gruppe", "leistung")
    assert kusel.follows() == [] and kusel.is_following("norm", "SGB II § 22") is False
    assert fake_kb.following.acting(ANONYMOUS).is_following("gruppe", "leistung") is None
    with pytest.raises(AccessDenied):
        fake_kb.following.acting(ANONYMOUS).follow("gruppe", "leistung")
