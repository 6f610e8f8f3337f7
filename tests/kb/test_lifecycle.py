"""Versions, validity and supersession in the store and in search (SQLite and PostgreSQL, real
FAISS/FTS5; fake embedder and lexical mode: these tests are about which documents a search
considers, not about ranking)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kb.domain import MetaHints
from kb.services.schemas import SearchFilters, SearchQuery

LAWS = ("laws/history/sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md", "laws/md_2026-08_kmein/sgb_2.md")


def found(kb, text: str, **filters) -> set[int]:
    query = SearchQuery(text=text, k=20, mode="lexical", filters=SearchFilters(**filters))
    return {h.document_id for h in kb.searching.search(query).results}


def write(folder: Path, name: str, text: str, **sidecar) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if sidecar:
        (folder / f"{name}.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return path


def ingest_one(kb, path: Path, **hints) -> int:
    outcome = kb.ingesting.ingest([path], MetaHints(**hints) if hints else None).files[0]
    assert outcome.status in ("added", "replaced"), outcome.reason
    return outcome.document_id


@pytest.fixture
def sgb2_versions(fake_kb, shared):
    older = ingest_one(fake_kb, shared / "corpus-real" / LAWS[0])
    newer = ingest_one(fake_kb, shared / "corpus-real" / LAWS[1], valid_from=date(2026, 7, 1))
    return fake_kb, older, newer


def test_two_texts_of_one_law_are_two_versions_and_the_day_decides(sgb2_versions):
    kb, older, newer = sgb2_versions
    old, new = kb.documents.detail(older), kb.documents.detail(newer)
    assert (old.law, new.law, new.version, str(new.valid_from)) == ("SGB II", "SGB II", 2, "2026-07-01")
    assert found(kb, "Kooperationsplan Eingliederung") == {newer}
    assert found(kb, "Kooperationsplan Eingliederung", as_of=date(2026, 5, 1)) == {older}
    assert found(kb, "Kooperationsplan Eingliederung", as_of=date(2026, 7, 1)) == {newer}
    assert found(kb, "Kooperationsplan Eingliederung", include_outdated=True) == {older, newer}


def test_deleting_the_newer_version_makes_the_older_current_again(sgb2_versions):
    kb, older, newer = sgb2_versions
    assert kb.ingesting.delete(str(newer))
    assert found(kb, "Kooperationsplan") == {older}


def test_a_replaced_circular_is_hidden_unless_asked_for(fake_kb, tmp_path):
    first = ingest_one(fake_kb, write(tmp_path, "rs-2023-02.md", "# Fahrtkosten\n\nFahrtkosten zu Meldeterminen "
                                      "werden bis 20 Euro erstattet.\n", district="Kusel"))
    second = ingest_one(fake_kb, write(tmp_path, "rs-2026-01.md", "# Fahrtkosten\n\nFahrtkosten zu Meldeterminen "
                                       "werden nach Beleg erstattet.\n", district="Kusel", replaces="rs-2023-02.md"))
    assert found(fake_kb, "Fahrtkosten Meldeterminen") == {second}
    assert found(fake_kb, "Fahrtkosten Meldeterminen", include_outdated=True) == {first, second}
    assert found(fake_kb, "Fahrtkosten Meldeterminen", as_of=date.today().replace(year=date.today().year - 1)) \
        == {first}  # before the replacement existed, the first circular was the one in force


def test_expired_and_not_yet_valid_documents_are_not_current(fake_kb, tmp_path):
    expired = ingest_one(fake_kb, write(tmp_path, "a.md", "# A\n\nSchulbedarf wird geprüft.\n"),
                         valid_to=date(2024, 12, 31))
    future = ingest_one(fake_kb, write(tmp_path, "b.md", "# B\n\nSchulbedarf wird gezahlt.\n"),
                        valid_from=date(date.today().year + 2, 1, 1))
    assert found(fake_kb, "Schulbedarf") == set()
    assert found(fake_kb, "Schulbedarf", as_of=date(2024, 6, 1)) == {expired}
    assert found(fake_kb, "Schulbedarf", as_of=date(date.today().year + 2, 2, 1)) == {future}


def test_deleting_a_middle_version_keeps_one_version_current(fake_kb, tmp_path):
    path = tmp_path / "weisung.md"
    ids = []
    for n in range(3):
        path.write_text(f"# Weisung\n\nRegelbedarf Stufe {n} gilt für Erwerbsfähige.\n", encoding="utf-8")
        ids.append(ingest_one(fake_kb, path))
    assert found(fake_kb, "Regelbedarf Erwerbsfähige") == {ids[2]}
    fake_kb.ingesting.delete(str(ids[1]))
    assert found(fake_kb, "Regelbedarf Erwerbsfähige") == {ids[2]}
    fake_kb.ingesting.delete(str(ids[2]))
    assert found(fake_kb, "Regelbedarf Erwerbsfähige") == {ids[0]}


def test_a_sidecar_key_makes_a_renamed_file_a_version_within_its_district(fake_kb, tmp_path):
    first = ingest_one(fake_kb, write(tmp_path, "protokoll-alt.md", "# AK Option\n\nTagesordnung Eingliederung.\n",
                                      district="Kusel", key="ak-2026-03"))
    second = ingest_one(fake_kb, write(tmp_path, "protokoll-korr.md", "# AK Option\n\nTagesordnung Eingliederung, "
                                       "korrigiert.\n", district="Kusel", key="ak-2026-03"))
    other = ingest_one(fake_kb, write(tmp_path, "protokoll-myk.md", "# AK Option\n\nTagesordnung Eingliederung "
                                      "Mayen.\n", district="Mayen-Koblenz", key="ak-2026-03"))
    assert found(fake_kb, "Tagesordnung Eingliederung") == {second, other}
    assert fake_kb.documents.detail(second).version == 2
    assert first not in found(fake_kb, "Tagesordnung Eingliederung")


def test_replacing_an_unknown_document_is_refused_with_a_message(fake_kb, tmp_path):
    path = write(tmp_path, "x.md", "# X\n\nText.\n", replaces="gibt-es-nicht.md")
    outcome = fake_kb.ingesting.ingest([path]).files[0]
    assert outcome.status == "failed" and "unbekanntes Dokument" in outcome.reason
    assert fake_kb.admin.stats(with_index=False).documents == 0


def test_the_same_upload_name_in_two_districts_is_two_documents(fake_kb):
    """Issue 17, 1: 'saarlouis/rundschreiben-2024.md' after 'kusel/rundschreiben-2024.md' must not
    replace Kusel's document."""
    kusel = fake_kb.ingesting.upload(b"# RS\n\nKusel zahlt Umzugskosten.\n", "rundschreiben-2024.md",
                                     MetaHints(district="Kusel"))
    saarlouis = fake_kb.ingesting.upload(b"# RS\n\nSaarlouis zahlt Umzugskosten.\n", "rundschreiben-2024.md",
                                         MetaHints(district="Saarlouis"))
    assert (kusel.status, saarlouis.status) == ("added", "added")
    assert found(fake_kb, "zahlt Umzugskosten") == {kusel.document_id, saarlouis.document_id}


def test_a_file_of_another_district_under_the_same_key_is_refused_not_made_a_version(fake_kb, tmp_path):
    path = write(tmp_path, "rs.md", "# RS\n\nKusel zahlt Umzugskosten.\n", district="Kusel")
    first = ingest_one(fake_kb, path)
    write(tmp_path, "rs.md", "# RS\n\nSaarlouis zahlt Umzugskosten.\n", district="Saarlouis")
    outcome = fake_kb.ingesting.ingest([path]).files[0]
    assert outcome.status == "failed" and "schon ein Dokument von Kusel" in outcome.reason
    assert found(fake_kb, "zahlt Umzugskosten") == {first}
