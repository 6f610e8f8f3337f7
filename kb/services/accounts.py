"""Accounts: users with a district and a role, their passwords, web sessions and API tokens.

Passwords are hashed with Argon2id (argon2-cffi); nothing here ever stores or logs a password in
clear. Session ids and API tokens are random 256-bit secrets handed out once; only their SHA-256
is stored (a fast hash is right for high-entropy secrets, where a slow one only costs time on
every request). Every change is written to the audit log in the same transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from kb.access import ROLES, SYSTEM, Principal
from kb.db.models import ApiToken, User, WebSession
from kb.domain import DISTRICTS, NETWORK, IngestError, parse_district
from kb.services import audit

MIN_PASSWORD = 10
_HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown names (equal work, no user enumeration by timing);
    made on first use, because hashing costs a quarter second every command would pay at import."""
    return _HASHER.hash("kein-benutzer-mit-diesem-namen")


class AccountError(ValueError):
    """A refused account change, with a German message for the user."""


class UserInfo(BaseModel):
    id: int
    login: str
    display_name: str
    district: str
    role: str
    active: bool
    created_at: datetime
    last_login: datetime | None


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def principal_of(user: User) -> Principal:
    return Principal(user_id=user.id, login=user.login, district=user.district, role=user.role)  # type: ignore[arg-type]


def _info(user: User) -> UserInfo:
    return UserInfo(id=user.id, login=user.login, display_name=user.display_name, district=user.district,
                    role=user.role, active=user.active, created_at=user.created_at, last_login=user.last_login)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Das Passwort muss mindestens {MIN_PASSWORD} Zeichen lang sein.")


def require_admin(actor: Principal) -> None:
    """Users and tokens are managed by admins only (the local command line acts as one)."""
    if not actor.is_admin or actor.anonymous:
        raise AccountError("Benutzer und Tokens verwaltet nur die Verwaltung (Rolle admin).")


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"Unbekannte Rolle '{role}' (erlaubt: {', '.join(ROLES)})")
    return role


def user_district(value: str) -> str:
    """One of the eight districts, or `netzwerk` (stored as the network's name) for network staff."""
    if value.strip().lower() in ("netzwerk", NETWORK.lower()):
        return NETWORK
    try:
        district = parse_district(value)
    except IngestError as exc:
        raise AccountError(str(exc)) from exc
    if district not in DISTRICTS:
        raise AccountError(f"Unbekannter Kreis '{value}'")
    return district


