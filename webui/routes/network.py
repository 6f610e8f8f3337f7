"""The network's pages: questions (list, asking in two steps), a thread with its answers, "Hat
geholfen", editing with history, withdrawing and hiding; and the same lists as JSON.

Thin like every route: the services decide who may do what (`kb.services.network`), a refused
post comes back as the form with the German explanation and the user's text kept. Every form
carries the CSRF token and works without JavaScript (post, then 303 to the thread).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse

from kb.domain import DISTRICTS
from kb.services.network import NetworkError
from kb.services.network_reads import QuestionSummary, ThreadView
from kb.services.schemas import SearchQuery
from webui.deps import Search
from webui.network_deps import Posts, Threads
from webui.params import DocumentId
from webui.security import check_csrf, current_principal

router = APIRouter()
Kind = Annotated[str, Path(pattern="^(frage|antwort)$")]
Text = Annotated[str, Form(max_length=100_000)]
Short = Annotated[str, Form(max_length=1000)]


def _render(request: Request, template: str, code: int = 200, **context) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, {**context, "nav": "netzwerk"},
                                                        status_code=code)


def _signed_in(request: Request) -> None:
    """Asking and answering need an account: an anonymous reader is sent to the login."""
    if current_principal(request).anonymous:
        raise HTTPException(401, "Bitte melden Sie sich an, um im Netzwerk zu fragen oder zu antworten.")


def document_ids(value: str) -> list[int]:
    """'12, 40' → [12, 40]; anything else is refused in German, nothing is guessed."""
    parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
    if not all(p.isdigit() and len(p) <= 12 for p in parts):
        raise NetworkError("Dokumente bitte als Nummern angeben, durch Komma getrennt (z. B. 12, 40).")
    return [int(p) for p in parts]


def _thread(threads: Threads, question_id: int) -> ThreadView:
    thread = threads.thread(question_id)
    if thread is None:
        raise HTTPException(404, "Diese Frage gibt es nicht (oder sie ist nur für einen anderen Kreis sichtbar).")
    return thread


def _to_thread(question_id: int, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/netzwerk/fragen/{question_id}{anchor}", status.HTTP_303_SEE_OTHER)


# -- lists -------------------------------------------------------------------------------------
@router.get("/api/netzwerk/fragen", response_model=list[QuestionSummary], tags=["Netzwerk"])
def api_questions(threads: Threads, offen: bool = False, kreis: Annotated[str, Query(max_length=100)] = "",
                  gruppe: int | None = None) -> list[QuestionSummary]:
    """Questions of the network visible to you, newest first; `offen`: without an answer yet."""
    return threads.questions(kreis or None, gruppe, open_only=offen)


@router.get("/api/netzwerk/fragen/{question_id}", response_model=ThreadView, tags=["Netzwerk"])
def api_thread(question_id: DocumentId, threads: Threads) -> ThreadView:
    return _thread(threads, question_id)


@router.get("/netzwerk/fragen", response_class=HTMLResponse, include_in_schema=False)
def questions_page(request: Request, threads: Threads, offen: bool = False,
                   kreis: Annotated[str, Query(max_length=100)] = "", gruppe: int | None = None):
    if kreis and kreis not in DISTRICTS:
        raise HTTPException(400, f"Unbekannter Kreis „{kreis}“.")
    return _render(request, "network_questions.html", questions=threads.questions(kreis or None, gruppe, offen),
                   offen=offen, kreis=kreis, gruppe=gruppe, districts=DISTRICTS, groups=threads.groups())


# -- asking ------------------------------------------------------------------------------------
def _ask_form(request: Request, threads: Threads, code: int = 200, **context) -> HTMLResponse:
    values = {"title": "", "body": "", "norms": "", "documents": "", "visibility": "netzwerk", "gruppe": None}
    return _render(request, "network_ask.html", code, form=values | context.pop("form", {}),
                   groups=threads.groups(), **context)


@router.get("/netzwerk/fragen/neu", response_class=HTMLResponse, include_in_schema=False)
def ask_page(request: Request, threads: Threads):
    _signed_in(request)
    return _ask_form(request, threads)


def _preview(search: Search, posts: Posts, form: dict) -> dict:
    """Step 1: the most similar questions and passages (the ordinary search) and the client-data check."""
    hits = search.search(SearchQuery(text=f"{form['title']} {form['body']}"[:1000], k=10, highlight=False)).results
    return {"similar": [h for h in hits if h.thread_url][:5], "passages": [h for h in hits if not h.thread_url][:5],
            "findings": posts.findings(form["title"], form["body"], form["norms"])}


@router.post("/netzwerk/fragen/neu", response_class=HTMLResponse, include_in_schema=False)
def ask(request: Request, search: Search, posts: Posts, threads: Threads, csrf: Annotated[str, Form()],
        title: Short, body: Text, norms: Short = "", documents: Short = "", visibility: Short = "netzwerk",
        gruppe: Annotated[int | None, Form()] = None, step: Short = "vorschau"):
    """Step 1 (`step=vorschau`) shows what exists already; step 2 (`stellen`) posts the question."""
    check_csrf(request, csrf)
    _signed_in(request)
    form = {"title": title, "body": body, "norms": norms, "documents": documents, "visibility": visibility,
            "gruppe": gruppe}
    if step != "stellen":
        return _ask_form(request, threads, form=form, preview=_preview(search, posts, form))
    try:
        question_id = posts.ask(title, body, norms, document_ids(documents), visibility, gruppe)
    except NetworkError as exc:
        return _ask_form(request, threads, 400, form=form, error=str(exc))
    return _to_thread(question_id)


# -- a thread ----------------------------------------------------------------------------------
@router.get("/netzwerk/fragen/{question_id}", response_class=HTMLResponse, include_in_schema=False)
def thread_page(request: Request, question_id: DocumentId, threads: Threads):
    return _render(request, "network_thread.html", thread=_thread(threads, question_id), form={})


@router.post("/netzwerk/fragen/{question_id}/antworten", response_class=HTMLResponse, include_in_schema=False)
def answer(request: Request, question_id: DocumentId, posts: Posts, threads: Threads,
           csrf: Annotated[str, Form()], body: Text, norms: Short = "", documents: Short = ""):
    check_csrf(request, csrf)
    _signed_in(request)
    try:
        answer_id = posts.answer(question_id, body, norms, document_ids(documents))
    except NetworkError as exc:
        form = {"body": body, "norms": norms, "documents": documents}
        return _render(request, "network_thread.html", 400, thread=_thread(threads, question_id), form=form,
                       error=str(exc))
    if answer_id is None:
        raise HTTPException(404, "Diese Frage gibt es nicht.")
    return _to_thread(question_id, f"#antwort-{answer_id}")


@router.post("/netzwerk/antwort/{answer_id}/hilfreich", include_in_schema=False)
def helpful(request: Request, answer_id: DocumentId, posts: Posts, threads: Threads,
            csrf: Annotated[str, Form()], value: Annotated[str, Form(pattern="^[01]$")] = "1"):
    check_csrf(request, csrf)
    question_id = threads.locate("antwort", answer_id)
    if question_id is None or not posts.mark_helpful(answer_id, value == "1"):
        raise HTTPException(404, "Diese Antwort gibt es nicht.")
    return _to_thread(question_id, f"#antwort-{answer_id}")


# -- changing a post ---------------------------------------------------------------------------
def _located(threads: Threads, kind: str, post_id: int) -> int:
    question_id = threads.locate(kind, post_id)
    if question_id is None:
        raise HTTPException(404, "Diesen Beitrag gibt es nicht.")
    return question_id


def _edit_form(request: Request, threads: Threads, kind: str, post_id: int, code: int = 200, **context):
    thread = _thread(threads, _located(threads, kind, post_id))
    post = thread.question if kind == "frage" else next(a for a in thread.answers if a.id == post_id)
    form = {"title": thread.title, "body": post.body, "norms": "; ".join(post.norms),
            "documents": ", ".join(map(str, post.document_ids))} | context.pop("form", {})
    return _render(request, "network_edit.html", code, thread=thread, post=post, form=form,
                   history=threads.revisions(kind, post_id) or [], **context)


@router.get("/netzwerk/{kind}/{post_id}/bearbeiten", response_class=HTMLResponse, include_in_schema=False)
def edit_page(request: Request, kind: Kind, post_id: DocumentId, threads: Threads):
    """The edit form (authors) and the post's history ("Verlauf", for every reader of the thread)."""
    return _edit_form(request, threads, kind, post_id)


