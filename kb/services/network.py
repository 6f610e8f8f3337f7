"""Writing to the network's exchange: ask, answer, edit (with history), withdraw, hide, "hat geholfen".

Every write is decided here, for the acting principal, not in a route or template: anonymous
readers write nothing; an author edits and withdraws only their own posts; only admins hide, and
only with a reason; only the asker marks an answer as helpful. A post with suspected client data
(`ingest.personal_data`) is refused with the German explanation before anything is stored. Norms
in the text and in the norm field become `PostLink`s (norm pages list the questions about them),
and so do the cited documents. Each change is audited in its own transaction; afterwards the
post's `Netzwerkfrage` document is brought in step (`kb.services.network_index`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from ingest.citations import norm_ids
from ingest.legal import DISTRICTS, NETWORK
from ingest.personal_data import Finding, find_personal_data, refusal_message
from kb.access import INTERN, NETZWERK, VISIBILITIES, AccessDenied, Acting, Principal
from kb.db.models import Document, utcnow
from kb.db.network_models import (
    SICHTBAR,
    VERBORGEN,
    ZURUECKGEZOGEN,
    Answer,
    PostLink,
    PostRevision,
    Question,
    WorkingGroup,
)
from kb.network_config import NetworkPostSettings
from kb.services import audit
from kb.services.network_index import NetworkIndex

FRAGE, ANTWORT = "frage", "antwort"


class NetworkError(ValueError):
    """A post refused for what it says (client data, too long, unknown norm): nothing is stored."""


def can_see_question(principal: Principal, question: Question) -> bool:
    """Threads follow the documents' rules: `intern` only within the asker's district."""
    return principal.can_see(question.district, question.visibility)


class Network(Acting):
    """The network's write side, bound to the acting user like the document services."""

    def __init__(self, sessions: sessionmaker[Session], limits: NetworkPostSettings,
                 index: NetworkIndex | None = None) -> None:
        self.sessions = sessions
        self.limits = limits
        self.index = index

    # -- asking and answering ------------------------------------------------------------------
    def ask(self, title: str, body: str, norms: str = "", documents: Sequence[int] = (),
            visibility: str = NETZWERK, working_group_id: int | None = None,
            addressed: Sequence[str] = ()) -> int:
        """A new question; returns its id."""
        author = self._writer()
        title, body = self._checked(title, body, norms, needs_title=True)
        self._check_visibility(visibility)
        with self.sessions.begin() as session:
            self._check_group(session, working_group_id)
            links = self._links(session, f"{title}\n{body}", norms, documents)
            question = Question(title=title, body=body, visibility=visibility, working_group_id=working_group_id,
                                addressed=_districts(addressed), **_authored(author))
            session.add(question)
            session.flush()
            _store_links(session, question.id, None, links)
            audit.record(session, author, "net_ask", FRAGE, question.id, {"title": title, "visibility": visibility})
            question_id = question.id
        self._sync(FRAGE, question_id)
        return question_id

    def answer(self, question_id: int, body: str, norms: str = "", documents: Sequence[int] = ()) -> int | None:
        """A new answer to a visible, open question; None when the question is not to be seen."""
        author = self._writer()
        _, body = self._checked("", body, norms)
        with self.sessions.begin() as session:
            question = self._question(session, question_id)
            if question is None:
                return None
            if question.status != SICHTBAR:
                raise NetworkError(f"Die Frage ist {question.status}; Antworten sind nicht mehr möglich.")
            links = self._links(session, body, norms, documents)
            answer = Answer(question_id=question_id, body=body, **_authored(author))
            session.add(answer)
            session.flush()
            _store_links(session, question_id, answer.id, links)
            audit.record(session, author, "net_answer", ANTWORT, answer.id, {"question": question_id})
            answer_id = answer.id
        self._sync(ANTWORT, answer_id)
        return answer_id

    # -- changing a post -----------------------------------------------------------------------
    def edit(self, kind: str, post_id: int, body: str, title: str | None = None, norms: str = "",
             documents: Sequence[int] = ()) -> bool:
        """The author's new wording; the old one is kept as a `PostRevision`. False: no such post."""
        author = self._writer()
        title, body = self._checked(title or "", body, norms, needs_title=kind == FRAGE)
        with self.sessions.begin() as session:
            post = self._post(session, kind, post_id)
            if post is None:
                return False
            self._check_author(post, "bearbeiten")
            session.add(PostRevision(kind=kind, post_id=post_id, title=getattr(post, "title", None), body=post.body,
                                     edited_by=author.login))
            links = self._links(session, f"{title}\n{body}", norms, documents)
            _replace_links(session, post, kind, links)
            if kind == FRAGE:
                post.title = title
            post.body, post.updated_at = body, utcnow()
            audit.record(session, author, "net_edit", kind, post_id, {})
        self._sync(kind, post_id)
        return True

    def withdraw(self, kind: str, post_id: int) -> bool:
        """The author takes their post back; it leaves lists and search, its history stays."""
        author = self._writer()
        with self.sessions.begin() as session:
            post = self._post(session, kind, post_id)
            if post is None:
                return False
            self._check_author(post, "zurückziehen")
            post.status, post.updated_at = ZURUECKGEZOGEN, utcnow()
            audit.record(session, author, "net_withdraw", kind, post_id, {})
        self._sync(kind, post_id)
        return True

    def hide(self, kind: str, post_id: int, reason: str) -> bool:
        """An admin hides a post, stating why (shown in place of the post)."""
        if not self.principal.is_admin:
            raise AccessDenied("Keine Berechtigung: Beiträge verbergen kann nur die Verwaltung.")
        reason = reason.strip()
        if not reason:
            raise NetworkError("Bitte einen Grund angeben, warum der Beitrag verborgen wird.")
        with self.sessions.begin() as session:
            post = self._post(session, kind, post_id)
            if post is None:
                return False
            post.status, post.hidden_reason, post.updated_at = VERBORGEN, reason[:500], utcnow()
            audit.record(session, self.principal, "net_hide", kind, post_id, {"reason": reason[:500]})
        self._sync(kind, post_id)
        return True

    def mark_helpful(self, answer_id: int, helpful: bool = True) -> bool:
        """"Hat geholfen": only the asker may say so. False: no such answer."""
        actor = self._writer()
        with self.sessions.begin() as session:
            answer = self._post(session, ANTWORT, answer_id)
            if answer is None:
                return False
            if actor.user_id is None or answer.question.author_id != actor.user_id:
                raise AccessDenied("Nur wer die Frage gestellt hat, kann eine Antwort als hilfreich markieren.")
            answer.helpful = helpful
            audit.record(session, actor, "net_helpful", ANTWORT, answer_id, {"helpful": helpful})
        return True

    @staticmethod
    def findings(*texts: str) -> list[Finding]:
        """What the client-data check finds (the preview shows it before anything is posted)."""
        return find_personal_data("\n".join(texts))

    # -- checks --------------------------------------------------------------------------------
    def _writer(self) -> Principal:
        if self.principal.anonymous:
            raise AccessDenied("Fragen und Antworten im Netzwerk sind nur nach der Anmeldung möglich.")
        return self.principal

    def _checked(self, title: str, body: str, norms: str, needs_title: bool = False) -> tuple[str, str]:
        """Trimmed title and text, or a German refusal: empty, too long, or client data."""
        title, body = title.strip(), body.strip()
        if needs_title and not title:
            raise NetworkError("Bitte einen Titel für die Frage angeben.")
        if not body:
            raise NetworkError("Bitte einen Text eingeben.")
        if len(title) > self.limits.network_title_max_chars:
            raise NetworkError(f"Der Titel ist zu lang (höchstens {self.limits.network_title_max_chars} Zeichen).")
        if len(body) > self.limits.network_body_max_chars:
            raise NetworkError(f"Der Text ist zu lang (höchstens {self.limits.network_body_max_chars} Zeichen).")
        findings = find_personal_data(f"{title}\n{body}\n{norms}")
        if findings:
            raise NetworkError(refusal_message(findings))
        return title, body

    def _check_visibility(self, visibility: str) -> None:
        if visibility not in VISIBILITIES:
            raise NetworkError(f"Unbekannte Sichtbarkeit „{visibility}“ (erlaubt: netzwerk, intern).")
        if visibility == INTERN and self.principal.district is None:
            raise NetworkError("Eine interne Frage ist nur mit einem Kreis möglich.")

    @staticmethod
    def _check_group(session: Session, group_id: int | None) -> None:
        if group_id is not None and session.get(WorkingGroup, group_id) is None:
            raise NetworkError(f"Unbekannte Arbeitsgruppe ({group_id}).")

    def _check_author(self, post: Question | Answer, what: str) -> None:
        if self.principal.user_id is None or post.author_id != self.principal.user_id:
            raise AccessDenied(f"Keine Berechtigung: Nur wer den Beitrag geschrieben hat, kann ihn {what}.")

    def _links(self, session: Session, text: str, norms: str, documents: Sequence[int]) -> list[PostLink]:
        """Norms of the text and of the norm field, and the cited documents the author may see."""
        stated = norm_ids(norms) if norms.strip() else []
        if norms.strip() and not stated:
            raise NetworkError(f"Die Norm „{norms.strip()}“ wurde nicht erkannt (Beispiel: § 22 Abs. 1 SGB II).")
        found = list(dict.fromkeys([*stated, *norm_ids(text)]))
        wanted = list(dict.fromkeys(documents))
        if len(found) + len(wanted) > self.limits.network_max_links:
            raise NetworkError(f"Ein Beitrag kann höchstens {self.limits.network_max_links} Normen und "
                               "Dokumente nennen.")
        for doc_id in wanted:
            doc = session.get(Document, doc_id)
            if doc is None or not self.principal.can_see(doc.district, doc.visibility):
                raise NetworkError(f"Das Dokument {doc_id} wurde nicht gefunden.")
        return [PostLink(norm=n) for n in found] + [PostLink(document_id=d) for d in wanted]

    # -- loading -------------------------------------------------------------------------------
    def _question(self, session: Session, question_id: int) -> Question | None:
        question = session.get(Question, question_id)
        return question if question is not None and can_see_question(self.principal, question) else None

    def _post(self, session: Session, kind: str, post_id: int) -> Question | Answer | None:
        if kind == FRAGE:
            return self._question(session, post_id)
        if kind != ANTWORT:
            raise NetworkError(f"Unbekannte Beitragsart „{kind}“.")
        answer = session.get(Answer, post_id)
        return answer if answer is not None and can_see_question(self.principal, answer.question) else None

    def _sync(self, kind: str, post_id: int) -> None:
        if self.index is None:
            return
        if kind == FRAGE:
            self.index.sync_thread(post_id)
        else:
            self.index.sync_answer(post_id)


def _authored(author: Principal) -> dict:
    return {"author_id": author.user_id, "author_login": author.login, "district": author.district or NETWORK}


def _districts(addressed: Sequence[str]) -> list[str]:
    unknown = [d for d in addressed if d not in DISTRICTS]
    if unknown:
        raise NetworkError(f"Unbekannter Kreis: {', '.join(unknown)}.")
    return list(dict.fromkeys(addressed))


def _store_links(session: Session, question_id: int, answer_id: int | None, links: list[PostLink]) -> None:
    for link in links:
        link.question_id, link.answer_id = question_id, answer_id
        session.add(link)


def _replace_links(session: Session, post: Question | Answer, kind: str, links: list[PostLink]) -> None:
    question_id = post.id if kind == FRAGE else post.question_id
    answer_id = None if kind == FRAGE else post.id
    where = PostLink.answer_id.is_(None) if answer_id is None else PostLink.answer_id == answer_id
    session.execute(delete(PostLink).where(PostLink.question_id == question_id, where))
    _store_links(session, question_id, answer_id, links)
