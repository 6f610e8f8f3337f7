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
of weights.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from index.embedder import Embedder
from index.private import restrict_tree
from index.reranker import Reranker
from kb.access import Principal
from kb.config import Settings
from kb.db.engine import make_engine, migrate, session_factory
from kb.services.accounts import Accounts
from kb.services.admin_service import AdminService
from kb.services.audit import AuditLog
from kb.services.components import Components
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
from kb.services.radar import ChangeRadar
from kb.services.search_service import Searcher
from kb.services.visibility import VisibleChunks


class KnowledgeBase:
    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None,
                 reranker: Reranker | None = None) -> None:
        self.settings = settings or Settings()
        restrict_tree(self.settings.storage.resolved_data_dir)  # a store from before 0700/0600, or restored
        self.database = make_engine(self.settings.storage.sqlalchemy_url)
        migrate(self.database)
        self.sessions: sessionmaker[Session] = session_factory(self.database)
        self.components = Components(self.settings, self.sessions, embedder, reranker)
        parts = self.components
        visible = VisibleChunks()  # one cache of visible chunk ids for search and documents
        self.searching = Searcher(self.settings.ranking, self.sessions, parts.current, visible)
        self.documents = DocumentService(self.settings, self.sessions, parts, visible)
        self.ingesting = Ingestor(self.settings, self.sessions, lambda: parts.embedder, lambda: parts.indexes)
        self.editing = Editing(self.sessions, self.ingesting.write_lock)
        self.admin = AdminService(self.settings, self.database, self.sessions, parts)
        self.feedback = FeedbackService(self.sessions)
        self.accounts = Accounts(self.sessions, self.settings.security.session_idle_minutes)
        self.audit = AuditLog(self.sessions)
        self.jobs = JobService(self.settings, self.sessions, self.ingesting)
        self.job_runner = JobRunner(self.settings, self.sessions, self.ingesting, self.admin, self.accounts)
        diffs = LawDiffs(self.documents.originals)
        self.law_changes = LawChanges(self.sessions, diffs)
        self.radar = ChangeRadar(self.sessions, diffs, self.ingesting.write_lock)
        self.ingesting.after_commit.append(self.radar.after_ingest)  # unbound: flags are the system's
        self.feeds = Feeds(self.sessions)  # network documents only, for everyone who may read
        self.groups = WorkingGroups(self.settings.network, self.sessions)  # configured: synced at every start
        self.groups.sync()
        self.contacts = Contacts(self.settings.network, self.sessions)
        self.following = Following(self.settings.network, self.sessions)

    def act_as(self, principal: Principal) -> None:
        """Bind every document service to this principal (`kb --as USER`)."""
        for name in ("searching", "documents", "ingesting", "editing", "admin", "feedback", "jobs", "law_changes",
                     "radar", "groups", "contacts", "following"):
            setattr(self, name, getattr(self, name).acting(principal))

    def close(self) -> None:
        self.database.dispose()
