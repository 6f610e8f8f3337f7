"""Working groups: the configured list synchronised into the database, each group's page
(minutes, members, open questions, newest answers) and membership.

Minutes are documents of type `Protokoll` tagged with the group (`documents.working_group`,
from the metadata field `arbeitsgruppe`, `kb ingest --group` or the upload form); what a user
sees of them, and of the group's threads, follows the rules for documents (`kb.access`): the
condition is part of each query, so a page lists and counts only what its reader may see.
"""

from __future__ import annotations

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ingest.errors import IngestError
from ingest.models import DocType
from kb.access import AccessDenied, Acting, visible_documents
from kb.db.models import Document, User
from kb.db.network_models import SICHTBAR, Answer, GroupMember, Question, WorkingGroup
from kb.network_config import NetworkSettings
from kb.services import audit
from kb.services.group_schemas import GroupInfo, GroupPage, Member, Minute, PostRef
from kb.services.post_visibility import shown_questions


def sync_groups(sessions: sessionmaker[Session], configured: dict[str, str]) -> None:
    """Configured groups become active rows (new ones added, names updated); groups no longer
    configured are deactivated, never deleted: their minutes and threads keep their group."""
    try:
        with sessions.begin() as session:
            rows = {g.slug: g for g in session.scalars(select(WorkingGroup))}
            for slug, name in configured.items():
                row = rows.get(slug) or WorkingGroup(slug=slug, name=name)
                row.name, row.active = name, True
                session.add(row)
            for slug, row in rows.items():
                row.active = slug in configured
    except IntegrityError:  # another process started at the same moment and added them
        pass


def check_group(sessions: sessionmaker[Session], slug: str | None) -> None:
    """Refuse minutes for a group that is not (or no longer) configured, before anything is stored."""
    if slug is None:
        return
    with sessions() as session:
        known = session.scalars(select(WorkingGroup.slug).where(WorkingGroup.active).order_by(WorkingGroup.id))
        names = list(known)
    if slug not in names:
        raise IngestError(f"Unbekannte Arbeitsgruppe '{slug}' (bekannt: {', '.join(names) or 'keine'})")


