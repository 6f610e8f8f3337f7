"""The change radar on the real SGB II reform (both texts from the shared corpus) and the
sample circulars of `corpus/` (SQLite and PostgreSQL, fake embedder: this is about citations and
norm states, not ranking). The expected flags are computed here from what the store says each
circular cites and what the diff says of each norm, independently of `kb.services.radar_scan`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kb.access import AccessDenied, Principal
from kb.db.models import AuditEntry, Chunk, ChunkNorm, Document, RadarFlag
from kb.domain import DocType, MetaHints
from kb.services.radar_schemas import RadarFilters, RadarMark
from kb.services.schemas import SearchQuery

ROOT = Path(__file__).resolve().parents[2]
SGB2 = ("laws/history/sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md", "laws/md_2026-08_kmein/sgb_2.md")
REFORM = date(2026, 7, 1)
SAMPLES = ("kusel/rs-2026-03-kooperationsplan-fortschreibung.md",
           "saarlouis/rs-2026-02-pflichtverletzungen-rechtsfolgenbelehrung.md",
           "st-wendel/rs-2026-01-ziele-der-grundsicherung.md",
           "vulkaneifel/rs-2026-04-einkommen-und-teilhabe.md",
           "mayen-koblenz/rs-2026-09-kooperationsplan-neue-grundsicherung.md")
KUSEL_REDAKTEUR = Principal(user_id=1, login="kus.red", district="Kusel", role="redakteur")
KUSEL_LESER = Principal(user_id=2, login="kus.les", district="Kusel", role="leser")
SAARLOUIS_REDAKTEUR = Principal(user_id=3, login="sls.red", district="Saarlouis", role="redakteur")


def ingest(kb, path: Path, **hints) -> int:
    outcome = kb.ingesting.ingest([path], MetaHints(**hints) if hints else None).files[0]
    assert outcome.status in ("added", "replaced"), outcome.reason
    return outcome.document_id


@pytest.fixture
def radar_kb(fake_kb, shared, tmp_path):
    """Sample circulars first, then SGB II in its two versions (the second valid from 1.7.2026)."""
    kb = fake_kb
    docs = {name: ingest(kb, ROOT / "corpus" / name) for name in SAMPLES}
    older = tmp_path / Path(SGB2[0]).name
    older.write_bytes((shared / "corpus-real" / SGB2[0]).read_bytes())
    (tmp_path / f"{older.name}.meta.json").write_text(json.dumps({"stand": "2026-04-01"}), encoding="utf-8")
    old = ingest(kb, older)
    new = ingest(kb, shared / "corpus-real" / SGB2[1], valid_from=REFORM)
    return kb, docs, old, new


def expected_flags(kb, old: int, new: int) -> dict[int, set[str]]:
    """Document → cited SGB II norms that changed or were repealed, for documents dated before the reform."""
    states = kb.law_changes.changed_norms(old, new)
    with kb.sessions() as session:
        rows = session.execute(select(Document, ChunkNorm.norm).select_from(Document).join(Chunk)
                               .join(ChunkNorm, ChunkNorm.chunk_id == Chunk.id)
                               .where(Document.doc_type != "Gesetz", ChunkNorm.norm.like("SGB II § %"))).all()
    found: dict[int, set[str]] = {}
    for doc, norm in rows:
        day = doc.valid_from or doc.doc_date
        if day < REFORM and states.get(norm.removeprefix("SGB II ")) in ("changed", "repealed"):
            found.setdefault(doc.id, set()).add(norm)
    return found


def flags(kb) -> dict[int, set[str]]:
    with kb.sessions() as session:
        return {f.document_id: set(f.norms) for f in session.scalars(select(RadarFlag))}


def test_the_radar_flags_exactly_the_documents_citing_a_changed_norm(radar_kb):
    kb, docs, old, new = radar_kb
    expected = expected_flags(kb, old, new)
    assert flags(kb) == expected
    flagged = set(expected)
    assert docs[SAMPLES[0]] in flagged and docs[SAMPLES[1]] in flagged  # § 15, § 31 changed
    assert docs[SAMPLES[2]] not in flagged and docs[SAMPLES[3]] not in flagged  # § 1, § 11, § 21, § 28 only
    assert docs[SAMPLES[4]] not in flagged  # written after the reform
    assert {"SGB II § 15"} <= expected[docs[SAMPLES[0]]]


def test_rebuilding_adds_nothing_twice(radar_kb):
    kb, _docs, _old, _new = radar_kb
    before = flags(kb)
    assert kb.radar.rebuild("SGB II") == {"SGB II": 0}
    assert kb.radar.rebuild() == {"SGB II": 0}
    with kb.sessions() as session:
        session.execute(RadarFlag.__table__.delete())
        session.commit()
    assert kb.radar.rebuild("SGB II") == {"SGB II": len(before)}
    assert flags(kb) == before


def test_a_circular_read_in_after_the_reform_is_checked_too(radar_kb, tmp_path):
    kb, _docs, old, new = radar_kb
    late = tmp_path / "rs-2026-05-pflichtverletzung.md"
    late.write_text("# Hinweise zu Pflichtverletzungen\n\nKusel, 4. Mai 2026\n\n"
                    "Die Belehrung nach § 31 Abs. 1 SGB II ist schriftlich zu erteilen.\n", encoding="utf-8")
    doc = ingest(kb, late, district="Kusel", doc_type=DocType.RUNDSCHREIBEN, date=date(2026, 5, 4))
    assert flags(kb)[doc] == {"SGB II § 31"}
    assert flags(kb) == expected_flags(kb, old, new)


def test_marking_is_for_editors_of_the_district_and_audited(radar_kb):
    kb, docs, _old, _new = radar_kb
    kusel = docs[SAMPLES[0]]
    flag = next(f for f in kb.radar.acting(KUSEL_LESER).page().flags if f.document_id == kusel)
    assert {f.district for f in kb.radar.acting(KUSEL_LESER).page().flags} == {"Kusel"}
    with pytest.raises(AccessDenied):
        kb.radar.acting(KUSEL_LESER).mark(flag.id, RadarMark(state="geprüft"))
    assert kb.radar.acting(SAARLOUIS_REDAKTEUR).mark(flag.id, RadarMark(state="geprüft")) is None
    done = kb.radar.acting(KUSEL_REDAKTEUR).mark(flag.id, RadarMark(state="geprüft"))
    assert (done.state, done.checked_by) == ("geprüft", "kus.red")
    assert kb.radar.acting(KUSEL_REDAKTEUR).page(RadarFilters(state="offen")).flags == []
    with kb.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "radar_check")).one()
        assert (entry.login, entry.object_id, json.loads(entry.detail)["state"]) == ("kus.red", str(kusel), "geprüft")


def test_marking_replaced_ends_the_old_circular(radar_kb, tmp_path):
    kb, docs, _old, _new = radar_kb
    saarlouis = docs[SAMPLES[1]]
    successor = tmp_path / "rs-2026-07-pflichtverletzungen-neu.md"
    successor.write_text("# Pflichtverletzungen ab Juli 2026\n\nSaarlouis, 1. Juli 2026\n\nNeue Hinweise.\n",
                         encoding="utf-8")
    new_doc = ingest(kb, successor, district="Saarlouis", doc_type=DocType.RUNDSCHREIBEN, valid_from=REFORM)
    flag = next(f for f in kb.radar.page().flags if f.document_id == saarlouis)
    done = kb.radar.acting(SAARLOUIS_REDAKTEUR).mark(flag.id, RadarMark(state="ersetzt", replaced_by=new_doc))
    assert (done.state, done.replaced_by_id) == ("ersetzt", new_doc)
    with kb.sessions() as session:
        old = session.get(Document, saarlouis)
        assert (old.superseded_by_id, old.supersession) == (new_doc, "replaced")


def test_search_hits_carry_the_open_flags_norms(radar_kb):
    kb, docs, _old, _new = radar_kb
    hits = kb.searching.search(SearchQuery(text="Kooperationsplan fortschreiben Potenzialanalyse", k=20)).results
    by_doc = {h.document_id: h for h in hits}
    assert "SGB II § 15" in by_doc[docs[SAMPLES[0]]].outdated_norms
    assert all(h.outdated_norms == [] for h in hits if h.document_id not in flags(kb))
    with kb.sessions() as session:
        assert session.scalar(select(func.count()).select_from(RadarFlag)) == len(flags(kb))


def test_a_law_version_uploaded_as_a_job_flags_too(fake_kb, shared, tmp_path):
    kb = fake_kb
    for name in SAMPLES:
        ingest(kb, ROOT / "corpus" / name)
    old = ingest(kb, shared / "corpus-real" / SGB2[0])
    with kb.jobs.upload_batch() as batch:
        batch.add("sgb_2.md", (shared / "corpus-real" / SGB2[1]).read_bytes())
        job = kb.jobs.submit_upload(batch, MetaHints(valid_from=REFORM))
    assert kb.job_runner.run_pending() == 1 and kb.jobs.get(job.id).files_failed == 0
    with kb.sessions() as session:
        new = session.scalar(select(Document.id).where(Document.series_key == "law:SGB II", Document.version == 2))
    assert flags(kb) == expected_flags(kb, old, new) and flags(kb)
