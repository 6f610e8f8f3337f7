"""The network's Atom feeds on SQLite and PostgreSQL: the personal feed through a hashed feed
token with the user's own visibility, the district and group feeds with network posts only."""

from __future__ import annotations

import pytest
from lxml import etree
from sqlalchemy import select

from kb.access import ANONYMOUS, SYSTEM, AccessDenied
from kb.db.network_models import FeedToken
from kb.services.accounts import secret_hash
from kb.services.feeds import atom
from tests.network_posts import add_answer, add_question

PASSWORD = "geheim-genug-123"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def feeds(fake_kb):
    """The feed service bound to a reader of Kusel who follows the AG Leistung."""
    fake_kb.accounts.add_user(SYSTEM, "kusel.leser", PASSWORD, "Kusel", "leser")
    kusel = fake_kb.accounts.principal("kusel.leser")
    fake_kb.following.acting(kusel).follow("gruppe", "leistung")
    return fake_kb.network_feeds.acting(kusel)


def _titles(entries) -> list[str]:
    return [e.title for e in entries]


def test_the_token_is_stored_hashed_and_reads_the_users_feed_until_revoked(fake_kb, feeds):
    token = feeds.create_token()
    assert token.startswith("kbf_") and len(token) > 40
    with fake_kb.sessions() as session:
        stored = session.scalars(select(FeedToken.token_hash)).all()
    assert stored == [secret_hash(token)] and token not in stored
    question = add_question(fake_kb, "Wie rechnet ihr BuT ab", "Saarlouis", "leistung")
    answer = add_answer(fake_kb, question, "Mayen-Koblenz")
    assert _titles(feeds.personal(token)) == ["Antwort aus Mayen-Koblenz: Wie rechnet ihr BuT ab",
                                              "Frage aus Saarlouis: Wie rechnet ihr BuT ab"]
    assert [e.link for e in feeds.personal(token)] == [f"/netzwerk/fragen/{question}#antwort-{answer}",
                                                       f"/netzwerk/fragen/{question}"]  # an answer opens at itself
    assert feeds.personal(token) == feeds.personal(token)  # reading marks nothing as seen
    [listed] = feeds.tokens()
    assert feeds.revoke_token(listed.id) and feeds.tokens() == []
    assert feeds.personal(token) is None and feeds.personal("kbf_falsch") is None and feeds.personal("") is None


def test_the_personal_feed_has_the_users_visibility_and_answers_to_own_questions(fake_kb, feeds):
    me = feeds.principal.user_id
    add_question(fake_kb, "Intern Kusel", "Kusel", "leistung", visibility="intern")
    add_question(fake_kb, "Intern Saarlouis", "Saarlouis", "leistung", visibility="intern")
    own = add_question(fake_kb, "Meine Frage", "Kusel", author_id=me)
    add_answer(fake_kb, own, "Vulkaneifel")
    titles = _titles(feeds.personal(feeds.create_token()))
    assert "Frage aus Kusel: Intern Kusel" in titles and "Antwort aus Vulkaneifel: Meine Frage" in titles
    assert not any("Intern Saarlouis" in t for t in titles)


def test_a_disabled_users_token_reads_nothing(fake_kb, feeds):
    token = feeds.create_token()
    fake_kb.accounts.set_active(SYSTEM, "kusel.leser", False)
    assert feeds.personal(token) is None


def test_others_tokens_cannot_be_revoked_and_anonymous_readers_have_none(fake_kb, feeds):
    fake_kb.accounts.add_user(SYSTEM, "saarlouis.leser", PASSWORD, "Saarlouis", "leser")
    other = fake_kb.network_feeds.acting(fake_kb.accounts.principal("saarlouis.leser"))
    token = other.create_token()
    [theirs] = other.tokens()
    assert not feeds.revoke_token(theirs.id) and feeds.personal(token) is not None
    with pytest.raises(AccessDenied):
        fake_kb.network_feeds.acting(ANONYMOUS).create_token()


def test_district_and_group_feeds_list_network_posts_only(fake_kb, feeds):
    question = add_question(fake_kb, "Software-Umstieg", "Saarlouis", "it")
    add_answer(fake_kb, question, "Kusel")
    add_question(fake_kb, "Intern Saarlouis", "Saarlouis", "it", visibility="intern")
    add_question(fake_kb, "Verborgen", "Saarlouis", "it", status="verborgen")
    name, entries = feeds.district("saarlouis")
    assert name == "Saarlouis" and _titles(entries) == ["Frage aus Saarlouis: Software-Umstieg"]
    assert _titles(feeds.district("kusel")[1]) == ["Antwort aus Kusel: Software-Umstieg"]
    name, entries = feeds.group("it")
    assert name == "AG Software/IT"
    assert _titles(entries) == ["Antwort aus Kusel: Software-Umstieg", "Frage aus Saarlouis: Software-Umstieg"]
    assert feeds.group("leistung")[1] == [] and feeds.group("wohnen") is None and feeds.district("atlantis") is None


def test_the_entries_make_valid_atom_with_absolute_thread_links(fake_kb, feeds):
    question = add_question(fake_kb, "Software-Umstieg", "Saarlouis", "it")
    root = etree.fromstring(atom(feeds.group("it")[1], "gruppen/it", "AG", "https://kb.example/"))
    assert root.tag == f"{ATOM}feed"
    [entry] = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == f"https://kb.example/netzwerk/fragen/{question}"
    assert entry.findtext(f"{ATOM}id") == f"https://kb.example/feeds/gruppen/it/frage-{question}"
