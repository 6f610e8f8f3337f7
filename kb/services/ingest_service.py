"""Ingestion into the store: idempotent, batched, and all-or-nothing per document.

A document's rows, vectors and index entries appear together or not at all: parsing and
embedding happen before the transaction; the transaction writes the rows and bumps the
generation; the in-memory indexes mirror the commit; the index files are saved once per batch and
are rebuilt from the database if a crash left them behind.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from filelock import FileLock
from sqlalchemy.orm import Session, sessionmaker

from index.embedder import Embedder
from index.private import FILE_MODE, private_dir
from ingest.chunking import Chunker
from ingest.errors import IngestError
from ingest.legal import NETWORK
from ingest.metadata import MetaHints, read_sidecar
from ingest.parsers import ocr
from ingest.parsers.ocr_options import ocr_was_skipped
from ingest.pipeline import content_hash, is_ingestible, prepare, read_file
from kb.access import AccessDenied, Acting, check_edit, document_visibility
from kb.config import Settings
from kb.services import attachments, audit, crash_points, store, sync, versions
from kb.services.context import section_titles
from kb.services.extraction import extraction_summary
from kb.services.gone import deletion_detail
from kb.services.groups import check_group
from kb.services.highlight import markable_sentences
from kb.services.indexes import IndexChange, IndexSet
from kb.services.parse_process import ParseCancelled, parse_isolated
from kb.services.schemas import FileOutcome, IngestReport
from kb.services.store_repair import discard_original
from kb.services.sync import SyncPlan

log = logging.getLogger(__name__)
Progress = Callable[[str, FileOutcome | None], None]


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, folders recursively (sorted, so reports are stable)."""
    for path in paths:
        if path.is_dir():
            yield from (p for p in sorted(path.rglob("*")) if is_ingestible(p))
        else:
            yield path


