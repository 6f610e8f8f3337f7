"""The notice every page shows while the server reads the sample corpus on its first start.

`kb serve` answers at once and reads the corpus as a background job (`kb_cli.serve_start`); until
that job ends, results are incomplete, and a page must say so instead of looking empty. The job is
the server's own (created by the system, its id kept in `app.state.sample_job`), so reading its
counts needs no user's rights; once it has ended, the notice costs nothing.
"""

from __future__ import annotations

from fastapi import Request

FINISHED = ("done", "failed")


def sample_progress(request: Request) -> tuple[int, int] | None:
    """(files done, files total) while the sample job runs, else None."""
    state = request.app.state
    job_id = getattr(state, "sample_job", None)
    if job_id is None:
        return None
    job = state.kb.jobs.get(job_id)
    if job is None or job.state in FINISHED:
        state.sample_job = None
        return None
    return job.files_done, job.files_total
