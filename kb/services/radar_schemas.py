"""What the change radar shows: a flag with its document, law version pair and norms."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from ingest.legal import law_of_norm
from kb.services.api_types import UtcDateTime
from kb.services.law_schemas import norm_anchor

STATES = {"offen": "offen", "geprüft": "geprüft, weiterhin gültig", "ersetzt": "ersetzt"}
Decision = Literal["geprüft", "ersetzt"]


class RadarNorm(BaseModel):
    norm: str  # "SGB II § 15"
    state: str  # changed | repealed
    anchor: str  # the norm's section on the change page


class RadarFlagOut(BaseModel):
    id: int
    document_id: int
    title: str
    district: str | None
    visibility: str
    doc_day: date
    law: str
    old_law_id: int
    new_law_id: int
    old_version: int
    new_version: int
    law_valid_from: date
    norms: list[RadarNorm]
    state: str
    state_label: str
    replaced_by_id: int | None = None
    checked_by: str | None = None
    checked_at: UtcDateTime | None = None
    created_at: UtcDateTime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def change_url(self) -> str:
        """The change page for the flag's version pair (append "#" and a norm's anchor)."""
        return f"/rechtsaenderungen/{self.law}?from={self.old_version}&to={self.new_version}"


def radar_norms(norms: dict[str, str]) -> list[RadarNorm]:
    return [RadarNorm(norm=n, state=s, anchor=norm_anchor(n[len(law_of_norm(n)):].strip()))
            for n, s in sorted(norms.items())]


class RadarFilters(BaseModel):
    district: str | None = None
    law: str | None = None
    norm: str | None = None
    state: str | None = None


class RadarPage(BaseModel):
    flags: list[RadarFlagOut]
    filters: RadarFilters = Field(default_factory=RadarFilters)
    districts: list[str] = Field(default_factory=list)  # what the district filter offers
    laws: list[str] = Field(default_factory=list)
    can_mark: bool = False
    states: dict[str, str] = Field(default_factory=lambda: dict(STATES))


class RadarMark(BaseModel):
    """`geprüft`: still valid; `ersetzt`: replaced by document `replaced_by` (which then replaces it)."""

    state: Decision
    replaced_by: int | None = None