@router.post("/netzwerk/{kind}/{post_id}/bearbeiten", response_class=HTMLResponse, include_in_schema=False)
def edit(request: Request, kind: Kind, post_id: DocumentId, posts: Posts, threads: Threads,
         csrf: Annotated[str, Form()], body: Text, title: Short = "", norms: Short = "", documents: Short = ""):
    check_csrf(request, csrf)
    _signed_in(request)
    question_id = _located(threads, kind, post_id)
    try:
        posts.edit(kind, post_id, body, title, norms, document_ids(documents))
    except NetworkError as exc:
        form = {"title": title, "body": body, "norms": norms, "documents": documents}
        return _edit_form(request, threads, kind, post_id, 400, form=form, error=str(exc))
    return _to_thread(question_id, f"#antwort-{post_id}" if kind == "antwort" else "")


@router.post("/netzwerk/{kind}/{post_id}/zurueckziehen", include_in_schema=False)
def withdraw(request: Request, kind: Kind, post_id: DocumentId, posts: Posts, threads: Threads,
             csrf: Annotated[str, Form()]):
    check_csrf(request, csrf)
    _signed_in(request)
    question_id = _located(threads, kind, post_id)
    posts.withdraw(kind, post_id)
    return _to_thread(question_id)


@router.post("/netzwerk/{kind}/{post_id}/verbergen", include_in_schema=False)
def hide(request: Request, kind: Kind, post_id: DocumentId, posts: Posts, threads: Threads,
         csrf: Annotated[str, Form()], reason: Annotated[str, Form(max_length=500)] = ""):
    check_csrf(request, csrf)
    question_id = _located(threads, kind, post_id)
    try:
        posts.hide(kind, post_id, reason)
    except NetworkError as exc:
        raise HTTPException(400, str(exc)) from exc
    return _to_thread(question_id)
