"""The evidence list `norm_cited_absatz`: passages whose heading or text cites the query's norm
down to its Absatz, seen only by users who may see them (as `norm_cited`), on SQLite and
PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from kb.access import Principal
from kb.db.models import Chunk, Document
from kb.domain import MetaHints
from kb.services.sources import Request
from kb.services.visibility import visible_chunk_ids

DOCS = {
    "abs7.md": "# Direktzahlung\n\nNach § 22 Abs. 7 SGB II zahlen wir die Miete an den Vermieter. "
               "Auch § 22 Abs. 7 Satz 2 SGB II ist zu beachten.\n",
    "abs1.md": "# Nebenkosten\n\n## 2. Nachzahlungen (§ 22 Abs. 1 SGB II)\n\nNachzahlungen sind Bedarf.\n",
    "paragraf.md": "# Überblick\n\nDie Unterkunftskosten regelt § 22 SGB II.\n",
    "intern.md": "# Kusel intern\n\nDirektzahlung an Vermieter nach § 22 Abs. 7 SGB II im Kreis Kusel.\n",
}


def ingest_all(kb, folder: Path) -> dict[str, int]:
    """The four circulars, `intern.md` internal to Kusel; chunk id of each by file name."""
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
        hints = MetaHints(district="Kusel", visibility="intern") if name == "intern.md" else None
        assert kb.ingesting.ingest([folder / name], hints).files[0].status == "added"
    with kb.sessions() as session:
        rows = session.execute(select(Document.source_name, Chunk.id).join(Chunk)).tuples().all()
    return dict(rows)


def test_lists_the_passages_citing_the_absatz_most_citations_first(fake_kb, tmp_path):
    ids = ingest_all(fake_kb, tmp_path)
    norms = fake_kb.components.current().retrievers.norms
    assert [cid for cid, _ in norms.absatz_citing({"SGB II § 22": 7}, None, 10)] == [ids["abs7.md"],
                                                                                     ids["intern.md"]]
    assert [cid for cid, _ in norms.absatz_citing({"SGB II § 22": 1}, None, 10)] == [ids["abs1.md"]]
    assert norms.absatz_citing({"SGB II § 22": 3}, None, 10) == []


def test_respects_visibility_as_the_norm_cited_list_does(fake_kb, tmp_path):
    ids = ingest_all(fake_kb, tmp_path)
    norms = fake_kb.components.current().retrievers.norms
    with fake_kb.sessions() as session:
        saarlouis = visible_chunk_ids(session, Principal(1, "s.leser", "Saarlouis", "leser"))
        kusel = visible_chunk_ids(session, Principal(2, "k.leser", "Kusel", "leser"))
    assert [cid for cid, _ in norms.absatz_citing({"SGB II § 22": 7}, saarlouis, 10)] == [ids["abs7.md"]]
    assert ids["intern.md"] in {cid for cid, _ in norms.absatz_citing({"SGB II § 22": 7}, kusel, 10)}
    assert ids["intern.md"] not in {cid for cid, _ in norms.norm_chunks(["SGB II § 22"], "cites", saarlouis, 10)}


def test_the_source_answers_only_queries_citing_an_absatz_and_its_weight_turns_it_off(fake_kb, tmp_path):
    ids = ingest_all(fake_kb, tmp_path)
    backends = fake_kb.components.current()
    source = next(s for s in backends.sources if s.name == "norm_cited_absatz")
    ranked = source.ranked(Request(backends.planner.plan("Nachzahlung nach § 22 Abs. 1 SGB II"), None, 10))
    assert [cid for cid, _ in ranked] == [ids["abs1.md"]]
    assert source.ranked(Request(backends.planner.plan("Nachzahlung nach § 22 SGB II"), None, 10)) == []
    fake_kb.settings.ranking.rrf_weight_norm_cited_absatz = 0
    assert source.ranked(Request(backends.planner.plan("Nachzahlung nach § 22 Abs. 1 SGB II"), None, 10)) == []
