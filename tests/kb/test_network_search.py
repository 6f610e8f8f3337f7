"""One search: questions and answers are `Netzwerkfrage` documents of the ordinary index, linked to
their thread, under the author's district in the Kreisvergleich, kept in step on edit, gone on
withdraw and hide, and as invisible to other districts as an internal document."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kb.access import SYSTEM
from kb.db.models import Document
from kb.db.network_models import Answer, Question
from kb.services.schemas import SearchQuery

PASSWORD = "geheim-passwort-1"
USERS = {"kusel": ("Kusel", "leser"), "myk": ("Mayen-Koblenz", "leser"), "myk2": ("Mayen-Koblenz", "leser"),
         "admin2": ("Südwestoption", "admin")}


@pytest.fixture
def people(fake_kb):
    for login, (district, role) in USERS.items():
        fake_kb.accounts.add_user(SYSTEM, login, PASSWORD, district, role)
    return {login: fake_kb.accounts.principal(login) for login in USERS}


def hits(kb, principal, text: str) -> list:
    response = kb.searching.acting(principal).search(SearchQuery(text=text, k=10))
    return [h for h in response.results if h.doc_type == "Netzwerkfrage" and text.lower() in h.text.lower()]


@pytest.fixture
def thread(fake_kb, people):
    qid = fake_kb.network.acting(people["kusel"]).ask(
        "Eingangszonenkonzept beim Umstieg", "Wie habt ihr das Eingangszonenkonzept nach § 16 SGB II organisiert?")
    aid = fake_kb.network.acting(people["myk"]).answer(
        qid, "Wir nutzen eine Terminsteuerung mit Vermieterbescheinigung vorab.", norms="§ 22 SGB II")
    return qid, aid


def test_question_and_answer_are_found_and_link_to_the_thread(fake_kb, people, thread) -> None:
    qid, aid = thread
    question = hits(fake_kb, people["myk2"], "Eingangszonenkonzept")
    assert question and question[0].district == "Kusel" and question[0].url == f"/netzwerk/fragen/{qid}"
    answer = hits(fake_kb, people["myk2"], "Vermieterbescheinigung")
    assert len(answer) == 1
    assert answer[0].district == "Mayen-Koblenz" and answer[0].title.startswith("So handhabt es Mayen-Koblenz")
    assert answer[0].url == answer[0].thread_url == f"/netzwerk/fragen/{qid}#antwort-{aid}"
    assert "SGB II § 22" in answer[0].norms
    with fake_kb.sessions() as session:
        doc = session.get(Document, session.get(Answer, aid).document_id)
        assert (doc.doc_type, doc.district, doc.visibility) == ("Netzwerkfrage", "Mayen-Koblenz", "netzwerk")


def test_network_type_is_a_facet(fake_kb, people, thread) -> None:
    response = fake_kb.searching.acting(people["kusel"]).search_with_facets(SearchQuery(text="Eingangszonenkonzept"))
    assert "Netzwerkfrage" in {f.value for f in response.facets["doc_type"]}


def test_kreisvergleich_shows_the_answer_under_its_district(fake_kb, people, thread) -> None:
    view = fake_kb.searching.acting(people["kusel"]).precedent_view("Vermieterbescheinigung Terminsteuerung",
                                                                    doc_type=["Netzwerkfrage"])
    found = {g.district: g.hit for g in view.found}
    assert found["Mayen-Koblenz"].title.startswith("So handhabt es Mayen-Koblenz")
    assert found["Mayen-Koblenz"].thread_url.startswith(f"/netzwerk/fragen/{thread[0]}#antwort-")


def test_edit_reindexes_and_withdraw_and_hide_remove(fake_kb, people, thread) -> None:
    qid, aid = thread
    fake_kb.network.acting(people["myk"]).edit("antwort", aid, "Jetzt mit Wohnungsgeberbestätigung vorab.")
    assert not hits(fake_kb, people["kusel"], "Vermieterbescheinigung")
    assert hits(fake_kb, people["kusel"], "Wohnungsgeberbestätigung")
    fake_kb.network.acting(people["myk"]).withdraw("antwort", aid)
    assert not hits(fake_kb, people["kusel"], "Wohnungsgeberbestätigung")
    fake_kb.network.acting(people["admin2"]).hide("frage", qid, "Doppelt gestellt")
    assert not hits(fake_kb, people["kusel"], "Eingangszonenkonzept")
    with fake_kb.sessions() as session:
        assert session.scalar(select(Document.id).where(Document.doc_type == "Netzwerkfrage")) is None
        assert session.get(Question, qid).document_id is None


def test_intern_question_is_not_found_by_other_districts(fake_kb, people) -> None:
    fake_kb.network.acting(people["myk"]).ask("Vertretungsregel", "Wie regeln wir die Urlaubsvertretungsliste?",
                                              visibility="intern")
    assert hits(fake_kb, people["myk2"], "Urlaubsvertretungsliste")
    assert not hits(fake_kb, people["kusel"], "Urlaubsvertretungsliste")
