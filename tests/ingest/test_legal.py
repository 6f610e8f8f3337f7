"""ingest.legal: the one home of law names, norm ids, document types and districts."""

from __future__ import annotations

import pytest

from ingest.citations import norm_ids
from ingest.legal import (
    DISTRICTS,
    KNOWN_LAWS,
    LAW_SUBJECTS,
    NETWORK,
    QUERY_PATTERNS,
    asked_doc_types,
    law_of_norm,
    named_laws,
    norm_sort_key,
    section_title_without_number,
)
from ingest.models import DocType


@pytest.mark.parametrize("norm,law", [
    ("SGB II § 22", "SGB II"), ("SGB II § 22 Abs. 1", "SGB II"), ("SGB XII § 35a", "SGB XII"),
    ("BGB Art. 3", "BGB"), ("BürgergeldG Art. 1 Nr. 2", "BürgergeldG"), ("SGB XII", "SGB XII"),
])
def test_law_of_norm(norm: str, law: str) -> None:
    assert law_of_norm(norm) == law


def test_law_of_norm_reads_every_id_the_citation_parser_writes() -> None:
    text = "§ 22 Abs. 1 SGB II, § 35 SGB XII, Art. 3 GG, § 535 BGB und § 44 des Zehnten Buches Sozialgesetzbuch"
    ids = norm_ids(text, level="absatz")
    assert [law_of_norm(n) for n in ids] == ["SGB II", "SGB XII", "GG", "BGB", "SGB X"]
    assert all(law_of_norm(n) in KNOWN_LAWS for n in ids)


def test_norm_sort_key_is_numeric_and_keeps_letters_after_the_number() -> None:
    norms = ["SGB II § 11", "SGB II § 6a", "SGB II § 7", "SGB II § 6", "BGB § 535"]
    assert sorted(norms, key=norm_sort_key) == ["BGB § 535", "SGB II § 6", "SGB II § 6a", "SGB II § 7",
                                                "SGB II § 11"]
    assert norm_sort_key("kein Norm-Id") == ("kein Norm-Id", 0, "")


@pytest.mark.parametrize("section,title", [
    ("§ 22 – Bedarfe für Unterkunft und Heizung", "Bedarfe für Unterkunft und Heizung"),
    ("§ 22 Bedarfe für Unterkunft und Heizung", "Bedarfe für Unterkunft und Heizung"),
    ("Art. 3 - Gleichheit", "Gleichheit"),
    ("Vorbemerkung", "Vorbemerkung"), (None, ""),
])
def test_section_title_without_number(section: str | None, title: str) -> None:
    assert section_title_without_number(section) == title


def test_named_laws_cited_first_then_vocabulary_each_once() -> None:
    assert named_laws(["SGB II § 22"], []) == ["SGB II"]
    assert named_laws(["SGB X § 44", "SGB X § 45", "BGB Art. 3"], ["SGB XII", "SGB X"]) == [
        "SGB X", "BGB", "SGB XII"]
    assert named_laws([], []) == []


@pytest.mark.parametrize("query,types", [
    ("nach Weisung der BA", ["Weisung"]),
    ("Rundschreiben und Protokoll der Sitzung zum Urteil", ["Rundschreiben", "Protokoll", "Urteil"]),
    ("urteil oder weisungen", ["Weisung", "Urteil"]),  # the order of QUERY_PATTERNS, not of the text
    ("Gesetzesänderung laut Gesetz", ["Rechtsänderung", "Gesetz"]),
    ("Unterkunftskosten bei Umzug", []), ("Beweisung", []),
])
def test_asked_doc_types(query: str, types: list[str]) -> None:
    assert asked_doc_types(query) == types
    assert all(type(t) is str for t in asked_doc_types(query))


def test_every_askable_type_is_a_document_type() -> None:
    assert set(QUERY_PATTERNS) <= set(DocType)


def test_subjects_and_districts_are_known_names() -> None:
    assert set(LAW_SUBJECTS) <= set(KNOWN_LAWS)
    assert NETWORK not in DISTRICTS and len(DISTRICTS) == 8
