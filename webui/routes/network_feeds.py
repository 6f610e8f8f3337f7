"""Atom feeds of the network (`/feeds/ich/{token}.atom`, `/feeds/kreis/{kreis}/netzwerk.atom`,
`/feeds/gruppen/{slug}.atom`) and the forms on "Neu für mich" that create and revoke a feed token.

The personal feed needs no login (a feed reader cannot sign in): its token is the credential, and
any unusable token answers the same bare 404. The district and group feeds are read like the
document feeds (`webui.routes.radar`): by whoever may read, and they list network threads only.
What each feed lists is decided in `kb.services.network_feeds`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kb.services.feeds import FeedEntry, atom
from kb.services.network_feeds import NetworkFeeds
from webui.deps import Reader
from webui.flash import flash
from webui.routes.follows import NEWS, Follows
from webui.routes.groups import SignedIn, Slug
from webui.security import check_csrf

router = APIRouter()
Token = Annotated[str, Path(max_length=100)]
District = Annotated[str, Path(max_length=100)]
TITLE = "Südwestoption – Netzwerk"


def _feeds(request: Request, principal: SignedIn) -> NetworkFeeds:
    return request.app.state.kb.network_feeds.acting(principal)


Tokens = Annotated[NetworkFeeds, Depends(_feeds)]


def _atom(request: Request, entries: list[FeedEntry], name: str, title: str) -> Response:
    body = atom(entries, name, title, str(request.base_url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/feeds/ich/{token}.atom", include_in_schema=False)
def personal_feed(request: Request, token: Token):
    """The token is the login: wrong, revoked or of a disabled account all look alike."""
    entries = request.app.state.kb.network_feeds.personal(token)
    if entries is None:
        raise HTTPException(404, "Diesen Feed gibt es nicht.")
    return _atom(request, entries, f"ich/{token}", f"{TITLE}: Neu für mich")


def _public(request: Request, found: tuple[str, list[FeedEntry]] | None, name: str, missing: str,
            title: str) -> Response:
    """The answer of a district or group feed: 404 `missing`, else the feed titled `title` + its name."""
    if found is None:
        raise HTTPException(404, missing)
    label, entries = found
    return _atom(request, entries, name, title + label)


@router.get("/feeds/kreis/{district}/netzwerk.atom", include_in_schema=False)
def district_feed(request: Request, district: District, principal: Reader):
    return _public(request, request.app.state.kb.network_feeds.district(district), f"kreis/{district}/netzwerk",
                   f"Keinen Kreis „{district[:40]}“ gefunden (Kreisname wie st-wendel).",
                   f"{TITLE}: Fragen und Antworten aus ")


@router.get("/feeds/gruppen/{slug}.atom", include_in_schema=False)
def group_feed(request: Request, slug: Slug, principal: Reader):
    return _public(request, request.app.state.kb.network_feeds.group(slug), f"gruppen/{slug}",
                   f"Keine Arbeitsgruppe „{slug}“.", f"{TITLE}: ")


@router.post("/netzwerk/neu/feed", response_class=HTMLResponse, include_in_schema=False)
def create_feed_token(request: Request, feeds: Tokens, following: Follows, csrf: Annotated[str, Form()]):
    """The page itself shows the new feed address, once: it is not kept anywhere to show again."""
    check_csrf(request, csrf)
    url = f"{str(request.base_url).rstrip('/')}/feeds/ich/{feeds.create_token()}.atom"
    response = request.app.state.templates.TemplateResponse(request, "news.html", {
        "page": following.news(mark_seen=False), "feed_tokens": feeds.tokens(), "new_feed_url": url,
        "nav": "netzwerk", "subnav": "neu"})
    response.headers["Cache-Control"] = "no-store"  # it carries the secret: no copy in any cache
    return response


@router.post("/netzwerk/neu/feed/{token_id}/widerrufen", include_in_schema=False)
def revoke_feed_token(request: Request, feeds: Tokens, token_id: Annotated[int, Path(ge=1, lt=2**31)],
                      csrf: Annotated[str, Form()]):
    check_csrf(request, csrf)
    if not feeds.revoke_token(token_id):
        raise HTTPException(404, "Diesen Feed-Schlüssel gibt es nicht (mehr).")
    flash(request, "Der Feed-Schlüssel ist widerrufen; seine Adresse liefert nichts mehr.")
    return RedirectResponse(NEWS, 303)
