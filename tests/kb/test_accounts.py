"""Accounts in the core: hashed passwords, audited logins, sessions that end, revocable tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from kb.access import ANONYMOUS, SYSTEM, Principal, visible_documents
from kb.db.models import AuditEntry, Document, WebSession
from kb.services.accounts import AccountError, Accounts, secret_hash
from kb.services.knowledge_base import KnowledgeBase

PASSWORT = "geheim-und-lang-genug"


@pytest.fixture
def kb(fake_kb) -> KnowledgeBase:
    return fake_kb


@pytest.fixture
def accounts(kb) -> Accounts:
    kb.accounts.add_user(SYSTEM, "Anna.Kusel", PASSWORT, "kusel", "redakteur", "Anna K.")
    return kb.accounts


def actions(kb) -> list[tuple[str, str]]:
    with kb.sessions() as s:
        return [(e.login, e.action) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_user_has_canonical_name_district_and_role(accounts):
    user = accounts.user("anna.kusel")
    assert (user.login, user.district, user.role, user.active) == ("anna.kusel", "Kusel", "redakteur", True)
    assert accounts.user("netz") is None


@pytest.mark.parametrize("login,password,district,role,message", [
    ("x", "kurz", "Kusel", "leser", "mindestens"),
    ("x", PASSWORT, "Atlantis", "leser", "Kreis"),
    ("x", PASSWORT, "Kusel", "chef", "Rolle"),
    ("a b", PASSWORT, "Kusel", "leser", "Anmeldename"),
    ("anna.kusel", PASSWORT, "Kusel", "leser", "gibt es schon"),
])
def test_bad_accounts_are_refused_in_german(accounts, login, password, district, role, message):
    with pytest.raises(AccountError, match=message):
        accounts.add_user(SYSTEM, login, password, district, role)


def test_network_staff_belong_to_the_network(kb):
    user = kb.accounts.add_user(SYSTEM, "netz", PASSWORT, "netzwerk", "leser")
    assert user.district == "Südwestoption"


def test_login_succeeds_only_with_the_right_password_and_both_are_audited(kb, accounts):
    principal = accounts.authenticate("ANNA.KUSEL", PASSWORT, "127.0.0.1")
    assert principal == Principal(principal.user_id, "anna.kusel", "Kusel", "redakteur")
    assert accounts.authenticate("anna.kusel", "falsch-falsch-falsch") is None
    assert accounts.authenticate("niemand", PASSWORT) is None
    assert actions(kb)[-3:] == [("anna.kusel", "login"), ("anna.kusel", "login_failed"), ("niemand", "login_failed")]
    assert accounts.user("anna.kusel").last_login is not None


def test_disabled_user_cannot_log_in_and_loses_sessions_and_tokens(accounts):
    principal = accounts.authenticate("anna.kusel", PASSWORT)
    cookie = accounts.open_session(principal)
    _, token = accounts.create_token(SYSTEM, "anna.kusel")
    accounts.set_active(SYSTEM, "anna.kusel", False)
    assert accounts.authenticate("anna.kusel", PASSWORT) is None
    assert accounts.session_principal(cookie) is None
    assert accounts.token_principal(token) is None


def test_session_ends_at_logout_idle_timeout_and_password_change(kb, accounts):
    principal = accounts.authenticate("anna.kusel", PASSWORT)
    cookie = accounts.open_session(principal)
    assert accounts.session_principal(cookie) == principal
    accounts.close_session(cookie, principal)
    assert accounts.session_principal(cookie) is None  # a copied cookie is worthless afterwards
    idle = accounts.open_session(principal)
    with kb.sessions.begin() as s:
        s.get(WebSession, secret_hash(idle)).last_seen = datetime.now(UTC) - timedelta(minutes=61)
    assert accounts.session_principal(idle) is None
    fresh = accounts.open_session(principal)
    accounts.set_password(SYSTEM, "anna.kusel", "ein-ganz-neues-passwort")
    assert accounts.session_principal(fresh) is None
    assert accounts.authenticate("anna.kusel", "ein-ganz-neues-passwort") is not None


def test_tokens_work_until_revoked_and_are_stored_only_as_hashes(kb, accounts, settings):
    token_id, token = accounts.create_token(SYSTEM, "anna.kusel", "Skript")
    assert accounts.token_principal(token).login == "anna.kusel"
    assert accounts.token_principal(token + "x") is None
    assert accounts.revoke_token(SYSTEM, token_id) and not accounts.revoke_token(SYSTEM, token_id)
    assert accounts.token_principal(token) is None
    assert [t["revoked"] for t in accounts.tokens("anna.kusel")] == [True]
    assert ("system", "token_revoke") in actions(kb)


def test_no_password_or_secret_is_stored_in_clear(kb, accounts, settings):
    if settings.storage.database_url:
        pytest.skip("greps the SQLite file")
    principal = accounts.authenticate("anna.kusel", PASSWORT)
    cookie = accounts.open_session(principal)
    _, token = accounts.create_token(SYSTEM, "anna.kusel")
    kb.close()
    raw = b"".join(p.read_bytes() for p in settings.storage.resolved_data_dir.glob("kb.sqlite3*"))
    for secret in (PASSWORT, cookie, token):
        assert secret.encode() not in raw
    assert b"$argon2id$" in raw


def test_audit_log_pages_newest_first_and_filters(kb, accounts):
    for _ in range(3):
        accounts.authenticate("anna.kusel", "falsch-falsch-falsch")
    page = kb.audit.page(login="anna.kusel", action="login_failed", size=2)
    assert page.total == 3 and page.pages == 2 and len(page.entries) == 2
    assert page.entries[0].id > page.entries[1].id and page.entries[0].label == "Anmeldung fehlgeschlagen"
    assert kb.audit.page(action="user_create").entries[0].object_id == "anna.kusel"


def test_visibility_rule_in_sql_and_in_python_agree(kb):
    """netzwerk for everyone; intern for its own district and admins; anonymous sees netzwerk only."""
    with kb.sessions.begin() as s:
        for i, (district, visibility) in enumerate([("Kusel", "intern"), ("Kusel", "netzwerk"),
                                                    ("Saarlouis", "intern"), (None, "netzwerk")]):
            s.add(Document(source_key=f"k{i}", source_name=f"d{i}", content_hash=f"h{i}", stored_file="-",
                           format="txt", title=f"d{i}", district=district, doc_type="Sonstiges",
                           visibility=visibility))
    kusel = Principal(1, "a", "Kusel", "leser")
    admin = Principal(2, "b", "Saarlouis", "admin")
    expected = {kusel: {"d0", "d1", "d3"}, admin: {"d0", "d1", "d2", "d3"}, ANONYMOUS: {"d1", "d3"}}
    with kb.sessions() as s:
        docs = s.scalars(select(Document)).all()
        for principal, names in expected.items():
            in_sql = set(s.scalars(select(Document.source_name).where(visible_documents(principal))))
            in_python = {d.source_name for d in docs if principal.can_see(d.district, d.visibility)}
            assert in_sql == in_python == names
    assert Principal(3, "c", "Kusel", "redakteur").can_edit("Kusel")
    assert not Principal(3, "c", "Kusel", "redakteur").can_edit("Saarlouis")
    assert not kusel.can_edit("Kusel") and admin.can_edit("Kusel") and not ANONYMOUS.can_edit(None)
