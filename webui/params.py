"""Parameter types shared by every route, so a bound is stated once and holds everywhere.

An id in a path, a query or a form field is a `DocumentId`/`ChunkId`: a whole number from 1 to
the largest SQL INTEGER. Out of range it is a 422 with a German message before any query runs
(an unchecked `2**63` used to reach the database driver and end in a 500). Years go through
`kb.services.schemas.Year` for the same reason.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import Field

from kb.services.schemas import RowId, Year

DocumentId = Annotated[RowId, Field(description="Dokument-ID", examples=[1])]
ChunkId = Annotated[RowId, Field(description="Abschnitts-ID", examples=[1])]
JobId = Annotated[RowId, Field(description="Auftrags-ID", examples=[1])]
Years = Annotated[list[Year], Query(description="Jahr (mehrfach: oder), 1–9999")]
Limit = Annotated[int, Query(ge=1, le=1000, description="höchstens so viele Einträge")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="so viele Einträge überspringen")]

__all__ = ["ChunkId", "DocumentId", "JobId", "Limit", "Offset", "Year", "Years"]
