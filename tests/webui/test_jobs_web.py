"""Jobs in the web app: the upload form queues a job and lands on its page, the page tells each
file's result in German and refreshes itself while the job runs, `POST /api/jobs` answers 202,
and a job is seen by its creator and admins only. The app's worker is not started here (no
lifespan): each test works the queue off itself, so every state can be looked at."""

from __future__ import annotations

import io
import zipfile

import pytest
from fastapi.testclient import TestClient

from kb.access import SYSTEM
from tests.webui.logins import bearer, csrf_of, login
from webui.app import create_app

PASSWORD = "geheim-genug-123"
HTML = {"accept": "text/html"}


def md(title: str, text: str) -> bytes:
    return f"# {title}\n\n{text} nach § 22 SGB II.\n".encode()


@pytest.fixture
def app(fake_kb):
    for name, district, role in (("kusel.red", "Kusel", "redakteur"), ("saar.red", "Saarlouis", "redakteur"),
                                 ("kusel.leser", "Kusel", "leser")):
        fake_kb.accounts.add_user(SYSTEM, name, PASSWORD, district, role)
    return create_app(fake_kb)


def signed_in(app, name: str = "admin", password: str = "test-passwort") -> TestClient:
    client = TestClient(app)
    assert login(client, name, password).status_code == 303
    return client


def upload(client, files: list[tuple[str, bytes]], **form):
    token = csrf_of(client.get("/verwaltung", headers=HTML).text)
    data = {"csrf": token, "visibility": "netzwerk", **form}
    return client.post("/verwaltung/hochladen", data=data, files=[("files", f) for f in files],
                       follow_redirects=False)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def test_the_upload_form_queues_a_job_whose_page_shows_progress_and_each_result(app, fake_kb):
    client = signed_in(app)
    folder = zipped({"ordner/a.md": md("A", "Mietkaution"), "ordner/b.md": md("B", "Heizkosten")})
    queued = upload(client, [("c.txt", md("C", "Umzug")), ("ordner.zip", folder)], district="Kusel")
    assert queued.status_code == 303
    page = client.get(queued.headers["location"], headers=HTML)
    assert page.status_code == 200 and "wartet" in page.text and "0 von 3 Dateien verarbeitet" in page.text
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page.text
    assert '<progress id="job-progress" max="3" value="0">' in page.text

    assert fake_kb.job_runner.run_pending() == 1
    done = client.get(queued.headers["location"], headers=HTML).text
    assert "fertig" in done and "3 von 3 Dateien verarbeitet" in done and 'http-equiv="refresh"' not in done
    assert done.count("<td>neu</td>") == 3 and "<td>ordner/a.md</td>" in done and "Angelegt von" in done

    again = upload(client, [("c.txt", md("C", "Umzug, neu gefasst")), ("ordner.zip", folder),
                            ("kopie.md", md("A", "Mietkaution"))], district="Kusel")
    fake_kb.job_runner.run_pending()
    results = client.get(again.headers["location"], headers=HTML).text
    for label in ("neue Fassung", "unverändert", "Duplikat"):
        assert f"<td>{label}</td>" in results, label
    listing = client.get("/verwaltung/auftraege", headers=HTML).text
    assert listing.count("Hochladen") >= 2 and "Aufträge" in listing


def test_a_refused_archive_is_explained_on_the_form_and_nothing_is_stored(app, fake_kb):
    client = signed_in(app)
    fake_kb.settings.jobs.zip_max_members = 2
    refused = upload(client, [("viel.zip", zipped({f"{n}.md": md(str(n), "Text") for n in range(3)}))])
    assert refused.status_code == 422 and "enthält 3 Einträge; erlaubt sind höchstens 2" in refused.text
    assert client.get("/api/jobs").json() == [] and fake_kb.documents.list() == []


def test_the_jobs_api_queues_uploads_with_a_token_and_answers_202(app, fake_kb):
    client = TestClient(app)
    files = [("files", ("a.md", md("A", "Mietkaution"), "text/markdown")),
             ("files", ("b.md", md("B", "Heizkosten"), "text/markdown"))]
    assert client.post("/api/jobs", files=files).status_code == 401
    assert signed_in(app).post("/api/jobs", files=files).status_code == 401  # a cookie alone writes nothing
    created = client.post("/api/jobs", files=files, data={"district": "Kusel"}, headers=bearer(fake_kb))
    assert created.status_code == 202 and created.json()["state"] == "queued"
    location = created.headers["location"]
    assert location == f"/api/jobs/{created.json()['id']}"
    fake_kb.job_runner.run_pending()
    job = client.get(location, headers=bearer(fake_kb)).json()
    assert (job["state"], job["files_done"], job["kind"]) == ("done", 2, "upload")
    assert [(i["name"], i["status"], i["status_label"]) for i in job["items"]] == [
        ("a.md", "added", "neu"), ("b.md", "added", "neu")]
    assert job["params"]["hints"]["district"] == "Kusel"
    assert [j["id"] for j in client.get("/api/jobs", headers=bearer(fake_kb)).json()] == [job["id"]]


def test_a_job_is_seen_by_its_creator_and_admins_and_readers_cannot_upload(app, fake_kb):
    editor = signed_in(app, "kusel.red", PASSWORD)
    location = upload(editor, [("k.md", md("K", "Kusel"))]).headers["location"]
    job_id = location.rsplit("/", 1)[1]
    other, admin = signed_in(app, "saar.red", PASSWORD), signed_in(app)
    assert editor.get(location, headers=HTML).status_code == 200
    assert other.get(location, headers=HTML).status_code == 404
    assert other.get(f"/api/jobs/{job_id}").status_code == 404
    assert other.get("/api/jobs").json() == []
    assert admin.get(f"/api/jobs/{job_id}").json()["login"] == "kusel.red"
    reader = signed_in(app, "kusel.leser", PASSWORD)
    assert reader.get("/verwaltung/auftraege", headers=HTML).status_code == 403
    assert reader.get(f"/api/jobs/{job_id}").status_code == 403
    token = csrf_of(reader.get("/", headers=HTML).text)
    files = [("files", ("x.md", md("X", "Leser"), "text/markdown"))]
    assert reader.post("/verwaltung/hochladen", data={"csrf": token, "visibility": "netzwerk"},
                       files=files).status_code == 403
    assert TestClient(app).post("/api/jobs", files=files, headers=bearer(fake_kb, "kusel.leser")).status_code == 403
    assert len(admin.get("/api/jobs").json()) == 1


def test_admins_rebuild_the_indexes_as_a_job(app, fake_kb):
    admin = signed_in(app)
    token = csrf_of(admin.get("/verwaltung", headers=HTML).text)
    done = admin.post("/verwaltung/neu-indizieren", data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303
    fake_kb.job_runner.run_pending()
    page = admin.get(done.headers["location"], headers=HTML).text
    assert "Indizes neu aufbauen" in page and "<td>erledigt</td>" in page and "Vektoren im Index" in page
    editor = signed_in(app, "kusel.red", PASSWORD)
    token = csrf_of(editor.get("/verwaltung", headers=HTML).text)
    assert editor.post("/verwaltung/neu-indizieren", data={"csrf": token}).status_code == 403
    assert admin.post("/verwaltung/neu-indizieren", data={"csrf": "falsch"}).status_code == 403
