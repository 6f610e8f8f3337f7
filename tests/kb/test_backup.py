"""`kb backup` / `kb restore` on SQLite and PostgreSQL with real files, real indexes and a real
concurrent ingest (fake embedder: these tests are about the data, not about ranking quality)."""

from __future__ import annotations

import shutil
import stat
import tarfile
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from kb.services.backup import create_backup
from kb.services.backup_manifest import BackupError
from kb.services.job_runner import RunObserver
from kb.services.knowledge_base import KnowledgeBase
from kb.services.restore import restore_backup
from kb.services.schemas import SearchQuery
from tests.conftest import CORPUS, POSTGRES_URL

BASE = ("kusel", "netzwerk", "saarlouis", "saarpfalz-kreis", "st-wendel")  # 33 documents (one XLSX since issue 18)
EXTRA = ("mayen-koblenz", "vulkaneifel")  # 12 more (one PPTX), ingested while the backup runs
QUERIES = [
    "Kosten der Unterkunft Angemessenheit", "Mehrbedarf Warmwasser", "Härtefall Leistungsminderung",
    "Vertretungsregelung Leistung", "Fallmanagement Langzeitleistungsbezug", "Kooperationsplan",
    "Meldeversäumnis", "Einkommensanrechnung Freibetrag", "Umzug Zusicherung Kaution",
    "Direktzahlung Miete Mietschulden", "Heizkosten Nachzahlung", "Mehrbedarf Ernährung",
    "Bildung und Teilhabe Verfahren", "Mietobergrenzen", "Erreichbarkeit Ortsabwesenheit",
    "Grundsicherungsgeld", "Prüfung der Nebenkostenabrechnung", "Hausbesuch im Außendienst",
    "Lernförderung", "Heizmittel Brennholz",
]
IN_SNAPSHOT = 2  # extra files committed when the snapshot is taken


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[Path]]:
    """The base folder and the extra files (each with its sidecar), copied from `corpus/`."""
    base = tmp_path / "korpus"
    for district in BASE + EXTRA:
        shutil.copytree(CORPUS / district, base / district if district in BASE else tmp_path / "neu" / district)
    extra = sorted(p for p in (tmp_path / "neu").rglob("*") if p.is_file() and not p.name.endswith(".meta.json"))
    return base, extra


def answers(kb: KnowledgeBase) -> list[list[tuple]]:
    """The first ten hits of each fixed query: chunk and document ids, source, section, in order."""
    result = []
    for text in QUERIES:
        hits = kb.searching.search(SearchQuery(text=text, k=10, highlight=False)).results
        result.append([(h.chunk_id, h.document_id, h.source, h.section) for h in hits])
    return result


def wipe(settings) -> None:
    """Lose everything: the data directory, and for PostgreSQL the database itself."""
    shutil.rmtree(settings.storage.resolved_data_dir)
    url = settings.storage.database_url
    if url:
        name = sa.engine.make_url(url).database
        admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()


def ingest_during_backup(kb: KnowledgeBase, settings, extra: list[Path], archive: Path):
    """Ingest `extra` as a job in a thread and write the backup while it runs, with two fixed points:
    the snapshot is taken after exactly IN_SNAPSHOT extra files are committed (the ingest waits
    there, between two files of one batch: the FAISS file of this batch is not saved yet), and
    the dump is written only after the ingest has committed one more file — so the copy
    provably runs while the store changes under it."""
    paused, resume, committed_after = threading.Event(), threading.Event(), threading.Event()
    done: list[str] = []

    def progress(path: str, outcome) -> None:
        if outcome is None:
            return
        done.append(outcome.status)
        if len(done) == IN_SNAPSHOT:
            paused.set()
            assert resume.wait(60)
        if len(done) == IN_SNAPSHOT + 1:
            committed_after.set()

    def snapshot_taken(_facts) -> None:
        resume.set()
        assert committed_after.wait(60)

    class Observer(RunObserver):
        def item(self, name: str, outcome) -> None:
            progress(name, outcome)

    _job, claim = kb.jobs.create_ingest(extra, None, inline=True)  # an ingest job, as `kb ingest` runs it
    worker = threading.Thread(target=lambda: kb.job_runner.execute(claim, observer=Observer()))
    worker.start()
    assert paused.wait(60)
    manifest = create_backup(settings, archive, on_snapshot=snapshot_taken)
    worker.join(120)
    assert done == ["added"] * len(extra)
    return manifest


