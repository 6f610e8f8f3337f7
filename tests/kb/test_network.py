"""The network's questions and answers as the services decide them, on SQLite and PostgreSQL:
who may write what, the client-data refusal, the edit history, the audit trail, the norm and
document links, and the lists of open questions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kb.access import ANONYMOUS, SYSTEM, AccessDenied
from kb.db.models import AuditEntry
from kb.db.network_models import PostLink, Question, WorkingGroup
from kb.services.network import NetworkError

PASSWORD = "geheim-passwort-1"
USERS = {"kusel": ("Kusel", "leser"), "myk": ("Mayen-Koblenz", "redakteur"), "myk2": ("Mayen-Koblenz", "leser"),
         "admin2": ("Südwestoption", "admin")}


@pytest.fixture
def people(fake_kb):
    for login, (district, role) in USERS.items():
        fake_kb.accounts.add_user(SYSTEM, login, PASSWORD, district, role)
    return {login: fake_kb.accounts.principal(login) for login in USERS}


def net(kb, principal):
    return kb.network.acting(principal)


def reads(kb, principal):
    return kb.network_reads.acting(principal)


def audited(kb, action: str) -> list[AuditEntry]:
    with kb.sessions() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_ask_and_answer_with_labels_links_and_audit(fake_kb, people) -> None:
    qid = net(fake_kb, people["kusel"]).ask("Mietobergrenze bei Umzug", "Gilt § 22 Abs. 1 Satz 2 SGB II auch "
                                            "beim Umzug innerhalb des Kreises?", norms="§ 35 SGB XII")
    aid = net(fake_kb, people["myk"]).answer(qid, "Wir wenden § 22 Abs. 1 SGB II an und prüfen die Erforderlichkeit.")
    thread = reads(fake_kb, people["myk2"]).thread(qid)
    assert thread.question.label == "Frage aus Kusel"
    assert thread.answers[0].id == aid and thread.answers[0].label == "So handhabt es Mayen-Koblenz"
    assert thread.question.norms == ["SGB XII § 35", "SGB II § 22"]
    assert thread.answers[0].norms == ["SGB II § 22"]
    assert [e.object_id for e in audited(fake_kb, "net_ask")] == [str(qid)]
    assert audited(fake_kb, "net_answer")[0].login == "myk"
    assert [q.id for q in reads(fake_kb, people["myk"]).about_norm("SGB II § 22")] == [qid]


def test_client_data_is_refused_and_nothing_stored(fake_kb, people) -> None:
    with pytest.raises(NetworkError, match="Sozialdaten") as refused:
        net(fake_kb, people["kusel"]).ask("Frage zur BG", "Die BG-Nr. 12345BG0012345 hat Mietschulden.")
    assert "BG-Nummer" in str(refused.value)
    qid = net(fake_kb, people["kusel"]).ask("Mietschulden", "Übernehmen wir Mietschulden nach § 22 Abs. 8 SGB II?")
    with pytest.raises(NetworkError, match="IBAN"):
        net(fake_kb, people["myk"]).answer(qid, "Direkt auf DE89 3704 0044 0532 0130 00 überweisen.")
    with fake_kb.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Question)) == 1
        assert not session.get(Question, qid).answers
    assert len(audited(fake_kb, "net_ask")) == 1 and not audited(fake_kb, "net_answer")


def test_bad_input_is_refused_in_german(fake_kb, people) -> None:
    kusel = net(fake_kb, people["kusel"])
    with pytest.raises(NetworkError, match="Titel"):
        kusel.ask("  ", "Text")
    with pytest.raises(NetworkError, match="zu lang"):
        kusel.ask("Titel", "x" * (fake_kb.settings.network_posts.network_body_max_chars + 1))
    with pytest.raises(NetworkError, match="nicht erkannt"):
        kusel.ask("Titel", "Text", norms="irgendwas")
    with pytest.raises(NetworkError, match="Dokument 999"):
        kusel.ask("Titel", "Text", documents=[999])
    with pytest.raises(NetworkError, match="Kreis"):
        kusel.ask("Titel", "Text", addressed=["Atlantis"])


def test_anonymous_cannot_write(fake_kb, people) -> None:
    with pytest.raises(AccessDenied):
        net(fake_kb, ANONYMOUS).ask("Titel", "Text")


def test_edit_keeps_history_and_only_the_author_edits(fake_kb, people) -> None:
    qid = net(fake_kb, people["kusel"]).ask("Erste Fassung", "Wie rechnet ihr das Kindergeld an?")
    with pytest.raises(AccessDenied):
        net(fake_kb, people["myk"]).edit("frage", qid, "Fremder Text", title="Fremd")
    with pytest.raises(AccessDenied):
        net(fake_kb, people["admin2"]).edit("frage", qid, "Admin-Text", title="Admin")
    assert net(fake_kb, people["kusel"]).edit("frage", qid, "Wie rechnet ihr Kindergeld volljähriger Kinder an?",
                                              title="Zweite Fassung", norms="§ 11 SGB II")
    thread = reads(fake_kb, people["myk"]).thread(qid)
    assert thread.title == "Zweite Fassung" and thread.question.edited and thread.question.norms == ["SGB II § 11"]
    history = reads(fake_kb, people["myk"]).revisions("frage", qid)
    assert [(r.title, r.body, r.edited_by) for r in history] == [
        ("Erste Fassung", "Wie rechnet ihr das Kindergeld an?", "kusel")]
    assert len(audited(fake_kb, "net_edit")) == 1


def test_withdraw_by_author_and_hide_by_admin_with_reason(fake_kb, people) -> None:
    qid = net(fake_kb, people["kusel"]).ask("Frage", "Wie handhabt ihr Direktzahlungen an Vermieter?")
    aid = net(fake_kb, people["myk"]).answer(qid, "Nur mit Zustimmung der leistungsberechtigten Person.")
    with pytest.raises(AccessDenied):
        net(fake_kb, people["kusel"]).withdraw("antwort", aid)
    with pytest.raises(AccessDenied):
        net(fake_kb, people["myk"]).hide("antwort", aid, "Grund")
    with pytest.raises(NetworkError, match="Grund"):
        net(fake_kb, people["admin2"]).hide("antwort", aid, " ")
    assert net(fake_kb, people["admin2"]).hide("antwort", aid, "Enthielt einen Namen")
    shown = reads(fake_kb, people["kusel"]).thread(qid).answers[0]
    assert shown.status == "verborgen" and shown.body == "" and shown.hidden_reason == "Enthielt einen Namen"
    assert reads(fake_kb, people["myk"]).thread(qid).answers[0].body  # the author still reads it
    assert net(fake_kb, people["kusel"]).withdraw("frage", qid)
    with pytest.raises(NetworkError, match="zurückgezogen"):
        net(fake_kb, people["myk"]).answer(qid, "Noch eine Antwort")
    assert reads(fake_kb, people["myk"]).questions() == []
    assert {e.action for e in audited(fake_kb, "net_hide") + audited(fake_kb, "net_withdraw")} == {
        "net_hide", "net_withdraw"}


def test_only_the_asker_marks_helpful(fake_kb, people) -> None:
    qid = net(fake_kb, people["kusel"]).ask("Frage", "Wie lange dauert bei euch die Bearbeitung?")
    aid = net(fake_kb, people["myk"]).answer(qid, "Etwa drei Wochen.")
    assert reads(fake_kb, people["myk"]).thread(qid).answers[0].can_mark_helpful is False
    with pytest.raises(AccessDenied):
        net(fake_kb, people["myk"]).mark_helpful(aid)
    assert reads(fake_kb, people["kusel"]).thread(qid).answers[0].can_mark_helpful
    assert net(fake_kb, people["kusel"]).mark_helpful(aid)
    assert reads(fake_kb, people["myk2"]).thread(qid).answers[0].helpful
    assert audited(fake_kb, "net_helpful")[0].login == "kusel"


def test_intern_question_stays_in_its_district(fake_kb, people) -> None:
    qid = net(fake_kb, people["myk"]).ask("Interne Frage", "Wie verteilen wir die Vertretung?", visibility="intern")
    assert reads(fake_kb, people["myk2"]).thread(qid) is not None
    assert reads(fake_kb, people["kusel"]).thread(qid) is None
    assert reads(fake_kb, ANONYMOUS).thread(qid) is None
    assert reads(fake_kb, people["admin2"]).thread(qid) is not None
    assert net(fake_kb, people["kusel"]).answer(qid, "Ich sehe die Frage gar nicht.") is None
    assert [q.id for q in reads(fake_kb, people["kusel"]).questions()] == []
    assert [q.id for q in reads(fake_kb, people["myk2"]).questions()] == [qid]


def test_open_questions_per_district_and_working_group(fake_kb, people) -> None:
    with fake_kb.sessions.begin() as session:
        session.add(WorkingGroup(slug="ag-leistung", name="AG Leistung"))
    with fake_kb.sessions() as session:
        group = session.scalar(select(WorkingGroup.id))
    kusel = net(fake_kb, people["kusel"])
    answered = kusel.ask("Beantwortet", "Wie hoch ist eure Pauschale?")
    to_myk = kusel.ask("An Mayen-Koblenz", "Wie organisiert ihr die Eingangszone?", addressed=["Mayen-Koblenz"])
    in_group = kusel.ask("An die AG", "Gibt es eine Arbeitshilfe zur Heizkostenprüfung?", working_group_id=group)
    net(fake_kb, people["myk"]).answer(answered, "120 € je Jahr.")
    reader = reads(fake_kb, people["myk"])
    assert [q.id for q in reader.open_questions()] == [in_group, to_myk]
    assert [q.id for q in reader.open_questions(district="Mayen-Koblenz")] == [to_myk]
    assert [q.id for q in reader.open_questions(group_id=group)] == [in_group]
    assert {q.id: q.answers for q in reader.questions()}[answered] == 1
    with pytest.raises(NetworkError, match="Arbeitsgruppe"):
        kusel.ask("Titel", "Text", working_group_id=group + 100)


def test_document_links_list_the_question_on_the_document(fake_kb, people, tmp_path) -> None:
    note = tmp_path / "rundschreiben.md"
    note.write_text("# Rundschreiben 4/2026\n\nBildung und Teilhabe: Schulbedarf nach § 28 SGB II.\n",
                    encoding="utf-8")
    doc_id = fake_kb.ingesting.ingest([note]).files[0].document_id
    qid = net(fake_kb, people["kusel"]).ask("Schulbedarf", "Wie zahlt ihr den Schulbedarf aus?")
    aid = net(fake_kb, people["myk"]).answer(qid, "Wie im Rundschreiben beschrieben.", documents=[doc_id])
    assert reads(fake_kb, people["kusel"]).thread(qid).answers[0].document_ids == [doc_id]
    assert [q.id for q in reads(fake_kb, people["kusel"]).citing_document(doc_id)] == [qid]
    with fake_kb.sessions() as session:
        assert session.scalar(select(PostLink.answer_id).where(PostLink.document_id == doc_id)) == aid
