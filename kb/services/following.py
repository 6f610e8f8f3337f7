"""Following: a user follows a question, a working group or a norm, and "Neu für mich" lists the
new questions and answers in what they follow (and answers to their own questions) since their
last visit.

What is listed passes the same visibility as the group pages (`post_visibility`): a
followed norm or group never shows another district's internal thread.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.orm import Session, sessionmaker

from ingest.citations import parse_norm_query
from ingest.errors import IngestError
from kb.access import Acting, Principal
from kb.db.models import utcnow
from kb.db.network_models import SICHTBAR, Answer, Follow, NetworkVisit, PostLink, Question, WorkingGroup
from kb.network_config import NetworkSettings
from kb.services.api_types import as_utc
from kb.services.group_schemas import FollowOut, NewsPage, PostRef
from kb.services.post_visibility import shown_questions

KINDS = {"frage": "Frage", "gruppe": "Arbeitsgruppe", "norm": "Norm"}


def norm_key(norm: str) -> str | None:
    """'§ 22 Abs. 1 SGB II' → 'SGB II § 22': a norm is followed as a whole paragraph."""
    parsed = parse_norm_query(norm)
    return parsed.split(" Abs.")[0] if parsed else None


class Following(Acting):
    """Follows and "Neu für mich" of the bound (signed-in) principal."""

    def __init__(self, settings: NetworkSettings, sessions: sessionmaker[Session]) -> None:
        self.settings = settings
        self.sessions = sessions

    def _user(self) -> int:
        return self.principal.account_id("Folgen ist nur angemeldet möglich.")

    def follow(self, kind: str, target: str) -> FollowOut:
        user = self._user()
        with self.sessions.begin() as session:
            key = self._checked(session, kind, target)
            if not self._row(session, user, kind, key):
                session.add(Follow(user_id=user, kind=kind, target=key))
            return FollowOut(kind=kind, target=key, following=True, label=_label(session, kind, key, self.principal))

    def unfollow(self, kind: str, target: str) -> FollowOut:
        user = self._user()
        key = (norm_key(target) or target) if kind == "norm" else target.strip()
        with self.sessions.begin() as session:
            row = self._row(session, user, kind, key)
            if row is not None:
                session.delete(row)
            return FollowOut(kind=kind, target=key, following=False, label=_label(session, kind, key, self.principal))

    def is_following(self, kind: str, target: str) -> bool | None:
        """None for anonymous readers (no button), else whether they follow it."""
        if not self.principal.has_account:
            return None
        key = (norm_key(target) or target) if kind == "norm" else str(target)
        with self.sessions() as session:
            return self._row(session, self.principal.user_id, kind, key) is not None

    def follows(self) -> list[FollowOut]:
        with self.sessions() as session:
            return self._follow_list(session, self._user())

    @staticmethod
    def _row(session: Session, user: int, kind: str, key: str) -> Follow | None:
        return session.scalar(select(Follow).where(Follow.user_id == user, Follow.kind == kind, Follow.target == key))

    def _checked(self, session: Session, kind: str, target: str) -> str:
        """The canonical key of something the user may see; anything else is refused."""
        target = str(target).strip()
        if kind == "norm":
            key = norm_key(target)
            if key is None:
                raise IngestError(f"'{target[:80]}' ist keine erkennbare Norm (Beispiel: SGB II § 22)")
            return key
        if kind == "gruppe":
            if session.scalar(select(WorkingGroup.id).where(WorkingGroup.slug == target, WorkingGroup.active)):
                return target
            raise IngestError(f"Unbekannte Arbeitsgruppe '{target[:64]}'.")
        if kind == "frage" and target.isdigit() and len(target) < 10 and session.scalar(
                select(Question.id).where(Question.id == int(target), shown_questions(self.principal))):
            return target
        raise IngestError(f"Nichts zum Folgen gefunden ({KINDS.get(kind, kind)} {target[:40]}).")

    def news(self, mark_seen: bool = True) -> NewsPage:
        """New posts in what the user follows since the last visit (first visit: `news_days`)."""
        user = self._user()
        with self.sessions.begin() as session:
            visit = session.get(NetworkVisit, user)
            since = as_utc(visit.seen_at) if visit else utcnow() - timedelta(days=self.settings.news_days)
            items = self._items(session, user, since)
            if mark_seen:
                session.merge(NetworkVisit(user_id=user, seen_at=utcnow()))
            return NewsPage(since=since, items=items, follows=self._follow_list(session, user))

    def recent(self) -> list[PostRef]:
        """The newest posts in what the user follows, seen or not: the personal feed's entries."""
        with self.sessions() as session:
            return self._items(session, self._user(), datetime(2000, 1, 1, tzinfo=UTC))

    def _follow_list(self, session: Session, user: int) -> list[FollowOut]:
        rows = session.scalars(select(Follow).where(Follow.user_id == user).order_by(Follow.id))
        return [FollowOut(kind=f.kind, target=f.target, following=True,
                          label=_label(session, f.kind, f.target, self.principal)) for f in rows]

    def _items(self, session: Session, user: int, since: datetime) -> list[PostRef]:
        followed = self._followed(session, user)
        seen = shown_questions(self.principal)
        questions = select(Question).where(seen, Question.created_at > since, followed.questions,
                                           or_(Question.author_id.is_(None), Question.author_id != user)
                                           ).order_by(Question.created_at.desc(), Question.id.desc())
        answers = (select(Answer, Question).join(Question, Answer.question_id == Question.id)
                   .where(seen, Answer.status == SICHTBAR, Answer.created_at > since, followed.answers,
                          or_(Answer.author_id.is_(None), Answer.author_id != user))
                   .order_by(Answer.created_at.desc(), Answer.id.desc()))
        limit = self.settings.news_limit
        items = [PostRef(kind="frage", question_id=q.id, post_id=q.id, title=q.title, district=q.district,
                         author=q.author_login, at=q.created_at) for q in session.scalars(questions.limit(limit))]
        items += [PostRef(kind="antwort", question_id=q.id, post_id=a.id, title=q.title, district=a.district,
                           author=a.author_login, at=a.created_at) for a, q in session.execute(answers.limit(limit))]
        return sorted(items, key=lambda i: as_utc(i.at), reverse=True)[:limit]

    def _followed(self, session: Session, user: int) -> _Followed:
        rows = session.execute(select(Follow.kind, Follow.target).where(Follow.user_id == user)).all()
        return _Followed({t for k, t in rows if k == "frage" and t.isdigit()}, {t for k, t in rows if k == "gruppe"},
                         {t for k, t in rows if k == "norm"}, user)


