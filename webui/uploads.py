"""Reading uploads from a request into a job: each file bounded in size, staged on disk at once.

Shared by the upload form and `POST /api/jobs`, so both refuse the same things with the same
German message; what the files may contain (ZIP limits, formats) is decided in the core.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, HTTPException, UploadFile
from fastapi.concurrency import run_in_threadpool

from kb.domain import MetaHints
from kb.services.job_schemas import JobInfo
from kb.services.jobs import JobService


def lifecycle_fields(valid_from: Annotated[str, Form(description="gültig ab JJJJ-MM-TT")] = "",
                     valid_to: Annotated[str, Form(description="gültig bis JJJJ-MM-TT")] = "",
                     replaces: Annotated[str, Form(max_length=1000, description="ersetzt dieses Dokument "
                                                                                "(ID oder Dateiname)")] = "",
                     stand: Annotated[str, Form(max_length=300, description="Gesetzestexte: Stand (Datum oder "
                                                                            "Wörter mit Datum)")] = "",
                     working_group: Annotated[str, Form(max_length=64, description="Protokolle: Kürzel der "
                                                                                   "Arbeitsgruppe")] = "",
                     ) -> dict[str, str]:
    """The upload's validity fields (and a law text's Stand, a minute's working group), the same in the
    form and in both upload APIs."""
    return {"valid_from": valid_from, "valid_to": valid_to, "replaces": replaces.strip(), "stand": stand.strip(),
            "working_group": working_group.strip()}


Lifecycle = Annotated[dict[str, str], Depends(lifecycle_fields)]


async def read_limited(upload: UploadFile, limit_mb: int) -> bytes:
    """Read an upload, refusing it as soon as it exceeds the limit (no unbounded memory use)."""
    limit = limit_mb * 1_000_000
    data = bytearray()
    while chunk := await upload.read(1 << 20):
        data += chunk
        if len(data) > limit:
            raise HTTPException(413, f"Datei zu groß (Grenze {limit_mb} MB).")
    return bytes(data)


async def stage_upload(jobs: JobService, files: list[UploadFile], limit_mb: int, hints: MetaHints | None,
                       source: str) -> JobInfo:
    """Stage the files (ZIP archives expanded) and queue them as one upload job. A refused file
    (`UploadRefused`, an `IngestError`) or an oversized one leaves nothing behind."""
    batch = await run_in_threadpool(jobs.upload_batch)
    with batch:
        for item in files:
            data = await read_limited(item, limit_mb)
            await run_in_threadpool(batch.add, item.filename or "upload", data)
        return await run_in_threadpool(jobs.submit_upload, batch, hints, source)
