"""Value types of the public data that several schema modules share: bounded ids and years,
and stored times with their zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from kb.db.models import MAX_ID

RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A document, chunk or feedback id as it may arrive from outside (URL, form, JSON)."""
Year = Annotated[int, Field(ge=date.min.year, le=date.max.year)]
"""A year a date can have (1–9999): `year=99999` is refused, not turned into a broken date."""


def as_utc(value: datetime | None) -> datetime | None:
    """Times are stored in UTC; SQLite hands them back without the zone, the API names it."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


UtcDateTime = Annotated[datetime, AfterValidator(as_utc)]
"""A stored time as the API gives it: RFC 3339 with its zone ("…T14:05:00Z"), as the schema's
`date-time` format requires."""
