"""Working groups: `/netzwerk/gruppen` (list), `/netzwerk/gruppen/{slug}` (minutes, members, open
questions, newest answers) with joining and leaving, and the same data as JSON (`/api/groups`).

Signed-in users only (a group page names its members). Who may change whose membership is
decided in `kb.services.groups` (oneself; others only by admins), not here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from kb.access import Principal
from kb.domain import IngestError
from kb.services.group_schemas import GroupInfo, GroupPage
from kb.services.groups import WorkingGroups
from webui.deps import Reader
from webui.flash import flash, pop_flash
from webui.security import check_csrf

router = APIRouter()
Slug = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Login = Annotated[str, Form(max_length=64)]


def signed_in(principal: Reader) -> Principal:
    """Anonymous reading (the demo) covers documents, not the network's people and threads."""
    if principal.anonymous:
        raise HTTPException(401, "Bitte melden Sie sich an.", headers={"WWW-Authenticate": "Bearer"})
    return principal


SignedIn = Annotated[Principal, Depends(signed_in)]


def _groups(request: Request, principal: SignedIn) -> WorkingGroups:
    return request.app.state.kb.groups.acting(principal)


Groups = Annotated[WorkingGroups, Depends(_groups)]


def _page_or_404(groups: WorkingGroups, slug: str) -> GroupPage:
    page = groups.page(slug)
    if page is None:
        raise HTTPException(404, "Arbeitsgruppe nicht gefunden.")
    return page


@router.get("/api/groups", response_model=list[GroupInfo], tags=["Netzwerk"], summary="Arbeitsgruppen")
def api_groups(groups: Groups) -> list[GroupInfo]:
    return groups.list()


@router.get("/api/groups/{slug}", response_model=GroupPage, tags=["Netzwerk"],
            summary="Eine Arbeitsgruppe: Protokolle, Mitglieder, offene Fragen, neueste Antworten")
def api_group(groups: Groups, slug: Slug) -> GroupPage:
    return _page_or_404(groups, slug)


@router.get("/netzwerk/gruppen", response_class=HTMLResponse, include_in_schema=False)
def groups_page(request: Request, groups: Groups):
    return request.app.state.templates.TemplateResponse(request, "groups.html", {
        "groups": groups.list(), "nav": "netzwerk", "subnav": "gruppen"})


@router.get("/netzwerk/gruppen/{slug}", response_class=HTMLResponse, include_in_schema=False)
def group_page(request: Request, groups: Groups, slug: Slug):
    return request.app.state.templates.TemplateResponse(request, "group.html", {
        "page": _page_or_404(groups, slug), "flash": pop_flash(request), "nav": "netzwerk", "subnav": "gruppen"})


def _change(request: Request, groups: WorkingGroups, slug: str, login: str, joining: bool) -> RedirectResponse:
    """Join or leave (an admin: for `login`); back to the group page with what happened."""
    who = login.strip() or None
    try:
        done = groups.join(slug, who) if joining else groups.leave(slug, who)
    except IngestError as exc:
        raise HTTPException(422, str(exc)) from exc
    if done is None:
        raise HTTPException(404, "Arbeitsgruppe nicht gefunden.")
    subject = who or "Sie"
    flash(request, f"{subject} {'sind' if not who else 'ist'} jetzt {'Mitglied' if joining else 'kein Mitglied'} "
                   f"von {done.name}.")
    return RedirectResponse(f"/netzwerk/gruppen/{slug}", 303)


@router.post("/netzwerk/gruppen/{slug}/beitreten", include_in_schema=False)
def join(request: Request, groups: Groups, slug: Slug, csrf: Annotated[str, Form()], login: Login = ""):
    check_csrf(request, csrf)
    return _change(request, groups, slug, login, joining=True)


@router.post("/netzwerk/gruppen/{slug}/austreten", include_in_schema=False)
def leave(request: Request, groups: Groups, slug: Slug, csrf: Annotated[str, Form()], login: Login = ""):
    check_csrf(request, csrf)
    return _change(request, groups, slug, login, joining=False)
