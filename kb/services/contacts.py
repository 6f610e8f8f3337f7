"""The contact directory: who in which district is the contact for which topic.

Only function mailboxes and work contacts belong here, never private data: an address at a
private mail provider (`KB_CONTACT_PRIVATE_DOMAINS`) is refused with a German message. Every
signed-in user reads the directory; a district's redakteure change its entries (own district
only), admins all; each change is audited in the same transaction.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ingest.errors import IngestError
from ingest.legal import DISTRICTS, NETWORK, parse_district
from kb.access import AccessDenied, Acting, Principal
from kb.db.models import utcnow
from kb.db.network_models import Contact, WorkingGroup
from kb.network_config import NetworkSettings
from kb.services import audit
from kb.services.group_schemas import ContactIn, ContactList, ContactOut

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})")
_PHONE = re.compile(r"\+?[0-9][0-9 ()/.\-]{2,40}")


def check_email(email: str, private: frozenset[str]) -> str:
    """A work address, lower-cased; a private provider's (also a subdomain of one) is refused."""
    email = email.strip()
    if not email:
        return ""
    match = _EMAIL.fullmatch(email)
    if match is None:
        raise IngestError(f"„{email[:80]}“ ist keine gültige E-Mail-Adresse.")
    domain = match[1].lower()
    if any(domain == d or domain.endswith("." + d) for d in private):
        raise IngestError(f"Private E-Mail-Adressen ({domain}) gehören nicht ins Kontaktverzeichnis: bitte ein "
                          "Funktionspostfach oder die dienstliche Adresse angeben.")
    return email.lower()


def check_phone(phone: str) -> str:
    phone = " ".join(phone.split())
    if phone and (not _PHONE.fullmatch(phone) or sum(c.isdigit() for c in phone) < 5):
        raise IngestError(f"„{phone[:40]}“ ist keine Telefonnummer (Ziffern, Leerzeichen, + / - ( )).")
    return phone


def check_contact_edit(principal: Principal, district: str) -> None:
    if not principal.can_edit(district):
        raise AccessDenied(f"Keine Berechtigung: Kontakte von {district} ändern nur Redakteure dieses Kreises "
                           "und die Verwaltung.")


def _out(row: Contact, group: str | None, editable: bool) -> ContactOut:
    return ContactOut(id=row.id, district=row.district, topic=row.topic, name=row.name, email=row.email,
                      phone=row.phone, working_group=group, updated_by=row.updated_by, updated_at=row.updated_at,
                      editable=editable)


class Contacts(Acting):
    """The directory, read by every signed-in user, changed by the district's editors."""

    def __init__(self, settings: NetworkSettings, sessions: sessionmaker[Session]) -> None:
        self.settings = settings
        self.sessions = sessions

    def list(self, district: str | None = None) -> ContactList:
        self._signed_in()
        stmt = select(Contact, WorkingGroup.slug).outerjoin(WorkingGroup, Contact.working_group_id == WorkingGroup.id)
        if district:
            stmt = stmt.where(Contact.district == parse_district(district))
        stmt = stmt.order_by(Contact.district, Contact.topic, Contact.id).limit(self.settings.contacts_limit)
        with self.sessions() as session:
            rows = [_out(c, slug, self.principal.can_edit(c.district)) for c, slug in session.execute(stmt)]
        return ContactList(contacts=rows, districts=[d for d in (*DISTRICTS, NETWORK) if self.principal.can_edit(d)])

    def create(self, data: ContactIn) -> ContactOut:
        with self.sessions.begin() as session:
            row = Contact()
            slug = self._apply(session, row, data)
            session.add(row)
            session.flush()
            audit.record(session, self.principal, "contact_create", "contact", row.id, self._detail(row))
            return _out(row, slug, True)

    def update(self, contact_id: int, data: ContactIn) -> ContactOut | None:
        """None: no such entry. Moving an entry needs the right to edit both districts."""
        with self.sessions.begin() as session:
            row = session.get(Contact, contact_id)
            if row is None:
                return None
            check_contact_edit(self.principal, row.district)
            before = self._detail(row)
            slug = self._apply(session, row, data)
            audit.record(session, self.principal, "contact_change", "contact", row.id,
                         {"vorher": before, "nachher": self._detail(row)})
            return _out(row, slug, True)

    def delete(self, contact_id: int) -> bool:
        with self.sessions.begin() as session:
            row = session.get(Contact, contact_id)
            if row is None:
                return False
            check_contact_edit(self.principal, row.district)
            audit.record(session, self.principal, "contact_delete", "contact", row.id, self._detail(row))
            session.delete(row)
            return True

    def _signed_in(self) -> None:
        if self.principal.anonymous:
            raise AccessDenied("Das Kontaktverzeichnis ist nur angemeldet lesbar.")

    def _apply(self, session: Session, row: Contact, data: ContactIn) -> str | None:
        """Check everything before changing anything: a refused entry leaves the row as it was."""
        district = parse_district(data.district) if data.district else self.principal.district
        if not district:
            raise IngestError("Bitte einen Kreis angeben.")
        check_contact_edit(self.principal, district)
        email = check_email(data.email, self.settings.private_domains)
        phone = check_phone(data.phone)
        if not (data.topic.strip() and data.name.strip()):
            raise IngestError("Bitte Thema und Name (Funktion oder Team) angeben.")
        if not (email or phone):
            raise IngestError("Bitte eine dienstliche E-Mail-Adresse oder Telefonnummer angeben.")
        group_id, slug = self._group(session, data.working_group)
        row.district, row.topic, row.name = district, data.topic.strip(), data.name.strip()
        row.email, row.phone, row.working_group_id = email, phone, group_id
        row.updated_by, row.updated_at = self.principal.login, utcnow()
        return slug

    @staticmethod
    def _group(session: Session, slug: str | None) -> tuple[int | None, str | None]:
        if not slug:
            return None, None
        group_id = session.scalar(select(WorkingGroup.id).where(WorkingGroup.slug == slug, WorkingGroup.active))
        if group_id is None:
            raise IngestError(f"Unbekannte Arbeitsgruppe '{slug}'.")
        return group_id, slug

    @staticmethod
    def _detail(row: Contact) -> dict:
        return {"district": row.district, "topic": row.topic, "name": row.name, "email": row.email,
                "phone": row.phone}