def test_backup_during_an_ingest_restores_the_state_of_its_snapshot(settings, corpus, tmp_path):
    """`kb backup` while an ingest runs → wipe → `kb restore` → identical answers to 20 queries.

    What "identical" is compared with: the answers of the state the snapshot captured. That
    state is made deterministic (the snapshot is taken when the ingest has committed exactly the
    first IN_SNAPSHOT extra files) and its answers are computed independently beforehand: the
    same files are ingested in the same order into a fresh store (same ids), asked, and wiped.
    The restored store must answer exactly that — ids, sources, sections, order — and not what
    the store answered once the ingest had finished (checked to differ, so the test can fail).
    """
    base, extra = corpus
    reference = KnowledgeBase(settings)
    reference.ingesting.ingest([base])
    reference.ingesting.ingest(extra[:IN_SNAPSHOT])
    expected, expected_docs = answers(reference), len(reference.documents.list())
    reference.close()
    wipe(settings)

    settings.storage.resolved_data_dir.mkdir()  # (a new process would create it)
    live = KnowledgeBase(settings)
    live.ingesting.ingest([base])
    manifest = ingest_during_backup(live, settings, extra, tmp_path / "sicherung.tar.gz")
    after_ingest = answers(live)
    live.close()
    assert after_ingest != expected  # the files committed after the snapshot change answers
    assert manifest.counts.documents == expected_docs == 33 + IN_SNAPSHOT
    wipe(settings)

    report = restore_backup(settings, tmp_path / "sicherung.tar.gz")
    assert report.counts == manifest.counts and not report.replaced
    restored = KnowledgeBase(settings)
    assert answers(restored) == expected
    indexes = restored.components.indexes
    assert len(indexes.vectors) == len(indexes.lexical) == manifest.counts.chunks
    [entry] = restored.audit.page(action="restore").entries
    assert entry.detail["generation"] == manifest.generation and entry.login == "system"
    restored.close()


def test_restore_refuses_a_non_empty_target_and_force_replaces_it(settings, corpus, tmp_path):
    base, extra = corpus
    kb = KnowledgeBase(settings)
    kb.ingesting.ingest([base])
    manifest = create_backup(settings, tmp_path / "sicherung.tar")
    kb.ingesting.ingest(extra[:1])  # the store moves on after the backup
    kb.close()
    models = settings.storage.resolved_data_dir / "models"
    (models / "e5").mkdir(parents=True)  # the model is not in an archive and must survive --force

    with pytest.raises(BackupError, match=r"Nicht leer: Datenverzeichnis .*--force"):
        restore_backup(settings, tmp_path / "sicherung.tar")
    assert _documents(settings) == 34  # nothing was touched

    report = restore_backup(settings, tmp_path / "sicherung.tar", force=True)
    assert report.replaced and _documents(settings) == manifest.counts.documents == 33
    assert (models / "e5").is_dir()
    stored = {p.name for p in settings.storage.files_path.iterdir()}
    assert len(stored) == 33  # the original of the later file went with the old contents
    assert not [p for p in settings.storage.resolved_data_dir.iterdir() if p.name.startswith(".wiederherstellung")]


@pytest.mark.postgres
def test_restore_refuses_a_non_empty_postgres_database(settings, corpus, tmp_path):
    if not settings.storage.database_url:
        pytest.skip("nur PostgreSQL")
    kb = KnowledgeBase(settings)
    kb.ingesting.ingest([corpus[0] / "kusel"])
    create_backup(settings, tmp_path / "sicherung.tar")
    kb.close()
    shutil.rmtree(settings.storage.resolved_data_dir)  # data directory empty, database not
    with pytest.raises(BackupError, match="Nicht leer: Datenbank postgresql"):
        restore_backup(settings, tmp_path / "sicherung.tar")
    assert restore_backup(settings, tmp_path / "sicherung.tar", force=True).counts.documents == 7


def test_archive_holds_snapshot_originals_jobs_and_key_but_no_cache_or_model(tmp_path, corpus):
    from kb.config import Settings

    settings = Settings(data_dir=tmp_path / "data", embedder="fake")
    kb = KnowledgeBase(settings)
    kb.ingesting.ingest([corpus[0] / "kusel"])
    kb.accounts.bootstrap_admin("test-passwort")  # a password hash is in the archive too
    kb.close()
    data = settings.storage.resolved_data_dir
    for folder, name in (("jobs/7", "antrag.pdf"), ("cache", "embeddings.sqlite3"), ("models/e5", "model.bin")):
        (data / folder).mkdir(parents=True, exist_ok=True)
        (data / folder / name).write_bytes(b"%PDF-1.7 Inhalt")
    (data / ".secret_key").write_text("geheim")

    manifest = create_backup(settings, tmp_path / "s.tar.xz")
    assert stat.S_IMODE((tmp_path / "s.tar.xz").stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "korpus", "neu", "s.tar.xz"]  # no temp left
    with tarfile.open(tmp_path / "s.tar.xz") as tar:
        names = tar.getnames()
    assert names[-1] == "manifest.json" and names[:-1] == [m.name for m in manifest.members]
    assert {"database/kb.sqlite3", "data/index/vectors.faiss", "data/index/lexical.sqlite3",
            "data/jobs/7/antrag.pdf", "data/.secret_key"} <= set(names)
    assert not [n for n in names if n.startswith(("data/cache", "data/models")) or n.endswith("-wal")]
    with kb.sessions() as session:
        stored = set(session.scalars(sa.text("SELECT stored_file FROM documents")))
    assert {f"data/files/{s}" for s in stored} <= set(names) and not manifest.missing_files
    assert (manifest.counts.documents, manifest.counts.users, manifest.database.kind) == (7, 1, "sqlite")
    assert manifest.database.schema_revision and manifest.generation == 7


def _documents(settings) -> int:
    engine = sa.create_engine(settings.storage.sqlalchemy_url)
    with engine.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM documents")).scalar_one()
    engine.dispose()
    return count
