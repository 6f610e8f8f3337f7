"""The knowledge base: opens the database and wires the services the CLI and the web use.

Each caller depends on the one service it needs — `searching` (search, facets, Kreisvergleich,
suggestions), `documents` (lists, pages, originals, norms, similar documents), `ingesting`
(ingest, upload, delete), `editing` (metadata and visibility), `admin` (figures, reindex),
`feedback`, `accounts` (users, sessions, API tokens), `audit` (the audit log), `jobs`
(background jobs, worked off by `job_runner`) and `law_changes` (versions of a law, their norm
diff, the norm history) and `radar` (documents a new law version may
have made outdated, `kb.services.radar`). Services that read or change documents act for a principal:
`kb.searching.acting(principal)` is the search as that user sees it; unbound, they act with full
rights, as the local command line does. The heavy parts (model, indexes) live in `components` and
are built on first use, so `kb stats` or opening the web app's start page does not wait for 500 MB
of weights. Each service, too, is built (and its module imported) the first time it is asked for:
a command that needs one service does not pay for importing all of them.
"""

from __future__ import annotations

import threading
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from index.private import restrict_tree
from kb.access import Principal
from kb.config import Settings
from kb.db.engine import make_engine, migrate, session_factory
from kb.services.components import Components
from kb.services.groups import sync_groups

if TYPE_CHECKING:
    from index.embedder import Embedder
    from index.reranker import Reranker
    from kb.services.accounts import Accounts
    from kb.services.admin_service import AdminService
    from kb.services.audit import AuditLog
    from kb.services.contacts import Contacts
    from kb.services.document_service import DocumentService
    from kb.services.editing import Editing
    from kb.services.feedback import FeedbackService
    from kb.services.feeds import Feeds
    from kb.services.following import Following
    from kb.services.groups import WorkingGroups
    from kb.services.ingest_service import Ingestor
    from kb.services.job_runner import JobRunner
    from kb.services.jobs import JobService
    from kb.services.law_changes import LawChanges
    from kb.services.law_diffs import LawDiffs
    from kb.services.network import Network
    from kb.services.network_feeds import NetworkFeeds
    from kb.services.network_reads import NetworkReads
    from kb.services.radar import ChangeRadar
    from kb.services.search_service import Searcher
    from kb.services.visibility import VisibleChunks

class service(cached_property):  # lower case: used like the decorator it extends
    """`cached_property` built under one lock: two first requests at once share one service.

    Services hold shared state (the write lock, commit hooks, caches), so a second instance built
    by a racing thread would split it. The lock is re-entrant since services build the ones they
    depend on; once built, the value sits in the instance dict and the lock is never taken again.
    """

    _lock = threading.RLock()

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        with self._lock:
            return super().__get__(instance, owner)


BOUND_SERVICES = ("searching", "documents", "ingesting", "editing", "admin", "feedback", "jobs", "law_changes",
                  "radar", "network", "network_reads", "groups", "contacts", "following", "network_feeds")


