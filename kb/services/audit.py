"""The audit log: every login, logout, upload, delete, metadata and visibility change,
re-ingest, user and token change, and every admin read of another district's internal document.

Entries are written through the caller's session, i.e. in the same transaction as the change
they record: a change without its entry (or an entry without its change) cannot be committed.
The table is only ever appended to.
"""

from __future__ import annotations

import json
from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kb.access import Principal
from kb.db.models import AuditEntry

ACTIONS = {
    "login": "Anmeldung", "login_failed": "Anmeldung fehlgeschlagen", "logout": "Abmeldung",
    "upload": "Hochladen", "delete": "Löschen", "reingest": "Neue Fassung eingelesen", "metadata": "Metadaten geändert",
    "replaces": "Als Ersatz eines Dokuments markiert",
    "visibility": "Sichtbarkeit geändert", "read_internal": "Internes Dokument eines anderen Kreises gelesen",
    "user_create": "Benutzer angelegt", "user_change": "Benutzer geändert", "password": "Passwort geändert",
    "token_create": "Token erstellt", "token_revoke": "Token widerrufen",
    "restore": "Sicherung wiederhergestellt", "radar_check": "Prüfliste: Eintrag markiert",
    "net_ask": "Netzwerk: Frage gestellt", "net_answer": "Netzwerk: Antwort gegeben",
       "net_edit": "Netzwerk: Beitrag bearbeitet", "net_withdraw": "Netzwerk: Beitrag zurückgezogen",
       "net_hide": "Netzwerk: Beitrag verborgen", "net_helpful": "Netzwerk: Antwort als hilfreich markiert",
    "group_join": "Arbeitsgruppe beigetreten", "group_leave": "Arbeitsgruppe verlassen",
       "contact_create": "Kontakt angelegt", "contact_change": "Kontakt geändert", "contact_delete": "Kontakt gelöscht",
}
PAGE = 50


def record(session: Session, actor: Principal | str, action: str, object_type: str | None = None,
           object_id: object = None, detail: dict | None = None, address: str | None = None) -> None:
    """Append one entry; `actor` is the principal, or a login name for a failed login."""
    if action not in ACTIONS:
        raise ValueError(f"Unbekannte Protokollaktion: {action}")
    user_id, login = (actor.user_id, actor.login) if isinstance(actor, Principal) else (None, str(actor)[:64])
    session.add(AuditEntry(user_id=user_id, login=login, action=action, object_type=object_type,
                           object_id=None if object_id is None else str(object_id)[:128],
                           detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True), address=address))


class AuditItem(BaseModel):
    id: int
    at: datetime
    login: str
    action: str
    label: str
    object_type: str | None
    object_id: str | None
    detail: dict
    address: str | None


class AuditPage(BaseModel):
    entries: list[AuditItem]
    total: int
    page: int = 1
    pages: int = 1
    login: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    actions: dict[str, str] = Field(default_factory=lambda: dict(ACTIONS))


def _item(row: AuditEntry) -> AuditItem:
    return AuditItem(id=row.id, at=row.at, login=row.login, action=row.action,
                     label=ACTIONS.get(row.action, row.action), object_type=row.object_type,
                     object_id=row.object_id, detail=json.loads(row.detail or "{}"), address=row.address)


class AuditLog:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def page(self, login: str | None = None, action: str | None = None, since: datetime | None = None,
             until: datetime | None = None, page: int = 1, size: int = PAGE) -> AuditPage:
        """Newest first, filtered by user, action and time span; `page` counts from 1."""
        stmt = select(AuditEntry)
        if login:
            stmt = stmt.where(AuditEntry.login == login.strip().lower())
        if action:
            stmt = stmt.where(AuditEntry.action == action)
        if since:
            stmt = stmt.where(AuditEntry.at >= since)
        if until:
            stmt = stmt.where(AuditEntry.at <= until)
        with self.sessions() as session:
            total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = session.scalars(stmt.order_by(AuditEntry.id.desc()).offset((page - 1) * size).limit(size)).all()
            return AuditPage(entries=[_item(r) for r in rows], total=total, page=page,
                             pages=max(1, -(-total // size)), login=login, action=action, since=since, until=until)
