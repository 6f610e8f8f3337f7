"""Atom feeds of what is new: documents, law versions and change-radar flags, per district
(`/feeds/{district}.atom`) and for the whole network (`/feeds/netzwerk.atom`).

A feed is read by feed readers that share one URL among colleagues, so it shows only what every
signed-in user may see: `netzwerk` documents (never `intern` ones, whoever asks) and the flags of
such documents. Laws have no district and appear in every feed. Newest first, at most `LIMIT`.
Written with `feedgen`, which escapes every text it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from ingest.legal import DISTRICTS
from ingest.legal.folding import fold
from kb.access import NETZWERK
from kb.db.models import Document, RadarFlag
from kb.domain import DocType

LIMIT = 50
NETWORK_FEED = "netzwerk"


def slug(district: str) -> str:
    """"St. Wendel" → "st-wendel", "Südwestpfalz" → "suedwestpfalz" (the corpus folders' names)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(district)).strip("-")


SLUGS = {slug(d): d for d in DISTRICTS}


@dataclass(frozen=True)
class FeedEntry:
    key: str  # stable id part: "document-12", "radar-3"
    title: str
    link: str  # path on the server
    summary: str
    updated: datetime


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Feeds:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def district_of(self, name: str) -> str | None:
        """The district a feed name stands for; NETWORK_FEED for the network, None: unknown."""
        return NETWORK_FEED if name == NETWORK_FEED else SLUGS.get(name)

    def entries(self, district: str) -> list[FeedEntry]:
        """The newest entries of a district's feed (or of the network's: every district)."""
        with self.sessions() as session:
            found = self._documents(session, district) + self._flags(session, district)
        return sorted(found, key=lambda e: (e.updated, e.key), reverse=True)[:LIMIT]

    def _documents(self, session: Session, district: str) -> list[FeedEntry]:
        stmt = select(Document).where(Document.visibility == NETZWERK)
        if district != NETWORK_FEED:
            stmt = stmt.where(or_(Document.district == district, Document.doc_type == DocType.GESETZ.value))
        rows = session.scalars(stmt.order_by(Document.created_at.desc(), Document.id.desc()).limit(LIMIT))
        return [FeedEntry(f"document-{d.id}", _document_title(d), f"/dokument/{d.id}", _document_summary(d),
                          _aware(d.created_at)) for d in rows]

    def _flags(self, session: Session, district: str) -> list[FeedEntry]:
        stmt = (select(RadarFlag, Document).join(Document, Document.id == RadarFlag.document_id)
                .where(Document.visibility == NETZWERK))
        if district != NETWORK_FEED:
            stmt = stmt.where(Document.district == district)
        rows = session.execute(stmt.order_by(RadarFlag.created_at.desc(), RadarFlag.id.desc()).limit(LIMIT))
        return [FeedEntry(f"radar-{f.id}", f"Möglicherweise veraltet: {d.title}", f"/dokument/{d.id}",
                          f"Geänderte Normen ({f.law}): {', '.join(sorted(f.norms))}", _aware(f.created_at))
                for f, d in rows]


def _document_title(doc: Document) -> str:
    if doc.doc_type == DocType.GESETZ.value and doc.version > 1:
        return f"Neue Fassung {doc.version}: {doc.title}"
    return f"Neu: {doc.title}"


def _document_summary(doc: Document) -> str:
    day = f", {doc.doc_date:%d.%m.%Y}" if doc.doc_date else ""
    return f"{doc.doc_type}, {doc.district or 'ohne Kreis'}{day}"


def atom(entries: list[FeedEntry], name: str, title: str, base_url: str) -> bytes:
    """The feed as Atom XML; ids are tag-like URLs under the server's address."""
    base = base_url.rstrip("/")
    feed = FeedGenerator()
    feed.id(f"{base}/feeds/{name}.atom")
    feed.title(title)
    feed.link(href=f"{base}/feeds/{name}.atom", rel="self")
    feed.link(href=f"{base}/", rel="alternate")
    feed.language("de")
    feed.updated(entries[0].updated if entries else datetime(2000, 1, 1, tzinfo=UTC))
    for e in reversed(entries):  # feedgen puts each added entry first
        item = feed.add_entry()
        item.id(f"{base}/feeds/{name}/{e.key}")
        item.title(e.title)
        item.link(href=base + e.link)
        item.summary(e.summary)
        item.updated(e.updated)
    return feed.atom_str(pretty=True)
