"""Law changes: which norms of a law changed between two of its ingested versions, word by word,
and which terms the amendment replaced — for the page `/rechtsaenderungen`, the API
`/api/law-changes`, `kb law-changes` and the norm history on `/normen/{norm}`.

Bound to a principal like every reading service: only versions the principal may see are listed,
picked or compared. `changed_norms` is the cheap question the change radar asks ("which norms
changed between these two versions"): a cached dict, no page model.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from ingest.version_terms import MIN_NORMS
from kb.access import Acting, visible_documents
from kb.db.models import Document
from kb.services import law_report
from kb.services.law_diffs import LawDiffs
from kb.services.law_schemas import LawChangeReport, LawSummary, LawVersion, NormHistory
from kb.services.law_versions import (
    NothingToCompare,
    VersionNotFound,
    former_names,
    law_name,
    laws_with_versions,
    pick_pair,
    version_info,
    versions_of,
)
from kb.services.norm_history import norm_history, split_norm

__all__ = ["MIN_NORMS", "LawChanges", "NothingToCompare", "VersionNotFound"]


class LawChanges(Acting):
    def __init__(self, sessions: sessionmaker[Session], diffs: LawDiffs) -> None:
        self.sessions = sessions
        self.diffs = diffs

    def laws(self) -> list[LawSummary]:
        """Every law with more than one version the principal may see."""
        with self.sessions() as session:
            found = laws_with_versions(session, visible_documents(self.principal))
            return [LawSummary(law=law, former_names=former_names(law), versions=[version_info(d) for d in docs])
                    for law, docs in found.items()]

    def versions(self, law: str) -> list[LawVersion]:
        return [version_info(d) for d in self._versions(law_name(law))]

    def report(self, law: str, first: str | None = None, second: str | None = None,
               min_norms: int = MIN_NORMS) -> LawChangeReport | None:
        """What changed from `first` to `second` (version number or day; default: the two newest).
        None: no version of the law is visible; VersionNotFound: `from`/`to` names none;
        IngestError: an original cannot be read again."""
        name = law_name(law)
        docs = self._versions(name)
        if not docs:
            return None
        old, new = pick_pair(docs, name, first, second)
        diff = self.diffs.diff(old, new)
        states = diff.norm_states()
        old_text, new_text = self.diffs.parsed(old).text, self.diffs.parsed(new).text
        return LawChangeReport(
            law=name, former_names=former_names(name), old=version_info(old), new=version_info(new),
            versions=[version_info(d) for d in docs], counts=law_report.counts(states), norm_states=states,
            norms=law_report.norm_changes(diff, name), min_norms=min_norms,
            terms=law_report.term_pairs(diff, old_text, new_text, min_norms))

    def changed_norms(self, old_id: int, new_id: int) -> dict[str, str] | None:
        """Norm → state between two versions the principal may see (None: either is not there)."""
        with self.sessions() as session:
            docs = [session.get(Document, i) for i in (old_id, new_id)]
            if any(d is None or not self.principal.can_see(d.district, d.visibility) for d in docs):
                return None
        old, new = sorted(docs, key=lambda d: (d.version, d.id))
        return self.diffs.norm_states(old, new)

    def history(self, norm_id: str) -> NormHistory | None:
        """The norm across the visible versions of its law (None: fewer than two)."""
        law = law_name(split_norm(norm_id)[0])
        return norm_history(self.diffs, self._versions(law), norm_id, law)

    def _versions(self, law: str) -> list[Document]:
        with self.sessions() as session:
            return versions_of(session, law, visible_documents(self.principal))
