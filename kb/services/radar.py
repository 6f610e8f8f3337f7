"""The change radar: which documents a new version of a law may have made outdated, and the
editors' check of each (the Prüfliste `/pruefliste`, `GET/POST /api/radar`, `kb radar`).

Flags are written by the system, not by a user: after a law version is read in (the ingest path
calls `after_ingest` for every committed document, also in upload and import jobs), and for a
document read in after the law changed. Who sees and marks them follows the access model: a flag
belongs to its document's district; readers see their district's list, redakteure also mark
it, admins see and mark all. Rules of flagging: `kb.services.radar_scan`.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from filelock import FileLock
from sqlalchemy import false, select
from sqlalchemy.orm import Session, sessionmaker

from ingest.errors import IngestError
from kb.access import AccessDenied, Acting, check_edit
from kb.db.models import Chunk, ChunkNorm, Document, RadarFlag
from kb.domain import DocType
from kb.services import audit, radar_scan, store, versions
from kb.services.law_diffs import LawDiffs
from kb.services.law_versions import law_name
from kb.services.norm_history import split_norm
from kb.services.radar_schemas import RadarFilters, RadarFlagOut, RadarMark, RadarPage


class ChangeRadar(Acting):
    def __init__(self, sessions: sessionmaker[Session], diffs: LawDiffs, write_lock: FileLock) -> None:
        self.sessions = sessions
        self.diffs = diffs
        self.write_lock = write_lock

    # -- writing flags (the system) ------------------------------------------------------------
    def after_ingest(self, document_id: int) -> list[int]:
        """Flags for a just committed document: a law version flags what cites its changes;
        another document is checked against the law versions that came after its day."""
        with self.sessions() as session:
            doc = session.get(Document, document_id)
            if doc is None:
                return []
            is_law = doc.doc_type == DocType.GESETZ.value and doc.series_key.startswith("law:")
            series = doc.series_key if is_law else None
        if series:
            return self._scan_series(series, newest_only=True)
        return [i for series in self._cited_series(document_id) for i in self._scan_series(series, only=document_id)]

    def rebuild(self, law: str | None = None) -> dict[str, int]:
        """Flags for every version pair of every law (or one): law → new flags."""
        with self.sessions() as session:
            stmt = select(Document.series_key).where(Document.series_key.like("law:%"), Document.version > 1)
            if law:
                stmt = stmt.where(Document.series_key == versions.law_series(law_name(law)))
            series = sorted(set(session.scalars(stmt)))
        return {s.removeprefix("law:"): len(self._scan_series(s)) for s in series}

    def _cited_series(self, document_id: int) -> list[str]:
        with self.sessions() as session:
            norms = session.scalars(select(ChunkNorm.norm).join(Chunk).where(Chunk.document_id == document_id))
            wanted = {versions.law_series(law_name(split_norm(n)[0])) for n in norms}
            return sorted(set(session.scalars(select(Document.series_key).where(
                Document.series_key.in_(wanted), Document.version > 1))))

    def _scan_series(self, series: str, newest_only: bool = False, only: int | None = None) -> list[int]:
        with self.sessions() as session:
            docs = list(session.scalars(select(Document).where(Document.series_key == series)
                                        .order_by(Document.version, Document.id)))
        pairs = list(pairwise(docs))[-1:] if newest_only else list(pairwise(docs))
        added: list[int] = []
        for old, new in pairs:
            try:
                states = self.diffs.norm_states(old, new)
            except IngestError:  # an unreadable original: nothing to compare, nothing to flag
                continue
            with self.write_lock, self.sessions.begin() as session:
                added += radar_scan.add_flags(session, series.removeprefix("law:"), old, new, states, only)
        return added

    # -- reading and marking (a principal) -----------------------------------------------------
    def _mine(self, stmt, district: str | None = None):
        """Flags of the documents in the principal's district (admins: all, or one district)."""
        if not self.principal.sees_all():
            if self.principal.anonymous or self.principal.district is None:
                return stmt.where(false())
            return stmt.where(Document.district == self.principal.district)
        return stmt.where(Document.district == district) if district else stmt

    def page(self, filters: RadarFilters | None = None, limit: int = 1000) -> RadarPage:
        """The Prüfliste, newest flags first, filtered by district (admins), law, norm and state."""
        f = filters or RadarFilters()
        stmt = self._mine(radar_scan.flags_query(), f.district)
        if f.law:
            stmt = stmt.where(RadarFlag.law == law_name(f.law))
        if f.state:
            stmt = stmt.where(RadarFlag.state == f.state)
        with self.sessions() as session:
            rows = session.execute(stmt.order_by(RadarFlag.created_at.desc(), RadarFlag.id.desc())).all()
            flags = [radar_scan.flag_out(*row) for row in rows]
        if f.norm:
            flags = [fl for fl in flags if any(n.norm == f.norm for n in fl.norms)]
        return RadarPage(flags=flags[:limit], filters=f, districts=sorted({fl.district or "" for fl in flags} - {""}),
                         laws=sorted({fl.law for fl in flags}), can_mark=self.principal.role != "leser")

    def mark(self, flag_id: int, decision: RadarMark) -> RadarFlagOut | None:
        """Mark a flag checked or replaced (audited); None: no such flag for this principal;
        AccessDenied: the principal may see it but not change the document."""
        with self.write_lock, self.sessions.begin() as session:
            row = session.execute(self._mine(radar_scan.flags_query()).where(RadarFlag.id == flag_id)).first()
            if row is None:
                return None
            flag, doc = row[0], row[1]
            check_edit(self.principal, doc.district)
            if decision.state == "ersetzt":
                self._replace(session, doc, decision.replaced_by)
            flag.state, flag.checked_by, flag.checked_at = decision.state, self.principal.login, dt.datetime.now(dt.UTC)
            flag.replaced_by_id = decision.replaced_by if decision.state == "ersetzt" else None
            audit.record(session, self.principal, "radar_check", "document", doc.id,
                         {"flag": flag.id, "title": doc.title, "state": decision.state,
                          "replaced_by": flag.replaced_by_id, "norms": sorted(flag.norms)})
            session.flush()
            return radar_scan.flag_out(*session.execute(radar_scan.flags_query().where(RadarFlag.id == flag_id)).one())

    def _replace(self, session: Session, doc: Document, replaced_by: int | None) -> None:
        if replaced_by is None:
            raise IngestError("Bitte das ersetzende Dokument angeben (Dokumentnummer).")
        new = versions.replaced_document(session, str(replaced_by), self.principal)
        if new.id == doc.id or new.series_key == doc.series_key:
            raise IngestError("Ein Dokument kann sich nicht selbst oder eine eigene Fassung ersetzen.")
        versions.mark_replaced(session, doc, new, self.principal, dt.date.today())
        store.bump_generation(session, store.ACCESS)


__all__ = ["AccessDenied", "ChangeRadar"]
