"""Every file of the bad-input corpus (`tests/data/bad/make_bad.py`), through `kb ingest` and
through a web upload job: refused with a German message that names the cause, or ingested
safely; within the limits; and nothing that was stored before changes (documents, chunks,
vector and lexical index).

The limits are small here (200 000 characters, 50 pages, 20 MB unpacked, 100 chunks): the point
is the mechanism, and small limits keep every case fast. `test_bad_input_live.py` runs the two
files of issue 17 against the default limits and a live server.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from kb.config import Settings
from kb.db.models import Chunk, Document
from kb.services.knowledge_base import KnowledgeBase
from kb_cli.main import app as cli_app
from tests.conftest import CORPUS as SAMPLES
from tests.conftest import MODEL_CACHE
from tests.data.bad.make_bad import CORPUS, Bad, make_all
from tests.webui.logins import bearer
from webui.app import create_app

SMALL = {"max_document_chars": 200_000, "max_pages": 50, "max_unpacked_mb": 20, "max_document_chunks": 100,
         "max_parse_seconds": 20}
ENGLISH = ("Error", "Traceback", "Invalid", "stream", "File is not", "object", "None")


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, Path]:
    return make_all(tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="module")
def bad_kb(tmp_path_factory):
    """A store with two real documents already in it, and the small limits."""
    data = tmp_path_factory.mktemp("kb") / "data"
    settings = Settings(data_dir=data, embedder="fake", model_dir=MODEL_CACHE, admin_password="test-passwort",
                        secret_key="test-secret", **SMALL)
    kb = KnowledgeBase(settings)
    report = kb.ingesting.ingest([SAMPLES / "kusel", SAMPLES / "saarlouis"])
    assert report.count("added") >= 2
    yield kb
    kb.close()


def stored(kb: KnowledgeBase) -> dict:
    """What must not change: each document with its hash and chunks, the index files' figures."""
    with kb.sessions() as session:
        docs = {d.id: (d.content_hash, d.source_key, d.title) for d in session.scalars(select(Document))}
        chunks = dict(session.execute(select(Chunk.document_id, func.count()).group_by(Chunk.document_id)).all())
    check = kb.admin.check(kb.ingesting.write_lock)
    assert check.ok, check
    return {"documents": docs, "chunks": chunks, "indexed": [i.indexed for i in check.indexes]}


def via_cli(kb: KnowledgeBase, path: Path, monkeypatch) -> tuple[str, str]:
    """`kb ingest PATH --json` in this process, on the same data directory and limits."""
    for key, value in {"KB_DATA_DIR": str(kb.settings.storage.data_dir), "KB_EMBEDDER": "fake",
                       **{f"KB_{k.upper()}": str(v) for k, v in SMALL.items()}}.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(cli_app, ["ingest", str(path), "--json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    outcome = json.loads(result.stdout[result.stdout.index("{"):])["files"][0]
    return outcome["status"], outcome.get("reason") or ""


def via_upload(kb: KnowledgeBase, bad: Bad, path: Path) -> tuple[str, str]:
    """`POST /api/jobs` with the file under the name a browser sent, then the job worked off."""
    client = TestClient(create_app(kb))
    created = client.post("/api/jobs", files=[("files", (bad.sent_name, path.read_bytes()))], headers=bearer(kb))
    if created.status_code != 202:  # refused at the door (too big for an upload, no usable name)
        assert created.status_code in (400, 413, 422), created.text
        return "failed", created.json()["detail"]
    kb.job_runner.run_pending()
    job = client.get(f"/api/jobs/{created.json()['id']}", headers=bearer(kb)).json()
    assert job["state"] == "done", job
    item = job["items"][0]
    return item["status"], item["reason"]


def assert_only_new(before: dict, after: dict, expect_new: int) -> None:
    """Old documents unchanged (same hash, key, chunks); exactly `expect_new` documents more."""
    old = before["documents"]
    assert {i: after["documents"][i] for i in old} == old
    assert {i: after["chunks"].get(i) for i in old} == {i: before["chunks"].get(i) for i in old}
    assert len(after["documents"]) == len(old) + expect_new
    new_chunks = sum(after["chunks"].values()) - sum(before["chunks"].values())
    assert after["indexed"] == [n + new_chunks for n in before["indexed"]]


@pytest.mark.parametrize("route", ["cli", "upload"])
@pytest.mark.parametrize("bad", CORPUS, ids=[b.file for b in CORPUS])
def test_every_bad_file_is_refused_clearly_or_ingested_safely(bad, route, bad_files, bad_kb, monkeypatch):
    before = stored(bad_kb)
    started = time.monotonic()
    if route == "cli":
        status, reason = via_cli(bad_kb, bad_files[bad.file], monkeypatch)
    else:
        status, reason = via_upload(bad_kb, bad, bad_files[bad.file])
    elapsed = time.monotonic() - started
    after = stored(bad_kb)
    assert elapsed < SMALL["max_parse_seconds"], f"{bad.file}: {elapsed:.1f} s"
    if status == "failed":
        assert bad.expect in ("refused", "either"), f"{bad.file} abgelehnt: {reason}"
        assert bad.reason in reason or (route == "upload" and "zu groß" in reason), reason
        assert not any(word in reason for word in ENGLISH), reason
        assert_only_new(before, after, 0)
    else:
        assert bad.expect in ("ingested", "either") and status == "added", f"{bad.file}: {status} {reason}"
        assert_only_new(before, after, 1)
        assert_ingested_safely(bad_kb, before, bad)


def assert_ingested_safely(kb: KnowledgeBase, before: dict, bad: Bad) -> None:
    """The new document's text decoded right, its name a plain file name, within the limits."""
    (new_id,) = set(stored(kb)["documents"]) - set(before["documents"])
    with kb.sessions() as session:
        doc = session.get(Document, new_id)
        text = "\n".join(c.text for c in doc.chunks)
        name, chunks = doc.source_name, len(doc.chunks)
    assert bad.contains in text
    assert "/" not in name and "\\" not in name and "\x00" not in name and 0 < len(name) <= 255, name
    assert chunks <= SMALL["max_document_chunks"] and len(text) <= SMALL["max_document_chars"]
    kb.ingesting.delete(str(new_id))  # the next case starts from the same store
