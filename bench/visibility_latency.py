"""What visibility costs a search: hybrid latency with everything visible (an admin) and with a
large share of the collection hidden (a reader of another district).

Usage: python bench/visibility_latency.py [--data DIR] [--rounds N] [--hidden 0.5]
Uses the law corpus of bench/query_latency.py (ingested into DIR if empty); a copy of its
database is made internal to Kusel for every other document (`--hidden`: the share), which is
synthetic — laws are never internal — but gives the restricted path a realistic size. Prints
p50/p95 per principal; the restricted search passes the visible chunk ids to FAISS and FTS5.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from query_latency import REPO, SHARED, open_kb, questions, report_line, timed


def hide_share(kb, share: float) -> int:
    """Make `share` of the documents internal to Kusel; returns their number."""
    from sqlalchemy import select

    from kb.db.models import Document
    from kb.services import store

    with kb.sessions.begin() as session:
        docs = session.scalars(select(Document).order_by(Document.id)).all()
        step = max(1, round(1 / share)) if share else 0
        hidden = [d for i, d in enumerate(docs) if step and i % step == 0]
        for doc in docs:
            doc.district, doc.visibility = ("Kusel", "intern") if doc in hidden else (None, "netzwerk")
        store.bump_generation(session, store.ACCESS)
    return len(hidden)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO / "data" / "bench-laws")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--hidden", type=float, default=0.5)
    args = parser.parse_args()
    from index.embedder import set_threads
    from kb.access import SYSTEM, Principal

    kb = open_kb(args.data)
    if kb.admin.is_empty():
        kb.ingesting.ingest([SHARED / "corpus-real" / "laws" / "md_2026-08_kmein"])
    set_threads(1)
    hidden = hide_share(kb, args.hidden)
    stats, texts = kb.admin.stats(), questions()
    print(f"corpus: {stats.documents} documents ({hidden} internal to Kusel), {stats.chunks} chunks; "
          f"{len(texts)} queries × {args.rounds} rounds, hybrid, 1 model thread")
    readers = {"admin (sees all)": SYSTEM,
               "Kusel reader (sees all)": Principal(1, "k", "Kusel", "leser"),
               "Saarlouis reader (hidden share)": Principal(2, "s", "Saarlouis", "leser")}
    for label, principal in readers.items():
        searcher = kb.searching.acting(principal)
        timed(kb, texts, "hybrid", False, searcher)  # warm-up
        report_line(label, [v for _ in range(args.rounds) for v in timed(kb, texts, "hybrid", False, searcher)])
    hide_share(kb, 0)  # leave the store as it was


if __name__ == "__main__":
    main()