class KnowledgeBase:
    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None,
                 reranker: Reranker | None = None) -> None:
        self.settings = settings or Settings()
        restrict_tree(self.settings.storage.resolved_data_dir)  # a store from before 0700/0600, or restored
        self.database = make_engine(self.settings.storage.sqlalchemy_url)
        migrate(self.database)
        self.sessions: sessionmaker[Session] = session_factory(self.database)
        self.components = Components(self.settings, self.sessions, embedder, reranker)
        sync_groups(self.sessions, self.settings.network.groups)  # configured, not data: synced at every start

    @service
    def _visible(self) -> VisibleChunks:
        """One cache of visible chunk ids for search and documents."""
        from kb.services.visibility import VisibleChunks
        return VisibleChunks()

    @service
    def searching(self) -> Searcher:
        from kb.services.search_service import Searcher
        return Searcher(self.settings.ranking, self.sessions, self.components.current, self._visible)

    @service
    def documents(self) -> DocumentService:
        from kb.services.document_service import DocumentService
        return DocumentService(self.settings, self.sessions, self.components, self._visible)

    @service
    def ingesting(self) -> Ingestor:
        """After each commit the change radar runs as the system (unbound), whoever ingested."""
        from kb.services.ingest_service import Ingestor
        parts = self.components
        ingestor = Ingestor(self.settings, self.sessions, lambda: parts.embedder, lambda: parts.indexes)
        ingestor.after_commit.append(lambda doc_id: self._system_radar.after_ingest(doc_id))
        return ingestor

    @service
    def editing(self) -> Editing:
        from kb.services.editing import Editing
        return Editing(self.sessions, self.ingesting.write_lock)

    @service
    def admin(self) -> AdminService:
        from kb.services.admin_service import AdminService
        return AdminService(self.settings, self.database, self.sessions, self.components)

    @service
    def feedback(self) -> FeedbackService:
        from kb.services.feedback import FeedbackService
        return FeedbackService(self.sessions)

    @service
    def accounts(self) -> Accounts:
        from kb.services.accounts import Accounts
        return Accounts(self.sessions, self.settings.security.session_idle_minutes)

    @service
    def audit(self) -> AuditLog:
        from kb.services.audit import AuditLog
        return AuditLog(self.sessions)

    @service
    def jobs(self) -> JobService:
        from kb.services.jobs import JobService
        return JobService(self.settings, self.sessions, self.ingesting)

    @service
    def job_runner(self) -> JobRunner:
        from kb.services.job_runner import JobRunner
        return JobRunner(self.settings, self.sessions, self.ingesting, self.admin, self.accounts)

    @service
    def _diffs(self) -> LawDiffs:
        from kb.services.law_diffs import LawDiffs
        return LawDiffs(self.documents.originals)

    @service
    def law_changes(self) -> LawChanges:
        from kb.services.law_changes import LawChanges
        return LawChanges(self.sessions, self._diffs)

    @service
    def _system_radar(self) -> ChangeRadar:
        from kb.services.radar import ChangeRadar
        return ChangeRadar(self.sessions, self._diffs, self.ingesting.write_lock)

    @service
    def radar(self) -> ChangeRadar:
        return self._system_radar

    @service
    def feeds(self) -> Feeds:
        """Network documents only, for everyone who may read."""
        from kb.services.feeds import Feeds
        return Feeds(self.sessions)

    @service
    def network(self) -> Network:
        """Questions and answers of the network, indexed as `Netzwerkfrage` documents."""
        from kb.services.network import Network
        from kb.services.network_index import NetworkIndex
        return Network(self.sessions, self.settings.network_posts, NetworkIndex(self.sessions, self.ingesting))

    @service
    def network_reads(self) -> NetworkReads:
        from kb.services.network_reads import NetworkReads
        return NetworkReads(self.sessions, self.settings.network_posts)

    @service
    def groups(self) -> WorkingGroups:
        from kb.services.groups import WorkingGroups
        return WorkingGroups(self.settings.network, self.sessions)

    @service
    def contacts(self) -> Contacts:
        from kb.services.contacts import Contacts
        return Contacts(self.settings.network, self.sessions)

    @service
    def following(self) -> Following:
        from kb.services.following import Following
        return Following(self.settings.network, self.sessions)

    @service
    def network_feeds(self) -> NetworkFeeds:
        """Feed tokens of a user and the network's Atom feeds (personal, district, group)."""
        from kb.services.network_feeds import NetworkFeeds
        return NetworkFeeds(self.sessions, self.following)

    def act_as(self, principal: Principal) -> None:
        """Bind every document service to this principal (`kb --as USER`)."""
        for name in BOUND_SERVICES:
            setattr(self, name, getattr(self, name).acting(principal))

    def close(self) -> None:
        self.database.dispose()
