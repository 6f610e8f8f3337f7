"""The service end to end on a real SQLite file and real FAISS/FTS5 indexes (fake embedder:
these tests are about storage, not about ranking quality)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from kb.db.models import Chunk, ChunkNorm, Document
from kb.services import store
from kb.services.knowledge_base import KnowledgeBase
from kb.services.schemas import SearchFilters, SearchQuery

KDU = """---
title: Rundschreiben 4/2025 – Kosten der Unterkunft
district: Kusel
doc_type: Rundschreiben
date: 2025-04-14
---
# 1. Angemessenheit

Die Kosten der Unterkunft werden nach § 22 Abs. 1 SGB II in Höhe der tatsächlichen Aufwendungen übernommen.

# 2. Umzug

Ein Umzug ohne Zusicherung nach § 22 Abs. 4 SGB II führt zur Deckelung auf die bisherigen Kosten.
"""

BUT = """# Bildung und Teilhabe

Lernförderung nach § 28 Abs. 5 SGB II wird auf Antrag gewährt. Die Schule bestätigt den Bedarf.
"""


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "eingang"
    folder.mkdir()
    (folder / "kdu.md").write_text(KDU, encoding="utf-8")
    (folder / "but.txt").write_text(BUT, encoding="utf-8")
    (folder / "kdu.md.meta.json").write_text('{"district": "Kusel"}')  # sidecar is no document
    return folder


def counts(kb: KnowledgeBase) -> tuple[int, int, int, int, int]:
    with kb.sessions() as s:
        docs = s.scalar(select(func.count(Document.id)))
        chunks = s.scalar(select(func.count(Chunk.id)))
        norms = s.scalar(select(func.count()).select_from(ChunkNorm))
    return docs, chunks, norms, len(kb.components.indexes.vectors), len(kb.components.indexes.lexical)


def test_ingest_is_idempotent_and_a_changed_file_becomes_a_new_version(fake_kb, docs):
    report = fake_kb.ingesting.ingest([docs])
    assert [f.status for f in report.files] == ["added", "added"]
    d, c, n, v, lex = counts(fake_kb)
    assert d == 2 and c == v == lex and c >= 3 and n >= 3

    again = fake_kb.ingesting.ingest([docs])
    assert [f.status for f in again.files] == ["unchanged", "unchanged"]
    assert counts(fake_kb) == (d, c, n, v, lex)

    (docs / "but.txt").write_text(BUT + "\nNeu: Schulbedarf wird zum 1. August gezahlt.\n", encoding="utf-8")
    third = fake_kb.ingesting.ingest([docs])
    assert sorted(f.status for f in third.files) == ["replaced", "unchanged"]
    hits = fake_kb.searching.search(SearchQuery(text="Schulbedarf August", k=3, mode="lexical")).results
    assert hits and "Schulbedarf" in hits[0].text
    d2, c2, _, v2, lex2 = counts(fake_kb)
    assert d2 == 3 and c2 == v2 == lex2  # the old version stays stored and indexed
    new_id = third.files[[f.status for f in third.files].index("replaced")].document_id
    current = fake_kb.searching.search(SearchQuery(text="Lernförderung Schule", k=5, mode="lexical")).results
    assert {h.document_id for h in current} == {new_id}  # only the current version is found
    everything = fake_kb.searching.search(SearchQuery(
        text="Lernförderung Schule", k=5, mode="lexical", filters=SearchFilters(include_outdated=True))).results
    assert len({h.document_id for h in everything}) == 2


def test_metadata_from_front_matter_and_norms_are_stored(fake_kb, docs):
    fake_kb.ingesting.ingest([docs])
    infos = {i.source: i for i in fake_kb.documents.list()}
    kdu = infos["kdu.md"]
    assert (kdu.district, kdu.doc_type, str(kdu.date)) == ("Kusel", "Rundschreiben", "2025-04-14")
    assert kdu.title == "Rundschreiben 4/2025 – Kosten der Unterkunft"
    detail = fake_kb.documents.detail(kdu.id)
    assert [c.section for c in detail.chunks] == ["1. Angemessenheit", "2. Umzug"]
    assert "SGB II § 22" in detail.chunks[0].norms
    hits = fake_kb.searching.search(SearchQuery(text="Umzug", filters=SearchFilters(norm="SGB II § 22"))).results
    assert hits and all(h.document_id == kdu.id for h in hits)


def test_filters_restrict_results(fake_kb, docs):
    fake_kb.ingesting.ingest([docs])
    q = SearchQuery(text="Kosten Unterkunft Lernförderung", k=10)
    assert {h.source for h in fake_kb.searching.search(q).results} == {"kdu.md", "but.txt"}
    q.filters = SearchFilters(district="Kusel")
    assert {h.source for h in fake_kb.searching.search(q).results} == {"kdu.md"}
    q.filters = SearchFilters(district=["Kusel", "Saarlouis"])
    assert {h.source for h in fake_kb.searching.search(q).results} == {"kdu.md"}
    q.filters = SearchFilters(doc_type="Protokoll")
    assert fake_kb.searching.search(q).results == []


def test_delete_removes_rows_vectors_and_terms(fake_kb, docs):
    fake_kb.ingesting.ingest([docs])
    doc_id = next(i.id for i in fake_kb.documents.list() if i.source == "but.txt")
    assert fake_kb.ingesting.delete(str(doc_id)) is not None
    d, c, _n, v, lex = counts(fake_kb)
    assert d == 1 and c == v == lex
    assert all(h.source != "but.txt" for h in fake_kb.searching.search(SearchQuery(text="Lernförderung")).results)
    assert fake_kb.ingesting.delete("99999") is None


def test_bad_files_are_reported_and_the_batch_continues(fake_kb, docs, tmp_path):
    (docs / "leer.txt").write_bytes(b"")
    (docs / "kaputt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF garbage")
    (docs / "bild.docx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    report = fake_kb.ingesting.ingest([docs])
    status = {Path(f.path).name: (f.status, f.reason) for f in report.files}
    assert status["kdu.md"][0] == status["but.txt"][0] == "added"
    for name in ("leer.txt", "kaputt.pdf", "bild.docx"):
        assert status[name][0] == "failed" and status[name][1], name
    assert counts(fake_kb)[0] == 2


def test_failure_inside_the_transaction_leaves_nothing_behind(fake_kb, docs, monkeypatch):
    fake_kb.ingesting.ingest([docs / "kdu.md"])
    before = counts(fake_kb)

    def broken(*_args, **_kwargs):
        raise RuntimeError("Strom weg")

    monkeypatch.setattr(store, "bump_generation", broken)
    report = fake_kb.ingesting.ingest([docs / "but.txt"])
    assert report.files[0].status == "failed" and "Strom weg" in report.files[0].reason
    assert counts(fake_kb) == before


def test_crash_before_index_save_is_repaired_on_next_open(settings, docs, monkeypatch):
    kb = KnowledgeBase(settings)
    kb.ingesting.ingest([docs / "kdu.md"])
    from kb.services.indexes import VectorMember

    monkeypatch.setattr(VectorMember, "save", lambda self, gen: (_ for _ in ()).throw(OSError("Absturz")))
    with pytest.raises(OSError):
        kb.ingesting.ingest([docs / "but.txt"])
    kb.close()
    monkeypatch.undo()

    reopened = KnowledgeBase(settings)
    d, c, _n, v, lex = counts(reopened)
    assert d == 2 and c == v == lex
    hits = reopened.searching.search(SearchQuery(text="Lernförderung Schule", mode="dense")).results
    assert hits[0].source == "but.txt"
    reopened.close()


def test_reindex_rebuilds_from_stored_vectors(fake_kb, docs):
    fake_kb.ingesting.ingest([docs])
    before = fake_kb.searching.search(SearchQuery(text="Umzug Zusicherung")).results
    if fake_kb.settings.storage.postgres_indexes:  # the table in the database
        fake_kb.components.indexes.vectors.clear()
    else:
        (fake_kb.settings.storage.index_path / "vectors.faiss").unlink()
    assert fake_kb.admin.reindex() == counts(fake_kb)[1]
    after = fake_kb.searching.search(SearchQuery(text="Umzug Zusicherung")).results
    assert [h.chunk_id for h in after] == [h.chunk_id for h in before]


def test_stored_vectors_match_the_index(fake_kb, docs):
    fake_kb.ingesting.ingest([docs])
    with fake_kb.sessions() as s:
        for ids, vectors in store.iter_vectors(s):
            for cid, vec in zip(ids, vectors, strict=False):
                found, scores = fake_kb.components.indexes.vectors.search(vec, 1, allowed=np.array([cid]))
                assert found[0] == cid and scores[0] == pytest.approx(1.0, abs=1e-4)


def test_duplicate_content_under_another_name_is_skipped(fake_kb, docs, tmp_path):
    fake_kb.ingesting.ingest([docs / "kdu.md"])
    copy = tmp_path / "kopie.md"
    shutil.copy(docs / "kdu.md", copy)
    outcome = fake_kb.ingesting.ingest([copy]).files[0]
    assert outcome.status == "duplicate" and "kdu.md" in outcome.reason


def test_original_file_is_kept_for_download(fake_kb, docs):
    fake_kb.ingesting.ingest([docs / "kdu.md"])
    doc_id = fake_kb.documents.list()[0].id
    path, name = fake_kb.documents.original_file(doc_id)
    assert name == "kdu.md" and path.read_text(encoding="utf-8") == KDU


def test_facets_and_date_sort(fake_kb, docs):
    (docs / "alt.md").write_text("---\ndistrict: Saarlouis\ndoc_type: Weisung\ndate: 2019-02-01\n---\n"
                                 "# Kosten\n\nKosten der Unterkunft nach § 22 SGB II im Jahr 2019.\n", encoding="utf-8")
    fake_kb.ingesting.ingest([docs])
    response = fake_kb.searching.search(SearchQuery(text="Kosten der Unterkunft", k=10, facets=True))
    facets = {name: {f.value: f.count for f in values} for name, values in response.facets.items()}
    assert facets["district"] == {"Kusel": 1, "Saarlouis": 1}
    assert facets["year"]["2019"] == 1 and facets["year"]["2025"] == 1
    assert facets["norm"]["SGB II § 22"] == 2
    dated = fake_kb.searching.search(SearchQuery(text="Kosten der Unterkunft", k=10, sort="date")).results
    dates = [h.date for h in dated if h.date]
    assert dates == sorted(dates, reverse=True) and dated[-1].date is None
    by_year = fake_kb.searching.search(SearchQuery(text="Kosten", filters=SearchFilters(year=[2019]))).results
    assert {h.source for h in by_year} == {"alt.md"}


def test_title_index_follows_ingest_delete_and_reopen(fake_kb, docs, settings):
    terms = lambda q: fake_kb.components.indexes.lexical.query_terms(q)  # noqa: E731
    fake_kb.ingesting.ingest([docs])
    found = fake_kb.components.indexes.search_titles(terms("Umzug"), 10, None)
    with fake_kb.sessions() as s:
        assert {s.get(Chunk, cid).section for cid, _ in found} == {"2. Umzug"}
    doc_id = next(i.id for i in fake_kb.documents.list() if i.source == "kdu.md")
    fake_kb.ingesting.delete(str(doc_id))
    assert fake_kb.components.indexes.search_titles(terms("Umzug"), 10, None) == []
    fake_kb.ingesting.ingest([docs])
    fake_kb.close()
    reopened = KnowledgeBase(settings)  # the title index has no file: rebuilt from the database
    try:
        assert len(reopened.components.indexes.search_titles(terms("Angemessenheit"), 10, None)) == 1
    finally:
        reopened.close()


def _law_with_a_long_section() -> str:
    absatz = ("({n}) Bedarfe für Unterkunft und Heizung werden in Höhe der tatsächlichen Aufwendungen "
              "anerkannt, soweit diese angemessen sind. " + "Die Angemessenheit richtet sich nach dem "
              "örtlichen Mietniveau und der Größe des Haushalts. " * 12)
    long_section = "\n\n".join(absatz.format(n=n) for n in range(1, 7))
    short = "# § 22{s} – {t}\n\nDie Unterkunft wird nach dieser Vorschrift bestimmt.\n"
    return ("---\ntitle: Zweites Buch Sozialgesetzbuch (SGB II)\ndoc_type: Gesetz\n---\n"
            f"# § 22 – Bedarfe für Unterkunft und Heizung\n\n{long_section}\n\n"
            + "\n".join(short.format(s=s, t=t) for s, t in
                        [("a", "Satzungsermächtigung"), ("b", "Inhalt der Satzung"), ("c", "Datenerhebung")]))


def test_a_law_section_appears_once_on_the_first_page(fake_kb, tmp_path):
    (tmp_path / "sgb2.md").write_text(_law_with_a_long_section(), encoding="utf-8")
    assert fake_kb.ingesting.ingest([tmp_path / "sgb2.md"]).count("added") == 1
    with fake_kb.sessions() as s:
        assert s.scalar(select(func.count(Chunk.id)).where(Chunk.norm_self == "SGB II § 22")) >= 3
    query = SearchQuery(text="Unterkunft Mietniveau", k=4, mode="lexical")
    first = fake_kb.searching.search(query).results
    assert [h.section[:7] for h in first].count("§ 22 – ") == 1
    assert len({h.section for h in first}) == 4
    rest = fake_kb.searching.search(query.model_copy(update={"offset": 4, "k": 10})).results
    assert [h.section[:7] for h in rest].count("§ 22 – ") >= 2  # moved behind, not dropped


def test_a_circular_shows_each_of_its_sections_once_on_the_first_page(fake_kb, tmp_path):
    long = " ".join(["Die Mietobergrenze gilt für die Unterkunft im Kreis."] * 60)
    sections = "\n\n".join(f"# {n}. Abschnitt {n}\n\nDie Unterkunft im Kreis, Teil {n}." for n in range(2, 6))
    (tmp_path / "rs.md").write_text("---\ndoc_type: Rundschreiben\n---\n"
                                    f"# 1. Mietobergrenze\n\n{long}\n\n{sections}\n", encoding="utf-8")
    assert fake_kb.ingesting.ingest([tmp_path / "rs.md"]).count("added") == 1
    first = fake_kb.searching.search(SearchQuery(text="Unterkunft Mietobergrenze", k=3, mode="lexical")).results
    assert [h.section for h in first].count("1. Mietobergrenze") == 1
    assert len(first) == 3
    more = fake_kb.searching.search(SearchQuery(text="Unterkunft Mietobergrenze", k=10, mode="lexical")).results
    assert {h.section for h in more[:3]} == {h.section for h in first}
    assert len(more) > 3  # the capped passages follow behind the first page


@pytest.mark.parametrize("text", ["", "   ", '"', "§", "?!", "(*)"])
def test_a_query_without_letters_or_digits_finds_nothing(fake_kb, docs, text):
    fake_kb.ingesting.ingest([docs])
    for mode in ("dense", "lexical", "hybrid"):
        assert fake_kb.searching.search(SearchQuery(text=text, k=5, mode=mode)).results == []


def test_a_typo_is_corrected_against_the_collection_as_it_is_now(fake_kb, docs):
    fake_kb.ingesting.ingest([docs])
    typo = SearchQuery(text="Wann tagt die Härtefallkomission?", k=5, mode="lexical")
    assert fake_kb.searching.search(typo).corrected_query is None  # no document knows the word yet
    (docs / "hfk.md").write_text("# Härtefallkommission\n\nDie Härtefallkommission tagt monatlich.\n",
                                 encoding="utf-8")
    fake_kb.ingesting.ingest([docs])
    response = fake_kb.searching.search(typo)
    assert response.corrected_query == "Wann tagt die Härtefallkommission?"
    assert response.query == "Wann tagt die Härtefallkomission?"
    assert response.results[0].source == "hfk.md"
    exact = fake_kb.searching.search(typo.model_copy(update={"spellcheck": False}))
    assert exact.corrected_query is None