class Ingestor(Acting):
    """Writes documents for the acting principal: a redakteur only in their own district."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session],
                 embedder: Callable[[], Embedder], indexes: Callable[[], IndexSet]) -> None:
        self.settings = settings
        self.sessions = sessions
        self._embedder = embedder
        self._indexes = indexes
        self.write_lock = FileLock(str(settings.storage.resolved_data_dir / ".write.lock"), mode=FILE_MODE)
        self.after_commit: list[Callable[[int], object]] = []  # e.g. the change radar; run as the system

    def chunker(self) -> Chunker:
        emb = self._embedder()
        return Chunker(self.settings.ingest.chunk_max_tokens, self.settings.ingest.chunk_overlap_tokens,
                       emb.count_tokens)

    def ingest(self, paths: Iterable[Path], overrides: MetaHints | None = None,
               progress: Progress | None = None) -> IngestReport:
        files = list(expand_paths(paths))
        report = IngestReport()
        started = time.perf_counter()
        try:
            for path in files:
                if progress:
                    progress(str(path), None)
                outcome = self._guarded(path, lambda p=path: self.ingest_file(p, overrides))
                report.files.append(outcome)
                if progress:
                    progress(str(path), outcome)
        finally:
            self._save_indexes(report)
        report.seconds = time.perf_counter() - started
        return report

    def _guarded(self, path: Path, work: Callable[[], FileOutcome]) -> FileOutcome:
        """A failing file is reported and skipped; the batch goes on."""
        try:
            return work()
        except ParseCancelled:
            raise  # not this file's fault: the job gives it back (see `job_runner`)
        except (IngestError, AccessDenied) as exc:
            return FileOutcome(path=str(path), status="failed", reason=str(exc))
        except Exception as exc:  # one bad file must not abort the batch
            log.exception("Fehler beim Einlesen von %s", path)
            return FileOutcome(path=str(path), status="failed",
                               reason=f"Interner Fehler ({type(exc).__name__}: {exc})")

    def _save_indexes(self, report: IngestReport) -> None:
        if any(f.status in ("added", "replaced") for f in report.files) or self.indexes_behind():
            self.save_indexes()

    def ingest_file(self, path: Path, overrides: MetaHints | None = None) -> FileOutcome:
        data = read_file(path, self.settings.ingest.max_file_mb * 1_000_000)
        return self.ingest_bytes(data, path.name, str(path.resolve()), overrides,
                                 read_sidecar(path), label=str(path))

    def upload_key(self, name: str, overrides: MetaHints | None) -> str:
        """An upload is known by its district and name: the same file name in two districts
        is two documents, never one replacing the other."""
        district = (overrides.district if overrides else None) or self.principal.district or NETWORK
        return f"upload:{district}/{name}"

    def upload(self, data: bytes, name: str, overrides: MetaHints | None = None) -> FileOutcome:
        outcome = self._guarded(Path(name), lambda: self.ingest_bytes(
            data, name, self.upload_key(Path(name).name, overrides), overrides, None, label=name))
        self._save_indexes(IngestReport(files=[outcome]))
        return outcome

    def ingest_bytes(self, data: bytes, name: str, source_key: str, overrides: MetaHints | None,
                     sidecar: MetaHints | None, label: str, attached_to: int | None = None,
                     depth: int = 0) -> FileOutcome:
        """One file into the store; a mail's attachments follow as documents linked to it
        (`kb.services.attachments`), `attached_to` being the mail when this file is one."""
        digest = content_hash(data)
        known = self._already_stored(digest, source_key, label, attached_to)
        if known:
            return known
        prepared = prepare(data, name, self.chunker(), overrides, sidecar, self.settings.ingest.limits,
                           parse=parse_isolated, ocr=self.settings.scans.options())
        crash_points.reach("parsed")
        check_edit(self.principal, prepared.meta.district)
        check_group(self.sessions, prepared.meta.working_group)
        vectors = self._embedder().embed_passages([c.embedding_text for c in prepared.chunks])
        self._embed_sentences(prepared)
        crash_points.reach("embedded")
        stored = self._store_original(data, digest, name)
        crash_points.reach("stored")
        doc_id, change, is_version = self._commit(prepared, vectors, source_key, stored, len(data), attached_to)
        crash_points.reach("committed")
        self._indexes().apply(change)
        self._after_commit(doc_id)
        outcome = FileOutcome(path=label, status="replaced" if is_version else "added",
                              document_id=doc_id, chunks=len(prepared.chunks),
                              pages=prepared.meta.page_count or 0)
        outcome.attachments = attachments.ingest_attachments(self, prepared, doc_id, source_key, label, depth)
        outcome.reason = attachments.summary([extraction_summary(prepared.meta), *prepared.notes],
                                             outcome.attachments)
        return outcome

    def _already_stored(self, digest: str, source_key: str, label: str,
                        attached_to: int | None) -> FileOutcome | None:
        """'unchanged' (same key, same content) or 'duplicate' (same content elsewhere); None
        when the file is to be read. A new version of a document may be written only by who may
        edit its district."""
        with self.sessions() as session:
            existing = store.document_by_key(session, source_key)
            unchanged = existing is not None and existing.content_hash == digest
            unchanged = unchanged and not self._ocr_now_possible(existing)
            if unchanged and (not attached_to or existing.attached_to_id == attached_to):
                return FileOutcome(path=label, status="unchanged", document_id=existing.id)
            if existing:
                check_edit(self.principal, existing.district)
            twin = store.document_by_hash(session, digest)
            if twin and not existing:
                return FileOutcome(path=label, status="duplicate", document_id=twin.id,
                                   reason=f"inhaltsgleich mit '{twin.source_name}' (bereits vorhanden)")
        if unchanged:  # an attachment, unchanged, of a new version of its mail
            self._relink(existing.id, attached_to)
            return FileOutcome(path=label, status="unchanged", document_id=existing.id)
        return None

    def _relink(self, doc_id: int, mail_id: int) -> None:
        """An unchanged attachment of a new version of its mail now belongs to that version."""
        with self.write_lock, self.sessions.begin() as session:
            store.link_attachment(session, doc_id, mail_id)

    def _ocr_now_possible(self, existing) -> bool:
        """A scan read while OCR was off or missing is read again (a new version) once it can run."""
        options = self.settings.scans.options()
        return ocr_was_skipped(existing.extraction_note) and ocr.unavailable(options) is None

    def _after_commit(self, doc_id: int) -> None:
        """Follow-ups of a committed document; the document stays in even if one fails."""
        for hook in self.after_commit:
            try:
                hook(doc_id)
            except Exception:
                log.exception("Nacharbeit nach dem Einlesen von Dokument %s fehlgeschlagen", doc_id)

    def _embed_sentences(self, prepared) -> None:
        """Fill the vector cache with the chunk's sentences for answer highlighting."""
        if not (self.settings.ingest.sentence_vectors and self.settings.storage.embed_cache_path):
            return
        sentences = {s for c in prepared.chunks for s in markable_sentences(c.text)}
        self._embedder().embed_passages(sorted(sentences))

    def _store_original(self, data: bytes, digest: str, name: str) -> str:
        """Content-addressed copy, so 'Quelle öffnen' works after the source file moves."""
        folder = private_dir(self.settings.storage.files_path)
        stored = f"{digest}{Path(name).suffix.lower()[:10]}"
        target = folder / stored
        if not target.exists():
            from index.vector_index import atomic_write

            atomic_write(target, data)
        return stored

    def _commit(self, prepared, vectors, source_key: str, stored: str, size: int, attached_to: int | None = None):
        """One transaction: the document, its place among its versions, the audit entry and the
        generation. Older versions stay (and stay indexed): validity decides what is shown."""
        with self.write_lock, self.sessions.begin() as session:
            meta = prepared.meta
            visibility = document_visibility(meta.visibility, meta.district,
                                             self.settings.security.default_visibility)
            doc = store.insert_document(session, prepared, vectors, source_key, stored, size, visibility,
                                        attached_to)
            previous = versions.attach(session, doc, versions.series_key(meta, source_key), self.principal,
                                       date.today(), meta.replaces)
            audit.record(session, self.principal, "reingest" if previous else "upload", "document", doc.id,
                         {"title": doc.title, "district": doc.district, "visibility": visibility,
                          "version": doc.version})
            gen = store.bump_generation(session)
            crash_points.reach("in-transaction")
            titles = section_titles(session)
            texts = [store.lexical_text(c, titles) for c in doc.chunks]
            change = IndexChange(gen, [], [c.id for c in doc.chunks], vectors, texts,
                                 [c.section for c in doc.chunks])
            return doc.id, change, previous is not None

    def delete(self, ref: str) -> str | None:
        """Remove a document everywhere; returns its title, None if there is no such document."""
        with self.write_lock, self.sessions.begin() as session:
            doc = store.find_document(session, ref)
            if doc is None or not self.principal.can_see(doc.district, doc.visibility):
                return None
            check_edit(self.principal, doc.district)
            title = doc.title
            audit.record(session, self.principal, "delete", "document", doc.id, deletion_detail(doc))
            versions.before_delete(session, doc)
            original = doc.stored_file
            removed = store.delete_document(session, doc)
            gen = store.bump_generation(session)
        indexes = self._indexes()
        indexes.apply(IndexChange(gen, removed))
        with self.write_lock:
            indexes.save(gen)
            discard_original(self.sessions, self.settings.storage.files_path, original)
        return title

    def sync_plan(self, folder: Path) -> SyncPlan:
        """What syncing `folder` would do (nothing is changed)."""
        files = list(expand_paths([folder]))
        with self.sessions() as session:
            return sync.plan(session, folder, files, self.principal, self.settings.ingest.max_file_mb * 1_000_000)

    def prune(self, folder: Path) -> list[str]:
        """Delete the documents of `folder` whose files are gone (each delete audited); their titles."""
        with self.sessions() as session:
            ids = [d.id for d in sync.gone_documents(session, folder, self.principal)]
        return [title for doc_id in ids if (title := self.delete(str(doc_id)))]

    # -- for background jobs: one file at a time, the indexes saved once per job -------------------
    def ingest_one(self, path: Path, overrides: MetaHints | None = None, source_key: str | None = None,
                   label: str | None = None) -> FileOutcome:
        """One file of a job, a failure reported as its outcome. Without `source_key` the file is
        known by its path (as `ingest_file`); an upload staged on disk passes the key of its upload
        name instead, so that uploading it again finds the same document."""
        label = label or str(path)

        def work() -> FileOutcome:
            if source_key is None:
                return self.ingest_file(path, overrides)
            data = read_file(path, self.settings.ingest.max_file_mb * 1_000_000)
            return self.ingest_bytes(data, path.name, source_key, overrides, read_sidecar(path), label=label)

        return self._guarded(Path(label), work)

    def indexes_behind(self) -> bool:
        """Whether the saved index files lag the database (a process died after its commit and
        before its save): then even a run that changed nothing saves, so that it ends consistent."""
        with self.sessions() as session:
            return store.generation(session, store.INDEXES_SAVED) < store.generation(session)

    def save_indexes(self) -> None:
        """Persist the in-memory indexes (after a job's last file, not after each one)."""
        indexes = self._indexes()
        with self.write_lock:
            indexes.save(indexes.db_generation())
