"""Questions and answers as documents of type `Netzwerkfrage`, so that the one search finds them.

Each visible post is rendered as a small Markdown text and goes through the ordinary ingest path
(same analysis, vectors, norms, facets and visibility as any document); the district is the
author's, so the Kreisvergleich shows an answer under its district ("So handhabt es …"). The
tables of `kb.db.network_models` stay the source of truth: after every change the post's
document is removed and, if the post is still visible, written anew; an edit is no new
"version" of a document, the old wording lives in the post's history.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from ingest.legal import DISTRICTS, NETWORK
from ingest.metadata import MetaHints
from ingest.models import DocType
from kb.db.network_models import SICHTBAR, Answer, PostLink, Question
from kb.services.ingest_service import Ingestor
from kb.services.network_names import file_name, source_key

log = logging.getLogger(__name__)


def cited_form(norm: str) -> str:
    """'SGB II § 22' → '§ 22 SGB II': written the way the citation parser reads it back."""
    for kind in (" § ", " Art. "):
        if kind in norm:
            law, rest = norm.split(kind, 1)
            return f"{kind.strip()} {rest} {law}"
    return norm


def _norms(session: Session, question_id: int, answer_id: int | None) -> list[str]:
    rows = session.query(PostLink.norm).filter(PostLink.question_id == question_id,
                                               PostLink.answer_id.is_(answer_id) if answer_id is None
                                               else PostLink.answer_id == answer_id,
                                               PostLink.norm.is_not(None))
    return [cited_form(norm) for (norm,) in rows]


def question_text(question: Question, norms: list[str]) -> str:
    lines = [f"# {question.title}", "", f"Frage an das Netzwerk aus {question.district}.", "", question.body]
    if norms:
        lines += ["", "Normen: " + "; ".join(norms)]
    return "\n".join([*lines, "", f"Netzwerkfrage Nr. {question.id}"]) + "\n"


def answer_title(answer: Answer) -> str:
    return f"So handhabt es {answer.district}: {answer.question.title}"


def answer_text(answer: Answer, norms: list[str]) -> str:
    lines = [f"# {answer_title(answer)}", "", f"Antwort auf die Frage „{answer.question.title}“.", "",
             answer.body]
    if norms:
        lines += ["", "Normen: " + "; ".join(norms)]
    return "\n".join([*lines, "", f"Netzwerkfrage Nr. {answer.question_id}, Antwort Nr. {answer.id}"]) + "\n"


def _district(district: str) -> str | None:
    return district if district in DISTRICTS or district == NETWORK else None


class NetworkIndex:
    """Keeps each post's `Netzwerkfrage` document in step with the post (run as the system: the
    author's rights were checked when the post was written)."""

    def __init__(self, sessions: sessionmaker[Session], ingestor: Ingestor) -> None:
        self.sessions = sessions
        self.ingestor = ingestor

    def sync_thread(self, question_id: int) -> None:
        """The question and all its answers (after the question changed: its title is in each answer)."""
        with self.sessions() as session:
            answer_ids = [a for (a,) in session.query(Answer.id).filter(Answer.question_id == question_id)]
        self.sync_question(question_id)
        for answer_id in answer_ids:
            self.sync_answer(answer_id)

    def sync_question(self, question_id: int) -> None:
        with self.sessions() as session:
            question = session.get(Question, question_id)
            if question is None:
                return
            old, visible = question.document_id, question.status == SICHTBAR
            text = question_text(question, _norms(session, question_id, None)) if visible else None
            hints = self._hints(question.title, question.district, question.visibility, question)
        self._replace(Question, question_id, old, text, file_name(question_id), source_key(question_id), hints)

    def sync_answer(self, answer_id: int) -> None:
        with self.sessions() as session:
            answer = session.get(Answer, answer_id)
            if answer is None:
                return
            question = answer.question
            old = answer.document_id
            visible = answer.status == SICHTBAR and question.status == SICHTBAR
            text = answer_text(answer, _norms(session, question.id, answer_id)) if visible else None
            district = question.district if question.visibility == "intern" else answer.district
            hints = self._hints(answer_title(answer), district, question.visibility, answer)
            names = file_name(question.id, answer_id), source_key(question.id, answer_id)
        self._replace(Answer, answer_id, old, text, *names, hints)

    @staticmethod
    def _hints(title: str, district: str, visibility: str, post: Question | Answer) -> MetaHints:
        return MetaHints(title=title[:300], district=_district(district), doc_type=DocType.NETZWERKFRAGE,
                         date=post.created_at.date(), visibility=visibility)

    def _replace(self, model: type[Question] | type[Answer], post_id: int, old: int | None, text: str | None,
                 name: str, key: str, hints: MetaHints) -> None:
        """Remove the post's document, write the new one (if any) and remember its id."""
        if old is not None:
            self.ingestor.delete(str(old))
        new_id = None
        if text is not None:
            outcome = self.ingestor.ingest_bytes(text.encode(), name, key, hints, None, label=name)
            self.ingestor.save_indexes()
            new_id = outcome.document_id
            if new_id is None:
                log.warning("Netzwerkbeitrag %s nicht indexiert: %s", name, outcome.reason)
        with self.sessions.begin() as session:
            post = session.get(model, post_id)
            if post is not None:
                post.document_id = new_id