class Accounts:
    """Users, their passwords and roles, web sessions and API tokens."""

    def __init__(self, sessions: sessionmaker[Session], idle_minutes: int = 60) -> None:
        self.sessions = sessions
        self.idle = timedelta(minutes=idle_minutes)

    # -- users ------------------------------------------------------------------------------------
    def add_user(self, actor: Principal, login: str, password: str, district: str, role: str,
                 display_name: str = "") -> UserInfo:
        require_admin(actor)
        login = login.strip().lower()
        if not login or len(login) > 64 or not login.replace(".", "").replace("-", "").replace("_", "").isalnum():
            raise AccountError("Anmeldename: 1–64 Buchstaben, Ziffern, Punkt, Binde- oder Unterstrich.")
        check_password(password)
        user = User(login=login, display_name=(display_name or login)[:200], district=user_district(district),
                    role=check_role(role), active=True, password_hash=_HASHER.hash(password))
        with self.sessions.begin() as session:
            if session.scalar(select(User.id).where(User.login == login)):
                raise AccountError(f"Benutzer '{login}' gibt es schon.")
            session.add(user)
            session.flush()
            audit.record(session, actor, "user_create", "user", login, {"district": user.district, "role": role})
            return _info(user)

    def users(self) -> list[UserInfo]:
        with self.sessions() as session:
            return [_info(u) for u in session.scalars(select(User).order_by(User.district, User.login))]

    def user(self, login: str) -> UserInfo | None:
        with self.sessions() as session:
            user = self._find(session, login)
            return _info(user) if user else None

    def principal(self, login: str) -> Principal | None:
        """The principal of an active user, for acting as them locally (`kb --as`)."""
        with self.sessions() as session:
            user = self._find(session, login)
            return principal_of(user) if user is not None and user.active else None

    def _find(self, session: Session, login: str) -> User | None:
        return session.scalar(select(User).where(User.login == login.strip().lower()))

    def _change(self, actor: Principal, login: str, action: str, detail: dict, apply) -> UserInfo:
        require_admin(actor)
        with self.sessions.begin() as session:
            user = self._find(session, login)
            if user is None:
                raise AccountError(f"Kein Benutzer '{login}'.")
            apply(session, user)
            audit.record(session, actor, action, "user", user.login, detail)
            return _info(user)

    def set_active(self, actor: Principal, login: str, active: bool) -> UserInfo:
        """Disabling also ends the user's sessions and stops their tokens (checked on use)."""
        def apply(session: Session, user: User) -> None:
            user.active = active
            if not active:
                session.execute(delete(WebSession).where(WebSession.user_id == user.id))
        return self._change(actor, login, "user_change", {"active": active}, apply)

    def set_role(self, actor: Principal, login: str, role: str) -> UserInfo:
        check_role(role)
        return self._change(actor, login, "user_change", {"role": role}, lambda _s, u: setattr(u, "role", role))

    def set_password(self, actor: Principal, login: str, password: str) -> UserInfo:
        """A new password ends every session of the user: whoever knew the old one is out."""
        check_password(password)

        def apply(session: Session, user: User) -> None:
            user.password_hash = _HASHER.hash(password)
            session.execute(delete(WebSession).where(WebSession.user_id == user.id))
        return self._change(actor, login, "password", {}, apply)

    def bootstrap_admin(self, password: str) -> UserInfo | None:
        """A fresh install's first admin from `KB_ADMIN_PASSWORD`: the account 'admin'
        (network), created only while no active admin exists. The password is no shared key
        afterwards: it is this account's password, changeable like any other."""
        with self.sessions() as session:
            if session.scalar(select(User.id).where(User.role == "admin", User.active.is_(True)).limit(1)):
                return None
        return self.add_user(SYSTEM, "admin", password, "netzwerk", "admin", "Verwaltung (Ersteinrichtung)")

    # -- signing in -------------------------------------------------------------------------------
    def authenticate(self, login: str, password: str, address: str | None = None) -> Principal | None:
        """The principal for a correct name and password of an active user, else None; both
        outcomes are audited, and an unknown name costs as much time as a wrong password."""
        with self.sessions.begin() as session:
            user = self._find(session, login)
            if user is None or not user.active or not _verify(user.password_hash, password):
                if user is None:
                    _verify(_dummy_hash(), password)
                audit.record(session, login.strip().lower() or "?", "login_failed", "user", None, {}, address)
                return None
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            user.last_login = datetime.now(UTC)
            principal = principal_of(user)
            audit.record(session, principal, "login", "user", user.login, {}, address)
            return principal

    def open_session(self, principal: Principal) -> str:
        """A new session id for the cookie (the table keeps only its hash)."""
        token = secrets.token_urlsafe(32)
        with self.sessions.begin() as session:
            session.add(WebSession(id_hash=secret_hash(token), user_id=principal.user_id))
        return token

    def session_principal(self, token: str) -> Principal | None:
        """The user of a live session; an idle one (past the timeout) is ended here."""
        now = datetime.now(UTC)
        with self.sessions.begin() as session:
            row = session.get(WebSession, secret_hash(token))
            if row is None:
                return None
            seen = row.last_seen if row.last_seen.tzinfo else row.last_seen.replace(tzinfo=UTC)
            if now - seen > self.idle or not row.user.active:
                session.delete(row)
                return None
            row.last_seen = now
            return principal_of(row.user)

    def close_session(self, token: str, principal: Principal, address: str | None = None) -> None:
        with self.sessions.begin() as session:
            session.execute(delete(WebSession).where(WebSession.id_hash == secret_hash(token)))
            audit.record(session, principal, "logout", "user", principal.login, {}, address)

    # -- API tokens -------------------------------------------------------------------------------
    def create_token(self, actor: Principal, login: str, name: str = "") -> tuple[int, str]:
        """(token id, token); the token is shown once and stored only as a hash."""
        require_admin(actor)
        token = "kbt_" + secrets.token_urlsafe(32)
        with self.sessions.begin() as session:
            user = self._find(session, login)
            if user is None:
                raise AccountError(f"Kein Benutzer '{login}'.")
            row = ApiToken(user_id=user.id, name=name[:200], token_hash=secret_hash(token))
            session.add(row)
            session.flush()
            audit.record(session, actor, "token_create", "token", row.id, {"user": user.login, "name": name[:200]})
            return row.id, token

    def revoke_token(self, actor: Principal, token_id: int) -> bool:
        require_admin(actor)
        with self.sessions.begin() as session:
            row = session.get(ApiToken, token_id)
            if row is None or row.revoked_at is not None:
                return False
            row.revoked_at = datetime.now(UTC)
            audit.record(session, actor, "token_revoke", "token", token_id, {"user": row.user.login})
            return True

    def tokens(self, login: str | None = None) -> list[dict]:
        stmt = select(ApiToken).join(User).order_by(ApiToken.id)
        if login:
            stmt = stmt.where(User.login == login.strip().lower())
        with self.sessions() as session:
            return [{"id": t.id, "user": t.user.login, "name": t.name, "created_at": t.created_at,
                     "last_used": t.last_used, "revoked": t.revoked_at is not None} for t in session.scalars(stmt)]

    def token_principal(self, token: str) -> Principal | None:
        with self.sessions.begin() as session:
            row = session.scalar(select(ApiToken).where(ApiToken.token_hash == secret_hash(token)))
            if row is None or row.revoked_at is not None or not row.user.active:
                return None
            row.last_used = datetime.now(UTC)
            return principal_of(row.user)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
