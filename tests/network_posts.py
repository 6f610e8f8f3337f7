"""Questions and answers for tests of working groups, written straight through the ORM models
(the question-and-answer service is built elsewhere; these tests are about who sees them)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from kb.db.network_models import SICHTBAR, Answer, PostLink, Question, WorkingGroup


def group_id(kb, slug: str) -> int:
    with kb.sessions() as session:
        return session.scalar(select(WorkingGroup.id).where(WorkingGroup.slug == slug))


def add_question(kb, title: str, district: str, group: str | None = None, visibility: str = "netzwerk",
                 status: str = SICHTBAR, minutes_ago: int = 10, author_id: int | None = None,
                 norms: tuple[str, ...] = ()) -> int:
    when = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    with kb.sessions.begin() as session:
        question = Question(title=title, body=f"{title}?", author_login=f"{district.lower()}.test",
                            district=district, status=status, visibility=visibility, addressed=[],
                            working_group_id=group_id(kb, group) if group else None, created_at=when,
                            updated_at=when, author_id=author_id)
        session.add(question)
        session.flush()
        session.add_all(PostLink(question_id=question.id, norm=n) for n in norms)
        return question.id


def add_answer(kb, question_id: int, district: str, body: str = "So machen wir es.", status: str = SICHTBAR,
               minutes_ago: int = 5, author_id: int | None = None) -> int:
    when = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    with kb.sessions.begin() as session:
        answer = Answer(question_id=question_id, body=body, author_login=f"{district.lower()}.test",
                        district=district, status=status, created_at=when, updated_at=when, author_id=author_id)
        session.add(answer)
        session.flush()
        return answer.id
