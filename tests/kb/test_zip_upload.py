"""ZIP archives as uploads: member names made safe, limits enforced before and while reading,
members that are no documents skipped with their reason — and a refused upload stores nothing."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from sqlalchemy import func, select

from kb.db.models import Job
from kb.services.zip_upload import UploadRefused, safe_name

DOC = "# Rundschreiben\n\nDie Mietkaution wird als Darlehen nach § 22 Abs. 6 SGB II erbracht.\n"


def archive(members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def kb(tmp_path):
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    settings = Settings(data_dir=tmp_path / "data", embedder="fake", secret_key="test-secret",
                        zip_max_members=5, zip_max_member_mb=1, zip_max_total_mb=2)
    kb = KnowledgeBase(settings)
    yield kb
    kb.close()


def staged_files(kb) -> list[str]:
    root = kb.settings.storage.resolved_data_dir / "jobs"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def jobs_count(kb) -> int:
    with kb.sessions() as session:
        return session.scalar(select(func.count(Job.id)))


def refused(kb, data: bytes) -> str:
    with pytest.raises(UploadRefused) as caught, kb.jobs.upload_batch() as batch:
        batch.add("ordner.zip", data)
    assert staged_files(kb) == [] and jobs_count(kb) == 0, "a refused upload must leave nothing behind"
    return str(caught.value)


@pytest.mark.parametrize(("raw", "safe"), [
    ("../../etc/passwd.md", "etc/passwd.md"), ("/abs/olut.md", "abs/olut.md"), ("C:\\Windows\\x.md", "Windows/x.md"),
    ("a/./b/../c.md", "a/b/c.md"), ("..", None), ("ok\x00name.md", "okname.md"),
    ("a/b/c/d/e/f/g/h/i/j.md", "c/d/e/f/g/h/i/j.md"),
])
def test_member_names_become_safe_relative_paths(raw, safe):
    assert safe_name(raw) == safe


def test_traversal_names_are_staged_inside_the_job_folder_only(kb, tmp_path):
    data = archive({"../../ausbruch.md": DOC, "/absolut/pfad.md": DOC.replace("Darlehen", "Zuschuss"),
                    "ordner/": b"", "ordner/programm.exe": b"MZ", "ordner/.versteckt.md": DOC,
                    })
    with kb.jobs.upload_batch() as batch:
        batch.add("ordner.zip", data)
        job = kb.jobs.submit_upload(batch, None)
    assert [i.name for i in job.items] == ["ausbruch.md", "absolut/pfad.md"]
    assert staged_files(kb) == [f"{job.id}/absolut/pfad.md", f"{job.id}/ausbruch.md"]
    assert not (tmp_path / "ausbruch.md").exists() and not (tmp_path / "data" / "ausbruch.md").exists()
    reasons = {s["name"]: s["reason"] for s in job.params["skipped"]}
    assert reasons["ordner/programm.exe"] == "Format nicht unterstützt (.exe)"
    assert "Ordner" in reasons["ordner"] and "versteckte" in reasons["ordner/.versteckt.md"]
    kb.job_runner.run_pending()
    assert [i.status for i in kb.jobs.get(job.id).items] == ["added", "added"]


def test_too_many_members_are_refused_in_german(kb):
    message = refused(kb, archive({f"rs-{n}.md": f"{DOC} {n}" for n in range(6)}))
    assert "enthält 6 Einträge; erlaubt sind höchstens 5" in message


def test_a_member_declared_too_big_is_refused_before_reading(kb):
    assert "höchstens 1 MB je Datei" in refused(kb, archive({"bombe.md": b"0" * 3_000_000}))


def test_members_together_too_big_are_refused(kb):
    members = {f"teil-{n}.md": bytes([65 + n]) * 900_000 for n in range(3)}  # 2.7 MB > 2 MB in all
    assert "entpackt 3 MB groß; erlaubt sind höchstens 2 MB" in refused(kb, archive(members))


def _understate_sizes(data: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size in the local and central headers (what a zip bomb does)."""
    raw = bytearray(data)
    local = raw.index(b"PK\x03\x04")
    struct.pack_into("<I", raw, local + 22, size)
    central = raw.index(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 24, size)
    return bytes(raw)


def test_a_bomb_whose_headers_lie_is_refused_while_reading(kb):
    """Inflating stops at the declared size, the check sum then fails: refused, not unpacked."""
    bomb = _understate_sizes(archive({"bombe.md": b"A" * 5_000_000}), 100)
    assert "'bombe.md' ist im Archiv beschädigt" in refused(kb, bomb)


def test_an_archive_that_is_no_zip_is_refused(kb):
    assert "kein lesbares ZIP-Archiv" in refused(kb, b"PK\x03\x04 nur der Anfang")


def test_an_upload_of_only_skipped_members_is_refused_with_the_reasons(kb):
    with pytest.raises(UploadRefused) as caught, kb.jobs.upload_batch() as batch:
        batch.add("leer.zip", archive({"bild.gif": b"GIF89a"}))  # PNG is a format (OCR), GIF is not
        kb.jobs.submit_upload(batch, None)
    assert "Keine einlesbare Datei" in str(caught.value) and "bild.gif: Format nicht unterstützt" in str(caught.value)
    assert staged_files(kb) == [] and jobs_count(kb) == 0


def test_sidecars_in_the_archive_give_their_documents_metadata(kb):
    data = archive({"kusel/rs.md": DOC, "kusel/rs.md.meta.json": '{"district": "Kusel", "doc_type": "Weisung"}'})
    with kb.jobs.upload_batch() as batch:
        batch.add("kusel.zip", data)
        job = kb.jobs.submit_upload(batch, None)
    assert [i.name for i in job.items] == ["kusel/rs.md"]
    kb.job_runner.run_pending()
    doc = kb.documents.detail(kb.jobs.get(job.id).items[0].document_id)
    assert (doc.district, doc.doc_type) == ("Kusel", "Weisung")
