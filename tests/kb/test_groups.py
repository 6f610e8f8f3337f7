"""Working groups on SQLite and PostgreSQL: the configured list synchronised at start, minutes
tagged through ingest metadata, membership, and the group's open questions and newest answers
as their readers may see them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ingest.errors import IngestError
from ingest.metadata import MetaHints, hints_from_mapping
from kb.access import SYSTEM, AccessDenied
from kb.db.models import Document
from kb.db.network_models import VERBORGEN, WorkingGroup
from kb.services.knowledge_base import KnowledgeBase
from tests.network_posts import add_answer, add_question

PASSWORD = "geheim-genug-123"


def minute(folder, name: str, district: str, group: str | None, visibility: str = "netzwerk",
           doc_type: str = "Protokoll") -> object:
    path = folder / name
    tag = f"arbeitsgruppe: {group}\n" if group else ""
    path.write_text(f"---\ntitle: {name[:-3]}\ndistrict: {district}\ndoc_type: {doc_type}\ndate: 2026-03-01\n"
                    f"visibility: {visibility}\n{tag}---\n# Sitzung\n\nDie AG beriet über {name}.\n",
                    encoding="utf-8")
    return path


@pytest.fixture
def users(fake_kb):
    for login, district, role in (("kusel.leser", "Kusel", "leser"), ("saarlouis.leser", "Saarlouis", "leser"),
                                  ("kusel.redakteur", "Kusel", "redakteur"), ("netz.admin", "Südwestoption", "admin")):
        fake_kb.accounts.add_user(SYSTEM, login, PASSWORD, district, role)
    return {login: fake_kb.accounts.principal(login) for login in
            ("kusel.leser", "saarlouis.leser", "kusel.redakteur", "netz.admin")}


def _groups(kb) -> dict[str, tuple[str, bool]]:
    with kb.sessions() as session:
        return {g.slug: (g.name, g.active) for g in session.scalars(select(WorkingGroup))}


def test_the_configured_groups_are_synchronised_at_start_and_never_deleted(fake_kb, settings):
    assert _groups(fake_kb) == {"leistung": ("AG Leistung", True), "finanzen": ("AG Finanzen", True),
                                "it": ("AG Software/IT", True)}
    changed = settings.model_copy(deep=True)
    changed.network.working_groups = "leistung=AG Leistung und Teilhabe;but=AG Bildung und Teilhabe"
    again = KnowledgeBase(changed)
    try:
        assert _groups(again) == {"leistung": ("AG Leistung und Teilhabe", True), "finanzen": ("AG Finanzen", False),
                                  "it": ("AG Software/IT", False), "but": ("AG Bildung und Teilhabe", True)}
        assert [g.slug for g in again.groups.list()] == ["leistung", "but"]
    finally:
        again.close()


@pytest.mark.parametrize("value", ["leistung", "AG Leistung=AG", "x=;", "a=A;a=B", "Leistung=AG Leistung"])
def test_a_bad_group_setting_fails_at_start_with_the_entry_named(value):
    from kb.network_config import NetworkSettings

    with pytest.raises(ValueError, match="KB_WORKING_GROUPS"):
        NetworkSettings(working_groups=value)


def test_minutes_are_tagged_by_metadata_and_shown_to_who_may_see_them(fake_kb, users, tmp_path):
    files = [minute(tmp_path, "leistung-maerz.md", "Kusel", "leistung"),
             minute(tmp_path, "leistung-intern.md", "Kusel", "leistung", visibility="intern"),
             minute(tmp_path, "finanzen-april.md", "Saarlouis", "finanzen"),
             minute(tmp_path, "rundschreiben.md", "Kusel", "leistung", doc_type="Rundschreiben")]
    report = fake_kb.ingesting.ingest(files)
    assert report.count("failed") == 0, report.files
    with fake_kb.sessions() as session:
        tagged = dict(session.execute(select(Document.source_name, Document.working_group)).all())
    assert tagged["leistung-maerz.md"] == "leistung" and tagged["finanzen-april.md"] == "finanzen"
    seen = {login: [m.title for m in fake_kb.groups.acting(p).page("leistung").minutes] for login, p in users.items()}
    assert seen["kusel.leser"] == seen["netz.admin"] == ["leistung-intern", "leistung-maerz"]  # same day: newest id
    assert seen["saarlouis.leser"] == ["leistung-maerz"]  # intern of Kusel; a Rundschreiben is no minute
    counts = {g.slug: g.minutes for g in fake_kb.groups.acting(users["saarlouis.leser"]).list()}
    assert counts == {"leistung": 1, "finanzen": 1, "it": 0}


def test_minutes_of_an_unknown_group_are_refused_and_nothing_is_stored(fake_kb, tmp_path):
    report = fake_kb.ingesting.ingest([minute(tmp_path, "sitzung.md", "Kusel", "wohnen")])
    assert report.count("failed") == 1
    assert "Unbekannte Arbeitsgruppe 'wohnen'" in report.files[0].reason
    assert "leistung, finanzen, it" in report.files[0].reason
    assert fake_kb.documents.list() == []
    with pytest.raises(IngestError, match="kein Kürzel"):
        hints_from_mapping({"arbeitsgruppe": "AG Leistung"}, "Test")


def test_the_group_of_overrides_beats_the_front_matter(fake_kb, tmp_path):
    path = minute(tmp_path, "sitzung.md", "Kusel", "leistung")
    report = fake_kb.ingesting.ingest([path], MetaHints(working_group="it"))
    assert report.count("failed") == 0, report.files
    assert [m.title for m in fake_kb.groups.page("it").minutes] == ["sitzung"]
    assert fake_kb.groups.page("leistung").minutes == []


def test_users_join_and_leave_themselves_and_only_admins_manage_others(fake_kb, users):
    reader = fake_kb.groups.acting(users["kusel.leser"])
    assert reader.join("leistung").member is True
    assert reader.join("leistung").members == 1  # joining twice changes nothing
    with pytest.raises(AccessDenied):
        reader.join("leistung", "saarlouis.leser")
    admin = fake_kb.groups.acting(users["netz.admin"])
    assert admin.join("leistung", "saarlouis.leser").members == 2
    page = admin.page("leistung")
    assert [(m.login, m.district) for m in page.members] == [("kusel.leser", "Kusel"),
                                                             ("saarlouis.leser", "Saarlouis")]
    assert page.can_manage and not reader.page("leistung").can_manage
    assert reader.leave("leistung").member is False
    assert reader.join("gibt-es-nicht") is None
    entries = [(e.login, e.action, e.detail["login"]) for e in fake_kb.audit.page().entries
               if e.action.startswith("group_")]
    assert entries == [("kusel.leser", "group_leave", "kusel.leser"),
                       ("netz.admin", "group_join", "saarlouis.leser"),
                       ("kusel.leser", "group_join", "kusel.leser")]


def test_open_questions_and_newest_answers_follow_the_visibility_of_documents(fake_kb, users):
    open_net = add_question(fake_kb, "Wie rechnet ihr BuT ab", "Kusel", "leistung")
    open_intern = add_question(fake_kb, "Interne Frage Saarlouis", "Saarlouis", "leistung", visibility="intern")
    answered = add_question(fake_kb, "Mietobergrenze 2026", "Kusel", "leistung", minutes_ago=30)
    answer = add_answer(fake_kb, answered, "Mayen-Koblenz")
    add_answer(fake_kb, open_intern, "Saarlouis", status=VERBORGEN)  # a hidden answer answers nothing
    add_question(fake_kb, "Verborgen", "Kusel", "leistung", status=VERBORGEN)
    add_question(fake_kb, "Andere Gruppe", "Kusel", "it")
    kusel = fake_kb.groups.acting(users["kusel.leser"]).page("leistung")
    assert [q.question_id for q in kusel.open_questions] == [open_net]
    assert [(a.question_id, a.district, a.url) for a in kusel.answers] == [
        (answered, "Mayen-Koblenz", f"/netzwerk/fragen/{answered}#antwort-{answer}")]
    saarlouis = fake_kb.groups.acting(users["saarlouis.leser"]).page("leistung")
    assert [q.question_id for q in saarlouis.open_questions] == [open_intern, open_net]
    assert fake_kb.groups.acting(users["netz.admin"]).page("leistung").answers == kusel.answers
