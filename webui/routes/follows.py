"""Following (`POST /netzwerk/folgen`, a form that works without JavaScript) and the personal
"Neu für mich" page (`/netzwerk/neu`, JSON `GET /api/news`).

What may be followed and what the page lists is decided in `kb.services.following`; templates
ask `is_following` (a template global) to draw the button of `_follow.html`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from kb.domain import IngestError
from kb.services.following import Following
from kb.services.group_schemas import NewsPage
from webui.flash import flash, pop_flash
from webui.routes.groups import SignedIn
from webui.security import check_csrf, current_principal

router = APIRouter()
Kind = Literal["frage", "gruppe", "norm"]
NEWS = "/netzwerk/neu"


def _following(request: Request, principal: SignedIn) -> Following:
    return request.app.state.kb.following.acting(principal)


Follows = Annotated[Following, Depends(_following)]


def is_following(request: Request, kind: str, key: object) -> bool | None:
    """For templates: None for anonymous readers (no button), else whether they follow it."""
    return request.app.state.kb.following.acting(current_principal(request)).is_following(kind, str(key))


def _local(back: str) -> str:
    """Only a path of this site is a place to go back to (no open redirect)."""
    return back if back.startswith("/") and not back.startswith(("//", "/\\")) and "\n" not in back else NEWS


@router.post("/netzwerk/folgen", include_in_schema=False)
def follow(request: Request, following: Follows, csrf: Annotated[str, Form()], kind: Annotated[Kind, Form()],
           target: Annotated[str, Form(max_length=200)], follow: Annotated[bool, Form()] = True,
           back: Annotated[str, Form(max_length=500)] = NEWS):
    check_csrf(request, csrf)
    try:
        done = following.follow(kind, target) if follow else following.unfollow(kind, target)
    except IngestError as exc:
        raise HTTPException(422, str(exc)) from exc
    name = f"der Frage „{done.label}“" if done.kind == "frage" and done.label != done.target else done.label
    flash(request, f"Sie folgen jetzt {name}." if done.following else f"Sie folgen {name} nicht mehr.")
    return RedirectResponse(_local(back), 303)


@router.get("/api/news", response_model=NewsPage, tags=["Netzwerk"],
            summary="Neu für mich: neue Fragen und Antworten in dem, was ich folge (seit dem letzten Besuch der Seite)")
def api_news(following: Follows) -> NewsPage:
    return following.news(mark_seen=False)


@router.get(NEWS, response_class=HTMLResponse, include_in_schema=False)
def news_page(request: Request, following: Follows):
    return request.app.state.templates.TemplateResponse(request, "news.html", {
        "page": following.news(), "flash": pop_flash(request), "nav": "netzwerk", "subnav": "neu",
        "feed_tokens": request.app.state.kb.network_feeds.acting(following.principal).tokens()})
