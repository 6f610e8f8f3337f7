"""Who is acting, and what they may see and change: the one place that decides.

Every service method that reads or writes documents receives a `Principal`; visibility is a
condition in the database query (`visible_documents`), applied before anything is ranked or
counted, so no template, route or count can show what the principal may not see.

- `netzwerk` documents are seen by every signed-in user (and by anonymous readers when
  `KB_ANONYMOUS_READ` is on); `intern` documents only by users of their own district, and by
  admins (whose reads of another district's internal documents are audited).
- `leser` reads; `redakteur` also uploads, edits, re-ingests and deletes documents of their own
  district; `admin` may do everything in every district, and manage users.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import ColumnElement, or_, true

from ingest.errors import IngestError
from kb.db.models import Document

Role = Literal["leser", "redakteur", "admin"]
ROLES: tuple[Role, ...] = ("leser", "redakteur", "admin")
NETZWERK, INTERN = "netzwerk", "intern"
VISIBILITIES = (NETZWERK, INTERN)


@dataclass(frozen=True)
class Principal:
    """The acting user as the core sees them: id, login, district, role."""

    user_id: int | None
    login: str
    district: str | None  # one of the eight districts, NETWORK for network staff, None: no district
    role: Role
    anonymous: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def sees_all(self) -> bool:
        return self.is_admin

    @property
    def has_account(self) -> bool:
        """A signed-in account acts (not an anonymous reader, not the system)."""
        return not self.anonymous and self.user_id is not None

    def account_id(self, refusal: str) -> int:
        """The id of the signed-in account acting; `AccessDenied(refusal)` for anonymous readers
        and for the system (what is personal — follows, feed keys — needs an account)."""
        if not self.has_account:
            raise AccessDenied(refusal)
        return self.user_id

    def can_see(self, district: str | None, visibility: str) -> bool:
        if visibility == NETZWERK or self.sees_all():
            return True
        return not self.anonymous and district is not None and district == self.district

    def scope(self) -> tuple[str, str | None]:
        """What decides this principal's view: equal scopes see the same documents."""
        if self.sees_all():
            return ("all", None)
        return ("anonymous", None) if self.anonymous else ("district", self.district)

    def can_edit(self, district: str | None) -> bool:
        """Upload, edit, re-ingest, delete: a redakteur within their own district."""
        if self.anonymous:
            return False
        return self.is_admin or (self.role == "redakteur" and district is not None and district == self.district)


class AccessDenied(PermissionError):
    """The principal may see the object but not change it (a 403, not a 404)."""


def document_visibility(stated: str | None, district: str | None, default: str) -> str:
    """A new document's visibility: as stated, else the configured default; a document without
    a district (a law, a federal instruction, a court decision) belongs to everyone and is
    always `netzwerk` — an internal one would be visible to nobody but admins."""
    if district is None:
        if stated == INTERN:
            raise IngestError("Ein Dokument ohne Kreis (Gesetz, Bundesweisung, Urteil) ist immer für das "
                              "ganze Netzwerk sichtbar; 'intern' geht nur mit Kreis.")
        return NETZWERK
    return stated or default


def check_edit(principal: Principal, district: str | None) -> None:
    if not principal.can_edit(district):
        where = district or "ohne Kreis"
        raise AccessDenied(f"Keine Berechtigung: Dokumente ({where}) dürfen nur Redakteure des eigenen "
                           "Kreises und die Verwaltung ändern.")


SYSTEM = Principal(user_id=None, login="system", district=None, role="admin")
"""The local command line without `--as`: full rights, as whoever runs it owns the data directory."""
ANONYMOUS = Principal(user_id=None, login="anonym", district=None, role="leser", anonymous=True)


EVERYTHING: ColumnElement[bool] = true()
"""The condition that restricts nothing (what `visible_documents` is for those who see all)."""


def visible_documents(principal: Principal) -> ColumnElement[bool]:
    """SQL condition on `Document`: the documents this principal may see."""
    if principal.sees_all():
        return EVERYTHING
    if principal.anonymous or principal.district is None:
        return Document.visibility == NETZWERK
    return or_(Document.visibility == NETZWERK, Document.district == principal.district)


class Acting:
    """A service bound to the acting user. `acting(principal)` returns a copy bound to another
    one; routes only ever use such copies, so every read goes through the principal's filter.
    Unbound services act as `SYSTEM` (the local command line, which owns the data directory)."""

    principal: Principal = SYSTEM

    def acting(self, principal: Principal):
        bound = copy.copy(self)
        bound.principal = principal
        return bound