class _Followed:
    """SQL conditions for "in what the user follows", on questions and on answers."""

    def __init__(self, questions: set[str], groups: set[str], norms: set[str], user: int) -> None:
        ids = [int(q) for q in questions]
        group_ids = select(WorkingGroup.id).where(WorkingGroup.slug.in_(groups)) if groups else None
        in_group = Question.working_group_id.in_(group_ids) if groups else false()
        on_norm = self._norm_questions(norms)
        self.questions = or_(in_group, on_norm)
        self.answers = or_(Question.id.in_(ids) if ids else false(), in_group, on_norm, Question.author_id == user)

    @staticmethod
    def _norm_questions(norms: set[str]) -> ColumnElement[bool]:
        if not norms:
            return false()
        cited = or_(*(or_(PostLink.norm == n, PostLink.norm.like(f"{n} Abs.%")) for n in norms))
        return Question.id.in_(select(PostLink.question_id).where(cited))


def _label(session: Session, kind: str, key: str, principal: Principal) -> str:
    """The followed thing as a person names it: the group's name, the question's title (only of a
    question the principal may see: unfollowing checks nothing else), the norm."""
    if kind == "gruppe":
        return session.scalar(select(WorkingGroup.name).where(WorkingGroup.slug == key)) or key
    if kind == "frage" and key.isdigit() and len(key) < 10:
        title = session.scalar(select(Question.title).where(Question.id == int(key), shown_questions(principal)))
        return title or key
    return key