class WorkingGroups(Acting):
    """Lists, pages and membership of working groups, for the bound principal."""

    def __init__(self, settings: NetworkSettings, sessions: sessionmaker[Session]) -> None:
        self.settings = settings
        self.sessions = sessions

    def sync(self) -> None:
        sync_groups(self.sessions, self.settings.groups)

    def list(self) -> list[GroupInfo]:
        """The active groups, in the configured order."""
        with self.sessions() as session:
            rows = session.scalars(select(WorkingGroup).where(WorkingGroup.active).order_by(WorkingGroup.id))
            order = list(self.settings.groups)
            groups = sorted(rows, key=lambda g: order.index(g.slug) if g.slug in order else len(order))
            return [self._info(session, g) for g in groups]

    def page(self, slug: str) -> GroupPage | None:
        """None for an unknown or deactivated group (a 404)."""
        with self.sessions() as session:
            group = self._active(session, slug)
            if group is None:
                return None
            limit = self.settings.group_posts_limit
            return GroupPage(group=self._info(session, group), minutes=self._minutes(session, slug),
                             members=self._members(session, group.id),
                             open_questions=self._open_questions(session, group.id, limit),
                             answers=self._answers(session, group.id, limit), can_manage=self.principal.is_admin)

    def join(self, slug: str, login: str | None = None) -> GroupInfo | None:
        """The acting user joins; an admin may add anyone (`login`). None: no such group."""
        return self._membership(slug, login, joining=True)

    def leave(self, slug: str, login: str | None = None) -> GroupInfo | None:
        return self._membership(slug, login, joining=False)

    def _membership(self, slug: str, login: str | None, joining: bool) -> GroupInfo | None:
        user_id = self._member_id(login)
        with self.sessions.begin() as session:
            group = self._active(session, slug)
            if group is None:
                return None
            row = session.get(GroupMember, (group.id, user_id))
            if joining and row is None:
                session.add(GroupMember(group_id=group.id, user_id=user_id))
            elif not joining and row is not None:
                session.delete(row)
            else:
                return self._info(session, group)
            audit.record(session, self.principal, "group_join" if joining else "group_leave", "working_group",
                         slug, {"login": login or self.principal.login})
            session.flush()
            return self._info(session, group)

    def _member_id(self, login: str | None) -> int:
        """Whose membership changes: one's own; another user's only by an admin."""
        principal = self.principal
        if principal.anonymous or (principal.user_id is None and login is None):
            raise AccessDenied("Bitte melden Sie sich an, um einer Arbeitsgruppe beizutreten.")
        if login is None or login.strip().lower() == principal.login:
            return principal.user_id
        if not principal.is_admin:
            raise AccessDenied("Andere Mitglieder eintragen oder austragen darf nur die Verwaltung.")
        with self.sessions() as session:
            user_id = session.scalar(select(User.id).where(User.login == login.strip().lower(), User.active))
        if user_id is None:
            raise IngestError(f"Kein aktiver Benutzer '{login}'.")
        return user_id

    @staticmethod
    def _active(session: Session, slug: str) -> WorkingGroup | None:
        return session.scalar(select(WorkingGroup).where(WorkingGroup.slug == slug, WorkingGroup.active))

    def _minutes_query(self, slug: str):
        return select(Document).where(Document.working_group == slug, Document.doc_type == DocType.PROTOKOLL.value,
                                      Document.superseded_by_id.is_(None), visible_documents(self.principal))

    def _info(self, session: Session, group: WorkingGroup) -> GroupInfo:
        members = session.scalar(select(func.count()).where(GroupMember.group_id == group.id))
        minutes = session.scalar(select(func.count()).select_from(self._minutes_query(group.slug).subquery()))
        me = self.principal.user_id
        member = me is not None and session.get(GroupMember, (group.id, me)) is not None
        return GroupInfo(slug=group.slug, name=group.name, description=group.description, active=group.active,
                         members=members or 0, minutes=minutes or 0, member=member)

    def _minutes(self, session: Session, slug: str) -> list[Minute]:
        stmt = self._minutes_query(slug).order_by(Document.doc_date.desc().nulls_last(), Document.id.desc())
        rows = session.scalars(stmt.limit(self.settings.group_minutes_limit))
        return [Minute(id=d.id, title=d.title, district=d.district, day=d.doc_date, visibility=d.visibility)
                for d in rows]

    @staticmethod
    def _members(session: Session, group_id: int) -> list[Member]:
        stmt = (select(User, GroupMember.since).join(GroupMember, GroupMember.user_id == User.id)
                .where(GroupMember.group_id == group_id, User.active).order_by(User.district, User.login))
        return [Member(login=u.login, display_name=u.display_name, district=u.district, since=since)
                for u, since in session.execute(stmt)]

    def _open_questions(self, session: Session, group_id: int, limit: int) -> list[PostRef]:
        answered = exists().where(Answer.question_id == Question.id, Answer.status == SICHTBAR)
        stmt = (select(Question).where(Question.working_group_id == group_id, shown_questions(self.principal),
                                       ~answered).order_by(Question.created_at.desc()).limit(limit))
        return [PostRef(kind="frage", question_id=q.id, title=q.title, district=q.district,
                        author=q.author_login, at=q.created_at) for q in session.scalars(stmt)]

    def _answers(self, session: Session, group_id: int, limit: int) -> list[PostRef]:
        stmt = (select(Answer, Question.title).join(Question, Answer.question_id == Question.id)
                .where(Question.working_group_id == group_id, shown_questions(self.principal),
                       Answer.status == SICHTBAR).order_by(Answer.created_at.desc()).limit(limit))
        return [PostRef(kind="antwort", question_id=a.question_id, post_id=a.id, title=title, district=a.district,
                        author=a.author_login, at=a.created_at) for a, title in session.execute(stmt)]
