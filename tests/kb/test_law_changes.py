"""Law changes in the store (SQLite and PostgreSQL, fake embedder: this is about diffs, not
ranking): the "Neue Grundsicherung" (G v. 16.4.2026, in force 1.7.2026) in SGB II and in the
Bürgergeld-/Grundsicherungsgeld-Verordnung, checked against an independent comparison of the raw
files; picking versions by number and by day; only visible versions count."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from kb.access import Principal
from kb.domain import MetaHints
from kb.services.law_changes import NothingToCompare, VersionNotFound

SGB2 = ("laws/history/sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md", "laws/md_2026-08_kmein/sgb_2.md")
VERORDNUNG = ("laws/history/algiiv_2008_md_2021_bundestag-gesetze.md",
              "laws/md_2026-08_kmein/grusigv_ex-buergergeld-v.md")
REFORM = date(2026, 7, 1)
_HEADING = re.compile(r"^#{1,6}\s+(§\s*\d+[a-z]?)(?:\s+[–-])?\s*(.*)$")


def raw_norms(path: Path) -> dict[str, str]:
    """Norm → its normalised text, read from the Markdown alone: split at the '#… § N' headings,
    whitespace collapsed, Markdown escapes and emphasis dropped, GII editorial notes
    ('(+++ … +++)' lines, not law text) left out; a '(weggefallen)' placeholder is no text."""
    norms: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            match = _HEADING.match(line)
            current = " ".join(match[1].split()) if match else None
            if current:
                norms[current] = [] if match[2].strip() == "(weggefallen)" else [match[2]]
        elif current and norms[current] and not line.startswith("(+++"):
            norms[current].append(line)
    return {norm: " ".join(re.sub(r"\\(?=\W)|[*_]", "", " ".join(lines)).split()) for norm, lines in norms.items()}


def independent_states(old: Path, new: Path) -> dict[str, str]:
    before, after = raw_norms(old), raw_norms(new)
    states = {}
    for norm in before.keys() | after.keys():
        was, now = before.get(norm), after.get(norm)
        states[norm] = ("unchanged" if was == now else "new" if not was else "repealed" if not now else "changed")
    return states


def ingest(kb, path: Path, **hints) -> int:
    outcome = kb.ingesting.ingest([path], MetaHints(**hints) if hints else None).files[0]
    assert outcome.status in ("added", "replaced"), outcome.reason
    return outcome.document_id


@pytest.fixture
def sgb2(fake_kb, shared, tmp_path):
    """The two SGB II texts as versions 1 and 2; the older with the Stand its commit date gives
    (the file states none), the newer without one."""
    older = tmp_path / Path(SGB2[0]).name
    older.write_bytes((shared / "corpus-real" / SGB2[0]).read_bytes())
    (tmp_path / f"{older.name}.meta.json").write_text(json.dumps({"stand": "2026-04-01"}), encoding="utf-8")
    return fake_kb, ingest(fake_kb, older), ingest(fake_kb, shared / "corpus-real" / SGB2[1], valid_from=REFORM)


def test_sgb2_reform_equals_an_independent_comparison_of_the_two_files(sgb2, shared):
    kb, old, new = sgb2
    report = kb.law_changes.report("SGB II")
    expected = independent_states(*(shared / "corpus-real" / p for p in SGB2))
    assert report.norm_states == expected
    assert {n.norm: n.state for n in report.norms} == {k: v for k, v in expected.items() if v != "unchanged"}
    assert report.counts == {"unchanged": 112, "changed": 39, "new": 5, "repealed": 0}
    assert (report.old.id, report.old.stand, report.old.stand_stated) == (old, date(2026, 4, 1), True)
    assert (report.new.id, report.new.valid_from, report.new.stand_stated) == (new, REFORM, False)
    assert kb.law_changes.changed_norms(new, old) == report.norm_states  # the radar's question


def test_a_changed_norm_shows_its_real_words_and_an_unchanged_one_is_not_listed(sgb2):
    kb, _old, _new = sgb2
    norms = {n.norm: n for n in kb.law_changes.report("SGB II").norms}
    assert "§ 1" not in norms
    plan = norms["§ 15"]
    inserted = " ".join(t for p in plan.paragraphs for op, t in p.tokens if op == "insert")
    assert "findet persönlich im Jobcenter statt." in inserted and plan.norm_id == "SGB II § 15"
    assert plan.unchanged_paragraphs >= 1 and all(p.state != "unchanged" for p in plan.paragraphs)
    assert norms["§ 3a"].state == "new" and norms["§ 3a"].anchor == "norm-3a"


def test_the_replaced_benefit_is_mined_and_already_in_the_vocabulary(sgb2):
    kb, _old, _new = sgb2
    [pair] = kb.law_changes.report("SGB II").terms
    assert (pair.old, pair.new, pair.in_vocabulary) == ("Bürgergeld", "Grundsicherungsgeld", True)
    assert len(pair.norms) >= 15


def test_versions_are_picked_by_number_or_by_the_day_in_force(sgb2):
    kb, old, new = sgb2
    changes = kb.law_changes
    for first, second in (("1", "2"), ("2", "1"), ("2026-05-01", "2026-07-01"), ("2026-06-30", None), (None, "2")):
        report = changes.report("sgb 2", first, second)
        assert (report.old.id, report.new.id) == (old, new), (first, second)
    for first, second, message in (("2026-07-01", None, "dieselbe Fassung"), (None, "2026-05-01", "Vor Fassung 1"),
                                   ("1999-01-01", None, "Am 01.01.1999 galt keine"), ("3", None, "keine Fassung 3"),
                                   ("gestern", None, "weder eine Fassungsnummer")):
        with pytest.raises(VersionNotFound, match=message):
            changes.report("SGB II", first, second)
    assert changes.report("SGB III") is None


def test_the_norm_history_says_what_each_version_did_to_the_norm(sgb2):
    kb, _old, _new = sgb2
    states = {norm: [e.state for e in kb.law_changes.history(norm).entries]
              for norm in ("SGB II § 1", "SGB II § 15", "SGB II § 3a")}
    assert states == {"SGB II § 1": ["first", "unchanged"], "SGB II § 15": ["first", "changed"],
                      "SGB II § 3a": ["absent", "new"]}
    history = kb.law_changes.history("SGB II § 15")
    assert [e.previous for e in history.entries] == [None, 1] and history.anchor == "norm-15"
    assert kb.law_changes.history("SGB XII § 27") is None  # one law text or none: no history


def test_the_renamed_verordnung_is_one_law_and_equals_an_independent_comparison(fake_kb, shared):
    old = ingest(fake_kb, shared / "corpus-real" / VERORDNUNG[0])
    new = ingest(fake_kb, shared / "corpus-real" / VERORDNUNG[1], valid_from=REFORM)
    assert fake_kb.documents.detail(new).version == 2
    report = fake_kb.law_changes.report("Bürgergeld-V")
    assert (report.law, report.former_names, report.old.law, report.new.law) == (
        "GrusiGV", ["BürgergeldV"], "BürgergeldV", "GrusiGV")
    assert (report.old.id, report.new.id, report.old.stand) == (old, new, date(2021, 3, 16))
    assert report.norm_states == independent_states(*(shared / "corpus-real" / p for p in VERORDNUNG))
    assert report.counts == {"unchanged": 8, "changed": 3, "new": 0, "repealed": 0}  # § 1, § 3, § 7
    assert [e.state for e in fake_kb.law_changes.history("BürgergeldV § 3").entries] == ["first", "changed"]
    assert [law.law for law in fake_kb.law_changes.laws()] == ["GrusiGV"]


def _law_text(folder: Path, name: str, first_norm: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: Testverordnung\ndoc_type: Gesetz\nnorm: KtEfV\n---\n# Testverordnung\n\n"
                    f"# § 1 – Zweck\n\n{first_norm}\n\n# § 2 – Geltung\n\nDiese Verordnung gilt bundesweit.\n",
                    encoding="utf-8")
    return path


def test_an_internal_version_counts_only_for_its_own_district(fake_kb, tmp_path):
    ids = [ingest(fake_kb, _law_text(tmp_path, "v1.md", "Die Eignung wird geprüft.")),
           ingest(fake_kb, _law_text(tmp_path, "v2.md", "Die Eignung wird jährlich geprüft.")),
           ingest(fake_kb, _law_text(tmp_path, "v3.md", "Die Eignung wird vierteljährlich geprüft."),
                  district="Kusel", visibility="intern")]
    saarlouis = fake_kb.law_changes.acting(Principal(1, "s.leser", "Saarlouis", "leser"))
    kusel = fake_kb.law_changes.acting(Principal(2, "k.leser", "Kusel", "leser"))
    seen = saarlouis.report("KtEfV")
    assert (seen.old.id, seen.new.id, [v.id for v in seen.versions]) == (ids[0], ids[1], ids[:2])
    assert "jährlich" in [t for p in seen.norms[0].paragraphs for op, t in p.tokens if op == "insert"]
    with pytest.raises(VersionNotFound, match="keine Fassung 3"):
        saarlouis.report("KtEfV", "2", "3")
    assert saarlouis.changed_norms(ids[1], ids[2]) is None
    assert [len(e.versions) for e in saarlouis.laws()] == [2]
    assert len(saarlouis.history("KtEfV § 1").entries) == 2
    own = kusel.report("KtEfV")
    assert (own.old.id, own.new.id) == (ids[1], ids[2])
    assert [e.state for e in kusel.history("KtEfV § 1").entries] == ["first", "changed", "changed"]


def test_a_single_version_has_nothing_to_compare(fake_kb, tmp_path):
    ingest(fake_kb, _law_text(tmp_path, "v1.md", "Die Eignung wird geprüft."))
    with pytest.raises(NothingToCompare, match="nur eine Fassung"):
        fake_kb.law_changes.report("KtEfV")
    assert fake_kb.law_changes.laws() == []


def test_migration_0005_adds_the_stand_and_joins_the_renamed_series(settings):
    from alembic import command
    from sqlalchemy import text

    from kb.db.engine import alembic_config, make_engine, migrate

    engine = make_engine(settings.storage.sqlalchemy_url)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.execute(text("INSERT INTO documents (id, source_key, source_name, content_hash, stored_file, format, "
                          "title, doc_type, size_bytes, chunk_count, created_at, updated_at, visibility, series_key, "
                          "version) VALUES (1, 'v.xml', 'v.xml', 'h', 'f', 'gii-xml', 'Bürgergeld-V', 'Gesetz', 0, 0, "
                          "'2026-01-01', '2026-01-01', 'netzwerk', 'law:BürgergeldV', 1)"))
    migrate(engine)
    with engine.begin() as conn:
        row = conn.execute(text("SELECT series_key, stand, stand_note FROM documents")).one()
    assert tuple(row) == ("law:GrusiGV", None, None)
    engine.dispose()
