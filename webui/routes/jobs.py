"""Jobs in the web: the job page (updates itself: by reload without JavaScript, by polling
`GET /api/jobs/{id}` with it), the list of recent jobs, re-indexing as a job, and the JSON API
(`POST /api/jobs` queues an upload and answers 202 at once). A job is seen by its creator and
by admins; for everyone else it does not exist (404)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, Response, UploadFile, status
from fastapi.responses import HTMLResponse, RedirectResponse

from kb.domain import IngestError
from kb.services.job_schemas import JobInfo
from webui.deps import Admin, Config, Editor, Jobs
from webui.params import JobId
from webui.routes.admin import form_hints
from webui.security import check_csrf
from webui.uploads import Lifecycle, stage_upload

router = APIRouter()
REFRESH_SECONDS = 3  # the job page without JavaScript reloads itself this often while the job runs


def _job(jobs: Jobs, job_id: int) -> JobInfo:
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "Auftrag nicht gefunden.")
    return job


@router.get("/verwaltung/auftraege", response_class=HTMLResponse, include_in_schema=False)
def jobs_page(request: Request, jobs: Jobs):
    return request.app.state.templates.TemplateResponse(
        request, "jobs.html", {"jobs": jobs.recent(), "nav": "auftraege"})


@router.get("/verwaltung/auftraege/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, job_id: JobId, jobs: Jobs):
    return request.app.state.templates.TemplateResponse(
        request, "job.html", {"job": _job(jobs, job_id), "nav": "auftraege", "refresh": REFRESH_SECONDS})


@router.post("/verwaltung/neu-indizieren", include_in_schema=False)
def reindex(request: Request, jobs: Jobs, _: Admin, csrf: Annotated[str, Form()]):
    check_csrf(request, csrf)
    job = jobs.get(jobs.create_reindex()[0])
    return RedirectResponse(f"/verwaltung/auftraege/{job.id}", status.HTTP_303_SEE_OTHER)


@router.get("/api/jobs", response_model=list[JobInfo], tags=["Aufträge"], summary="Letzte Aufträge")
def api_jobs(jobs: Jobs) -> list[JobInfo]:
    """The newest 50 jobs: one's own, all of them for admins (without their items)."""
    return jobs.recent()


@router.get("/api/jobs/{job_id}", response_model=JobInfo, tags=["Aufträge"], summary="Ein Auftrag mit Dateien")
def api_job(job_id: JobId, jobs: Jobs) -> JobInfo:
    return _job(jobs, job_id)


@router.post("/api/jobs", response_model=JobInfo, status_code=202, tags=["Aufträge"],
             summary="Dateien (auch ZIP-Archive) als Auftrag hochladen")
async def api_upload_job(response: Response, jobs: Jobs, config: Config, principal: Editor,
                         files: Annotated[list[UploadFile], File()], lifecycle: Lifecycle,
                         district: Annotated[str, Form()] = "", doc_type: Annotated[str, Form()] = "",
                         when: Annotated[str, Form()] = "", visibility: Annotated[str, Form()] = "") -> JobInfo:
    """Queues the files and answers at once (202); `Location` is the job to poll."""
    hints = form_hints(principal, district, doc_type, when, visibility, lifecycle)
    try:
        job = await stage_upload(jobs, files, config.web.max_upload_mb, hints, "api")
    except IngestError as exc:
        raise HTTPException(422, str(exc)) from exc
    response.headers["Location"] = f"/api/jobs/{job.id}"
    return job
