"""Public data of working groups and the contact directory: one object per answer, used by the
JSON API and the HTML pages alike (see `kb.services.schemas`)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from kb.services.api_types import UtcDateTime
from kb.services.network_names import thread_path


class GroupInfo(BaseModel):
    slug: str
    name: str
    description: str = ""
    active: bool = True
    members: int = 0
    minutes: int = 0  # minutes the acting user may see
    member: bool = False  # the acting user is a member


class Minute(BaseModel):
    """A Protokoll of the group, as the acting user may see it."""

    id: int
    title: str
    district: str | None
    day: date | None
    visibility: str


class Member(BaseModel):
    login: str
    display_name: str
    district: str
    since: UtcDateTime


class PostRef(BaseModel):
    """A question or an answer of the group's threads, linking to the thread."""

    kind: str  # frage | antwort
    question_id: int
    post_id: int = 0  # the answer's id for answers: tells two answers to one question apart
    title: str
    district: str
    author: str
    at: UtcDateTime

    @property
    def url(self) -> str:
        """The thread; for an answer, at the answer."""
        return thread_path(self.question_id, self.post_id if self.kind == "antwort" else None)


class FollowOut(BaseModel):
    kind: str  # frage | gruppe | norm
    target: str  # question id, group slug or norm ("SGB II § 22")
    following: bool
    label: str = ""  # what a person reads: "AG Leistung", the question's title, "SGB II § 22"


class NewsPage(BaseModel):
    """"Neu für mich": new posts in what the user follows since `since` (the previous visit)."""

    since: UtcDateTime
    items: list[PostRef] = Field(default_factory=list)
    follows: list[FollowOut] = Field(default_factory=list)


class GroupPage(BaseModel):
    group: GroupInfo
    minutes: list[Minute] = Field(default_factory=list)
    members: list[Member] = Field(default_factory=list)
    open_questions: list[PostRef] = Field(default_factory=list)
    answers: list[PostRef] = Field(default_factory=list)
    can_manage: bool = False  # admins add and remove other members


class ContactIn(BaseModel):
    """A contact entry as a redakteur states it: a function mailbox or a work contact, never private."""

    district: str | None = Field(None, max_length=128)  # None: the acting user's own district
    topic: str = Field("", max_length=200)  # empty ones are refused by the service, in German
    name: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=64)
    working_group: str | None = Field(None, max_length=64)


class ContactOut(BaseModel):
    id: int
    district: str
    topic: str
    name: str
    email: str
    phone: str
    working_group: str | None = None
    updated_by: str
    updated_at: UtcDateTime
    editable: bool = False  # the acting user may change it


class ContactList(BaseModel):
    contacts: list[ContactOut]
    districts: list[str]  # districts the acting user may add entries for
