"""What the law-change page, `GET /api/law-changes`, `kb law-changes` and the norm history show:
one set of models, so page, API and command line cannot drift apart."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, Field

NORM_STATES = ("unchanged", "changed", "new", "repealed")
"""A norm's change from one version of its law to the next (`DocumentDiff.norm_states`)."""


def norm_anchor(number: str) -> str:
    """The id of a norm's section on the change page: "§ 15a" → "norm-15a", "Art. 3" → "norm-art3"."""
    return "norm-" + re.sub(r"[^0-9a-z]+", "", number.lower().replace("art.", "art"))


class LawVersion(BaseModel):
    """One ingested text of a law, with the legal state it shows."""

    id: int  # the document
    version: int
    title: str
    source: str
    law: str | None  # the name it was read in with ("BürgergeldV" for a text before the renaming)
    stand: date  # the stated Stand, else the day it was read in
    stand_note: str | None = None  # "zuletzt geändert durch Art. 2 G v. 24.2.2025 I Nr. 57"
    stand_stated: bool = True  # False: no Stand in the file, `stand` is the day it was read in
    valid_from: date | None = None
    state: str = "current"  # today: current | superseded | expired | future (see validity.state_on)
    district: str | None = None
    visibility: str = "netzwerk"


class LawSummary(BaseModel):
    """A law with more than one ingested version, for the list of laws."""

    law: str  # its name today ("GrusiGV")
    former_names: list[str] = Field(default_factory=list)  # ["BürgergeldV"]
    versions: list[LawVersion]


class ParagraphChange(BaseModel):
    """One Absatz (list item, sentence after a list) of a norm that is not word for word equal."""

    state: str  # changed | added | removed | moved
    tokens: list[tuple[str, str]]  # (equal | insert | delete, words)


class NormChange(BaseModel):
    """A norm that changed, came or went between the two versions."""

    norm: str  # "§ 15"
    norm_id: str  # "SGB II § 15": its page is /normen/{norm_id}
    anchor: str  # its section on the change page ("norm-15")
    state: str  # changed | new | repealed
    title: str
    title_tokens: list[tuple[str, str]] = Field(default_factory=list)  # a changed heading
    moved: bool = False
    paragraphs: list[ParagraphChange]
    unchanged_paragraphs: int = 0


class TermPair(BaseModel):
    """A term the amendment replaced systematically — for review, never applied on its own."""

    old: str
    new: str
    norms: list[str]  # where it was replaced ("§ 19", …)
    before: int  # occurrences of the old term in the old version
    after: int  # … and in the new one
    in_vocabulary: bool = False  # the field vocabulary already treats both as one term


class LawChangeReport(BaseModel):
    """Two versions of a law and what changed from the older to the newer."""

    law: str
    former_names: list[str] = Field(default_factory=list)
    old: LawVersion
    new: LawVersion
    versions: list[LawVersion]  # every version the principal may see, oldest first
    counts: dict[str, int]  # norms per state (NORM_STATES)
    norm_states: dict[str, str]  # "§ 15" → state, every norm of either version
    norms: list[NormChange]  # the norms not unchanged, in the order of the new version
    terms: list[TermPair]
    min_norms: int  # a term pair counts from this many norms on


class NormVersion(BaseModel):
    """A norm in one version of its law, compared with the version before."""

    version: LawVersion
    state: str  # first | unchanged | changed | new | repealed | absent
    previous: int | None = None  # the version number compared with (its diff: from=previous&to=version)


class NormHistory(BaseModel):
    """A norm across the ingested versions of its law, oldest first."""

    norm: str  # "SGB II § 15"
    law: str
    number: str  # "§ 15"
    anchor: str  # the norm's section on the change page
    entries: list[NormVersion]
