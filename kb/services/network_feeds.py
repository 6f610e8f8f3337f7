"""Atom feeds of the network's questions and answers: personal (`/feeds/ich/{token}.atom`), per
district (`/feeds/kreis/{kreis}/netzwerk.atom`) and per working group (`/feeds/gruppen/{slug}.atom`).

The district and group feeds are passed around like the document feeds (`kb.services.feeds`), so
they list only `netzwerk` threads in state `sichtbar`, whoever asks. The personal feed is read by
a feed reader that cannot sign in: its URL carries a read-only feed token (stored as SHA-256 like
API tokens) and it lists what "Neu für mich" lists, with exactly that user's visibility. A token
that is wrong, revoked or whose user is disabled reads as "no such feed": nothing tells it apart.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, sessionmaker

from kb.access import ANONYMOUS, Acting
from kb.db.models import User
from kb.db.network_models import SICHTBAR, Answer, FeedToken, Question, WorkingGroup
from kb.services.accounts import principal_of, secret_hash
from kb.services.api_types import UtcDateTime, as_utc
from kb.services.feeds import LIMIT, SLUGS, FeedEntry
from kb.services.following import Following
from kb.services.group_schemas import PostRef
from kb.services.post_visibility import shown_questions

TOKEN_PREFIX = "kbf_"


class FeedTokenOut(BaseModel):
    """A feed token as listed on "Neu für mich": never the token itself, which is shown once."""

    id: int
    created_at: UtcDateTime


class NetworkFeeds(Acting):
    """Feed tokens of the bound principal, and the entries of the three network feeds."""

    def __init__(self, sessions: sessionmaker[Session], following: Following) -> None:
        self.sessions = sessions
        self.following = following

    def _user(self) -> int:
        return self.principal.account_id("Feed-Schlüssel gibt es nur angemeldet.")

    def create_token(self) -> str:
        """A new token for the user's personal feed; only its hash is stored."""
        user = self._user()
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.sessions.begin() as session:
            session.add(FeedToken(user_id=user, token_hash=secret_hash(token)))
        return token

    def revoke_token(self, token_id: int) -> bool:
        """False if the token is not the user's own (or already revoked): nothing changes."""
        user = self._user()
        with self.sessions.begin() as session:
            row = session.get(FeedToken, token_id)
            if row is None or row.user_id != user or row.revoked_at is not None:
                return False
            row.revoked_at = datetime.now(UTC)
            return True

    def tokens(self) -> list[FeedTokenOut]:
        user = self._user()
        stmt = (select(FeedToken).where(FeedToken.user_id == user, FeedToken.revoked_at.is_(None))
                .order_by(FeedToken.id))
        with self.sessions() as session:
            return [FeedTokenOut(id=t.id, created_at=t.created_at) for t in session.scalars(stmt)]

    def personal(self, token: str) -> list[FeedEntry] | None:
        """The token owner's "Neu für mich" entries (seen or not); None for any unusable token."""
        with self.sessions() as session:
            row = session.scalar(select(FeedToken).where(FeedToken.token_hash == secret_hash(token)))
            user = session.get(User, row.user_id) if row is not None and row.revoked_at is None else None
            if user is None or not user.active:
                return None
            principal = principal_of(user)
        return [_entry(p) for p in self.following.acting(principal).recent()]

    def district(self, slug: str) -> tuple[str, list[FeedEntry]] | None:
        """(district, entries): its netzwerk questions and the answers it gave; None: unknown."""
        name = SLUGS.get(slug)
        if name is None:
            return None
        return name, self._public(Question.district == name, Answer.district == name)

    def group(self, slug: str) -> tuple[str, list[FeedEntry]] | None:
        """(group name, entries): its netzwerk questions and their answers; None: unknown or inactive."""
        with self.sessions() as session:
            group = session.scalar(select(WorkingGroup).where(WorkingGroup.slug == slug, WorkingGroup.active))
            if group is None:
                return None
            name, gid = group.name, group.id
        return name, self._public(Question.working_group_id == gid, Question.working_group_id == gid)

    def _public(self, questions: ColumnElement[bool], answers: ColumnElement[bool]) -> list[FeedEntry]:
        shown = shown_questions(ANONYMOUS)  # what every reader may see: netzwerk, sichtbar
        q_stmt = select(Question).where(shown, questions).order_by(Question.created_at.desc(), Question.id.desc())
        a_stmt = (select(Answer, Question).join(Question, Answer.question_id == Question.id)
                  .where(shown, Answer.status == SICHTBAR, answers)
                  .order_by(Answer.created_at.desc(), Answer.id.desc()))
        with self.sessions() as session:
            refs = [PostRef(kind="frage", question_id=q.id, post_id=q.id, title=q.title, district=q.district,
                            author=q.author_login, at=q.created_at) for q in session.scalars(q_stmt.limit(LIMIT))]
            refs += [PostRef(kind="antwort", question_id=q.id, post_id=a.id, title=q.title, district=a.district,
                             author=a.author_login, at=a.created_at) for a, q in session.execute(a_stmt.limit(LIMIT))]
        return sorted((_entry(r) for r in refs), key=lambda e: (e.updated, e.key), reverse=True)[:LIMIT]


def _entry(ref: PostRef) -> FeedEntry:
    if ref.kind == "antwort":
        return FeedEntry(f"antwort-{ref.post_id}", f"Antwort aus {ref.district}: {ref.title}", ref.url,
                         f"So handhabt es {ref.district} ({ref.author})", as_utc(ref.at))
    return FeedEntry(f"frage-{ref.post_id}", f"Frage aus {ref.district}: {ref.title}", ref.url,
                     f"Frage an das Netzwerk aus {ref.district} ({ref.author})", as_utc(ref.at))
