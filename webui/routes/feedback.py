"""Feedback per result ("hilfreich / nicht hilfreich"): the form post, the admin list, the export.

Every reader may rate (anonymous readers too, where anonymous reading is on); redakteure and
admins see the ratings of the passages they may see. The CSRF token, a per-address rate limit, size limits and
the check that the passage exists keep the table clean. Without JavaScript the form posts and
redirects back to the result list (303) with a thank-you next to the rated result; with
JavaScript the same endpoint answers JSON and the page updates in place.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from kb.services.feedback import FeedbackIn, FeedbackList, FeedbackService
from webui.deps import Ratings
from webui.flash import flash
from webui.params import ChunkId, Limit, Offset
from webui.ratelimit import RateLimiter
from webui.security import check_csrf, editor

router = APIRouter()
THANKS = "Danke! Ihre Rückmeldung ist gespeichert."


def new_limiter() -> RateLimiter:
    """30 ratings a minute per address: plenty for a person, a wall for a script."""
    return RateLimiter(limit=30, window_seconds=60)


def safe_back(url: str) -> str:
    """Only a path of this site: never an open redirect to another host."""
    if not url.startswith("/") or url.startswith("//") or "\\" in url or len(url) > 2000:
        return "/"
    return url


def _feedback_in(query: str, chunk_id: int, helpful: str, mode: str) -> FeedbackIn:
    try:
        return FeedbackIn(query=query, chunk_id=chunk_id, helpful=helpful == "1", mode=mode)
    except ValidationError as exc:
        raise HTTPException(422, "Rückmeldung unvollständig oder zu lang.") from exc


@router.post("/rueckmeldung", include_in_schema=False)
def give_feedback(request: Request, ratings: Ratings,
                  csrf: Annotated[str, Form()], query: Annotated[str, Form(max_length=1000)],
                  chunk_id: Annotated[ChunkId, Form()], helpful: Annotated[str, Form(pattern="^[01]$")],
                  mode: Annotated[str, Form()] = "search", back: Annotated[str, Form()] = "/"):
    check_csrf(request, csrf)
    if not request.app.state.feedback_limiter.allow(request.client.host if request.client else "?"):
        raise HTTPException(429, "Zu viele Rückmeldungen in kurzer Zeit. Bitte versuchen Sie es "
                                 "in einer Minute erneut.")
    entry = ratings.add(_feedback_in(query, chunk_id, helpful, mode))
    if entry is None:
        raise HTTPException(404, "Diese Textstelle gibt es nicht mehr. Bitte suchen Sie erneut.")
    if "application/json" in request.headers.get("accept", ""):
        return {"ok": True, "message": THANKS, "id": entry.id}
    flash(request, THANKS, target=chunk_id)
    return RedirectResponse(f"{safe_back(back)}#treffer-{chunk_id}", status.HTTP_303_SEE_OTHER)


@router.get("/verwaltung/rueckmeldungen", response_class=HTMLResponse, include_in_schema=False,
            dependencies=[Depends(editor)])
def feedback_page(request: Request, ratings: Ratings):
    return request.app.state.templates.TemplateResponse(request, "feedback.html", {
        "feedback": ratings.list(), "nav": "verwaltung"})


@router.get("/verwaltung/rueckmeldungen/fragen.jsonl", include_in_schema=False, dependencies=[Depends(editor)])
def feedback_questions_file(ratings: Ratings):
    """The helpful ratings as a question file for `kb eval` (same as `kb feedback export`)."""
    return _jsonl(ratings)


def _jsonl(ratings: FeedbackService) -> Response:
    lines = [q.model_dump_json(exclude_defaults=True) for q in ratings.questions()]
    return Response("".join(line + "\n" for line in lines), media_type="application/x-ndjson",
                    headers={"Content-Disposition": 'attachment; filename="rueckmeldungen-fragen.jsonl"'})


@router.get("/api/feedback", response_model=FeedbackList, tags=["Verwaltung"],
            dependencies=[Depends(editor)], summary="Rückmeldungen der Sachbearbeitung")
def api_feedback(ratings: Ratings, limit: Limit = 200, offset: Offset = 0) -> FeedbackList:
    return ratings.list(limit, offset)


@router.get("/api/feedback/questions", tags=["Verwaltung"], dependencies=[Depends(editor)],
            summary="Hilfreiche Treffer als Fragen für `kb eval` (JSONL)", response_class=Response,
            responses={200: {"description": "eine Frage je Zeile", "content": {"application/x-ndjson": {}}}})
def api_feedback_questions(ratings: Ratings) -> Response:
    return _jsonl(ratings)
