"""The "Stand" of a law text from the file (GII XML, the head of a Markdown dump) or as stated,
and the one series of an ordinance renamed twice (Alg II-V → Bürgergeld-V → GrusiGV)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.chunking import Chunker
from ingest.errors import IngestError
from ingest.law_stand import Stand, parse_stand, stand_of
from ingest.legal import canonical_law, current_law_name, former_law_names
from ingest.metadata import read_sidecar
from ingest.models import Block, ParsedDocument
from ingest.pipeline import prepare, prepare_path

LAWS = "corpus-real/laws"


def meta(shared: Path, relative: str):
    return prepare_path(shared / LAWS / relative, Chunker()).meta


def test_gii_xml_states_its_stand_and_the_amendment(shared):
    found = meta(shared, "gii-xml_2025-03_daniel-j-h/sgb_2.xml")
    assert (found.norm, found.stand) == ("SGB II", date(2025, 2, 24))
    assert found.stand_note == "zuletzt geändert durch Art. 2 G v. 24.2.2025 I Nr. 57"
    renamed = meta(shared, "gii-xml-c14n_2026-04_eriklueth/algiiv_2008_buergergeld-v.xml")
    assert (renamed.norm, renamed.stand) == ("BürgergeldV", date(2026, 4, 16))


def test_an_xml_without_stand_line_falls_back_to_its_build_date(shared):
    found = meta(shared, "gii-xml_2025-03_daniel-j-h/ktefv.xml")
    assert found.stand == date(2013, 4, 5) and "builddate" in found.stand_note


def test_a_markdown_dump_states_its_stand_in_the_head(shared):
    found = meta(shared, "history/algiiv_2008_md_2021_bundestag-gesetze.md")
    assert (found.norm, found.stand) == ("BürgergeldV", date(2021, 3, 16))  # jurabk "AlgIIV 2008"
    assert found.stand_note == "Zuletzt geändert durch Art. 1 V v. 16.3.2021 I 358"


def test_without_a_stand_in_the_file_a_sidecar_states_it(shared, tmp_path):
    source = shared / LAWS / "history/sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md"
    assert meta(shared, "history/sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md").stand is None
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    (tmp_path / f"{source.name}.meta.json").write_text(json.dumps({"stand": "2026-04-01"}), encoding="utf-8")
    found = prepare_path(copy, Chunker()).meta
    assert (found.stand, found.stand_note) == (date(2026, 4, 1), None)


def test_front_matter_stand_with_words_keeps_them_and_a_circular_has_none():
    law = "---\ndoc_type: Gesetz\nstand: zuletzt geändert durch Art. 1 G v. 16.4.2026\n---\n# § 1 - A\n\nText.\n"
    law = law.encode()
    found = prepare(law, "vo.md", Chunker()).meta
    assert (found.stand, found.stand_note) == (date(2026, 4, 16), "zuletzt geändert durch Art. 1 G v. 16.4.2026")
    circular = prepare(b"---\nstand: 2026-04-01\n---\n# Rundschreiben 1/2026\n\nText.\n", "rs.md", Chunker()).meta
    assert circular.stand is None  # a Stand is a law text's


def test_a_sidecar_stand_without_a_date_is_refused_a_documents_own_is_ignored(tmp_path):
    path = tmp_path / "vo.md"
    path.write_text("---\ndoc_type: Gesetz\nstand: Entwurf\n---\n# § 1 – A\n\nText.\n", encoding="utf-8")
    assert prepare_path(path, Chunker()).meta.stand is None  # the file's own "Stand: Entwurf"
    (tmp_path / "vo.md.meta.json").write_text(json.dumps({"stand": "Entwurf"}), encoding="utf-8")
    with pytest.raises(IngestError, match="'stand' enthält kein Datum"):
        read_sidecar(path)


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-04-01", Stand(date(2026, 4, 1))),
    ("1.4.2026", Stand(date(2026, 4, 1))),
    ("Stand: 1.4.2026", Stand(date(2026, 4, 1))),
    ("Art. 2 G v. 24.2.2025", Stand(date(2025, 2, 24), "Art. 2 G v. 24.2.2025")),
])
def test_parse_stand(value, expected):
    assert parse_stand(value, "Test") == expected


def test_stand_of_reads_the_head_not_the_norms():
    head = ParsedDocument([Block("Gesetz X", None, 1), Block("Geändert durch: Art. 1 G v. 1.1.2020"),
                           Block("§ 1 – A", None, 2), Block("Text.")], "markdown")
    assert stand_of(head) == Stand(date(2020, 1, 1), "Geändert durch Art. 1 G v. 1.1.2020")
    in_a_norm = ParsedDocument([Block("Gesetz X", None, 1), Block("§ 1 – A", None, 2),
                                Block("Stand: zuletzt geändert durch Art. 1 G v. 1.1.2020")], "markdown")
    assert stand_of(in_a_norm) == Stand()


def test_the_renamed_ordinance_is_one_law_under_its_name_of_today():
    assert canonical_law("AlgIIV 2008") == canonical_law("Alg II-V") == "BürgergeldV"
    assert current_law_name("BürgergeldV") == current_law_name("GrusiGV") == "GrusiGV"
    assert former_law_names("GrusiGV") == ("BürgergeldV",) and former_law_names("SGB II") == ()
