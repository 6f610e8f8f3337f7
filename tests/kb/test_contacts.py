"""The contact directory on SQLite and PostgreSQL: work contacts only (private mail providers
refused), changed by the district's redakteure and admins, every change audited, read by all
signed-in users."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ingest.errors import IngestError
from kb.access import ANONYMOUS, SYSTEM, AccessDenied
from kb.db.models import AuditEntry
from kb.services.contacts import check_email
from kb.services.group_schemas import ContactIn

PASSWORD = "geheim-genug-123"
WORK = ContactIn(topic="Bildung und Teilhabe", name="Team BuT", email="but@kv-kus.de", phone="06381 424-0")


@pytest.fixture
def people(fake_kb):
    for login, district, role in (("kusel.redakteur", "Kusel", "redakteur"), ("kusel.leser", "Kusel", "leser"),
                                  ("saarlouis.redakteur", "Saarlouis", "redakteur"),
                                  ("netz.admin", "Südwestoption", "admin")):
        fake_kb.accounts.add_user(SYSTEM, login, PASSWORD, district, role)
    return lambda login: fake_kb.contacts.acting(fake_kb.accounts.principal(login))


def _audits(kb) -> int:
    with kb.sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like("contact%")))


@pytest.mark.parametrize("email", ["max.muster@gmail.com", "Team.BuT@GMX.de", "x@web.de", "a@mail.t-online.de",
                                   "b@googlemail.com"])
def test_private_mail_providers_are_refused_in_german_and_nothing_is_stored(fake_kb, people, email):
    with pytest.raises(IngestError, match=r"Private E-Mail-Adressen .* Funktionspostfach"):
        people("kusel.redakteur").create(WORK.model_copy(update={"email": email}))
    assert people("kusel.leser").list().contacts == [] and _audits(fake_kb) == 0


@pytest.mark.parametrize("email", ["jobcenter@kreis-kusel.de", "but@kv-kus.de", "leistung@webde.example.org",
                                   "poststelle@gmx-kreis.de"])
def test_work_addresses_pass(email, settings):
    assert check_email(email, settings.network.private_domains) == email


@pytest.mark.parametrize(("change", "message"), [
    ({"email": "kein-at-zeichen"}, "keine gültige E-Mail"), ({"phone": "ruf an"}, "keine Telefonnummer"),
    ({"email": "", "phone": ""}, "E-Mail-Adresse oder Telefonnummer"), ({"topic": "  "}, "Thema"),
    ({"working_group": "wohnen"}, "Unbekannte Arbeitsgruppe"), ({"district": "Atlantis"}, "Unbekannter Kreis")])
def test_bad_entries_are_refused_with_a_reason(people, change, message):
    with pytest.raises(IngestError, match=message):
        people("kusel.redakteur").create(WORK.model_copy(update=change))


def test_a_redakteur_keeps_the_own_district_and_every_change_is_audited(fake_kb, people):
    editor = people("kusel.redakteur")
    made = editor.create(WORK.model_copy(update={"working_group": "leistung"}))
    assert (made.district, made.working_group, made.updated_by) == ("Kusel", "leistung", "kusel.redakteur")
    changed = editor.update(made.id, WORK.model_copy(update={"name": "Team Bildung und Teilhabe"}))
    assert changed.name == "Team Bildung und Teilhabe" and changed.working_group is None
    listed = people("kusel.leser").list()
    assert [(c.name, c.editable) for c in listed.contacts] == [("Team Bildung und Teilhabe", False)]
    assert listed.districts == [] and editor.list().districts == ["Kusel"]
    assert editor.delete(made.id) is True and editor.list().contacts == []
    entries = [(e.login, e.action) for e in fake_kb.audit.page().entries if e.action.startswith("contact")]
    assert entries == [("kusel.redakteur", "contact_delete"), ("kusel.redakteur", "contact_change"),
                       ("kusel.redakteur", "contact_create")]
    change = next(e for e in fake_kb.audit.page().entries if e.action == "contact_change")
    assert change.detail["vorher"]["name"] == "Team BuT"


def test_other_districts_readers_and_anonymous_may_not_change_entries(fake_kb, people):
    made = people("kusel.redakteur").create(WORK)
    other = people("saarlouis.redakteur")
    with pytest.raises(AccessDenied, match="Kusel"):
        other.create(WORK.model_copy(update={"district": "Kusel"}))
    with pytest.raises(AccessDenied):
        other.update(made.id, WORK.model_copy(update={"district": "Saarlouis"}))
    with pytest.raises(AccessDenied):
        other.delete(made.id)
    with pytest.raises(AccessDenied):
        people("kusel.leser").create(WORK)
    with pytest.raises(AccessDenied):
        people("kusel.redakteur").update(made.id, WORK.model_copy(update={"district": "Saarlouis"}))
    with pytest.raises(AccessDenied, match="angemeldet"):
        fake_kb.contacts.acting(ANONYMOUS).list()
    assert [(c.district, c.name) for c in other.list().contacts] == [("Kusel", "Team BuT")]
    assert _audits(fake_kb) == 1
    admin = people("netz.admin")
    moved = admin.update(made.id, WORK.model_copy(update={"district": "Saarlouis"}))
    assert moved.district == "Saarlouis" and other.list(district="Saarlouis").contacts[0].editable
