"""The contact directory: `/netzwerk/kontakte` (list, and for a district's editors the form to
add, change and delete its entries) and `GET /api/contacts`.

Readable by every signed-in user; what may be changed, and which addresses are refused (private
mail providers), is decided in `kb.services.contacts`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from kb.domain import DISTRICTS, NETWORK, IngestError
from kb.services.api_types import RowId
from kb.services.contacts import Contacts
from kb.services.group_schemas import ContactIn, ContactList
from webui.flash import flash, pop_flash
from webui.routes.groups import SignedIn
from webui.security import check_csrf

router = APIRouter()
District = Annotated[str, Query(max_length=128)]


def _contacts(request: Request, principal: SignedIn) -> Contacts:
    return request.app.state.kb.contacts.acting(principal)


Directory = Annotated[Contacts, Depends(_contacts)]


def contact_form(topic: Annotated[str, Form(max_length=200)] = "", name: Annotated[str, Form(max_length=200)] = "",
                 email: Annotated[str, Form(max_length=254)] = "", phone: Annotated[str, Form(max_length=64)] = "",
                 district: Annotated[str, Form(max_length=128)] = "",
                 working_group: Annotated[str, Form(max_length=64)] = "") -> dict[str, str]:
    """The form's fields as typed, so a refused entry is shown again for correction."""
    return {"topic": topic, "name": name, "email": email, "phone": phone, "district": district,
            "working_group": working_group}


Entry = Annotated[dict[str, str], Depends(contact_form)]


def _listing(contacts: Contacts, district: str) -> ContactList:
    try:
        return contacts.list(district.strip() or None)
    except IngestError as exc:  # an unknown district in the filter
        raise HTTPException(422, str(exc)) from exc


@router.get("/api/contacts", response_model=ContactList, tags=["Netzwerk"],
            summary="Kontaktverzeichnis: wer in welchem Kreis Ansprechpartner für welches Thema ist")
def api_contacts(contacts: Directory, district: District = "") -> ContactList:
    return _listing(contacts, district)


def _render(request: Request, contacts: Contacts, district: str = "", status_code: int = 200, **extra):
    listing = _listing(contacts, district)
    return request.app.state.templates.TemplateResponse(request, "contacts.html", {
        "listing": listing, "district": district, "districts_all": [*DISTRICTS, NETWORK],
        "groups": request.app.state.kb.groups.list(), "flash": pop_flash(request), "nav": "netzwerk",
        "subnav": "kontakte", **extra}, status_code=status_code)


@router.get("/netzwerk/kontakte", response_class=HTMLResponse, include_in_schema=False)
def contacts_page(request: Request, contacts: Directory, district: District = "",
                  bearbeiten: Annotated[RowId | None, Query()] = None):
    editing = next((c for c in _listing(contacts, "").contacts if c.id == bearbeiten and c.editable), None)
    return _render(request, contacts, district, entry=editing.model_dump() if editing else {}, editing=editing)


def _save(request: Request, contacts: Contacts, entry: dict[str, str], contact_id: int | None):
    """Create or change; a refused entry comes back with its reason and what was typed (422)."""
    data = ContactIn(**{**entry, "district": entry["district"] or None,
                        "working_group": entry["working_group"] or None})
    try:
        saved = contacts.create(data) if contact_id is None else contacts.update(contact_id, data)
    except IngestError as exc:
        return _render(request, contacts, status_code=422, error=str(exc), entry=entry,
                       editing={"id": contact_id} if contact_id else None)
    if saved is None:
        raise HTTPException(404, "Kontakt nicht gefunden.")
    flash(request, f"Kontakt „{saved.topic}“ ({saved.district}) gespeichert.")
    return RedirectResponse(f"/netzwerk/kontakte#kontakt-{saved.id}", 303)


@router.post("/netzwerk/kontakte", include_in_schema=False)
def create(request: Request, contacts: Directory, entry: Entry, csrf: Annotated[str, Form()]):
    check_csrf(request, csrf)
    return _save(request, contacts, entry, None)


@router.post("/netzwerk/kontakte/{contact_id}", include_in_schema=False)
def update(request: Request, contacts: Directory, contact_id: RowId, entry: Entry, csrf: Annotated[str, Form()]):
    check_csrf(request, csrf)
    return _save(request, contacts, entry, contact_id)


@router.post("/netzwerk/kontakte/{contact_id}/loeschen", include_in_schema=False)
def delete(request: Request, contacts: Directory, contact_id: RowId, csrf: Annotated[str, Form()]):
    check_csrf(request, csrf)
    if not contacts.delete(contact_id):
        raise HTTPException(404, "Kontakt nicht gefunden.")
    flash(request, "Kontakt gelöscht.")
    return RedirectResponse("/netzwerk/kontakte", 303)
