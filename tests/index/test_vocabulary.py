"""The Jobcenter vocabulary: the data file is complete and valid, and queries expand as expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.vocabulary import DEFAULT_PATH, Entry, Vocabulary

VOCAB = Vocabulary.load()
ALL_TERMS = [(entry, term) for entry in VOCAB.entries for term in entry.terms]


def entry_of(term: str) -> Entry:
    return next(entry for entry in VOCAB.entries if term in entry.terms)


def matched_entries(query: str) -> list[Entry]:
    return [entry for entry, _ in VOCAB.matches(query)]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fachbegriffe.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the data file -------------------------------------------------------------------------------


def test_file_has_at_least_80_entries() -> None:
    assert len(VOCAB.entries) >= 80


def test_default_path_is_the_packaged_file() -> None:
    assert Path(__file__).parents[2] / "index" / "data" / "fachbegriffe.yaml" == DEFAULT_PATH
    assert Vocabulary.load(DEFAULT_PATH).entries == VOCAB.entries


def test_entries_are_frozen_records_of_text() -> None:
    for entry in VOCAB.entries:
        assert isinstance(entry.terms, tuple) and len(entry.terms) >= 2
        assert entry.norm is None or entry.norm.strip()
    with pytest.raises(AttributeError):
        VOCAB.entries[0].norm = "x"  # type: ignore[misc]


@pytest.mark.parametrize("entry", [e for e in VOCAB.entries if e.law], ids=lambda e: e.terms[0])
def test_an_entrys_law_is_the_law_of_its_norm(entry: Entry) -> None:
    """'law' places a question in one law; an entry whose norm lies in another law would send
    the question to the wrong law text (a typo such as 'law: SGB X' on a norm of SGB I)."""
    assert entry.norm is None or entry.norm.split(" §")[0] == entry.law


@pytest.mark.parametrize(("entry", "term"), ALL_TERMS, ids=[t for _, t in ALL_TERMS])
def test_every_term_is_found_in_a_sentence_and_expands_to_its_group(
    entry: Entry, term: str
) -> None:
    sentence = f"Frage zu {term} im Jobcenter"
    assert entry in matched_entries(sentence)
    found = VOCAB.matched_terms(sentence)
    assert term in found
    expanded = VOCAB.expand(sentence)
    assert term not in expanded
    for other in entry.terms:
        if other != term:
            # The other terms are added, unless the sentence already contains them (as in
            # "Kosten der Unterkunft" inside "Kosten der Unterkunft und Heizung").
            alone = Vocabulary([Entry((other, "Platzhalter"))])
            present = other in alone.matched_terms(sentence)
            assert (other in expanded) != present, other
            assert (other in found) == present, other


def test_expand_is_unique_and_follows_file_order() -> None:
    expanded = VOCAB.expand("KdU und BG")
    assert len(expanded) == len(set(expanded))
    first, second = sorted([entry_of("KdU"), entry_of("BG")], key=VOCAB.entries.index)
    assert expanded == [t for t in first.terms + second.terms if t not in ("KdU", "BG")]


# --- the pairs caseworkers rely on ---------------------------------------------------------------

PAIRS = [
    ("KdU", "Kosten der Unterkunft und Heizung"),
    ("Kosten der Unterkunft", "KdU"),
    ("Unterkunftskosten", "Bedarfe für Unterkunft und Heizung"),
    ("BuT", "Bildung und Teilhabe"),
    ("Bildungspaket", "Bildungs- und Teilhabepaket"),
    ("BG", "Bedarfsgemeinschaft"),
    ("EGV", "Kooperationsplan"),
    ("Eingliederungsvereinbarung", "Kooperationsplan"),
    ("ALG II", "Bürgergeld"),
    ("Arbeitslosengeld II", "Bürgergeld"),
    ("Hartz IV", "Bürgergeld"),
    ("Bürgergeld", "Grundsicherungsgeld"),
    ("Grundsicherungsgeld", "ALG II"),
    ("zkT", "zugelassener kommunaler Träger"),
    ("Optionskommune", "zkT"),
    ("Optionskreis", "zugelassener kommunaler Träger"),
    ("gE", "gemeinsame Einrichtung"),
    ("MAE", "Arbeitsgelegenheit mit Mehraufwandsentschädigung"),
    ("Ein-Euro-Job", "Arbeitsgelegenheit"),
    ("AGH", "MAE"),
    ("AU", "Arbeitsunfähigkeit"),
    ("AU-Bescheinigung", "Arbeitsunfähigkeit"),
    ("eLb", "erwerbsfähige Leistungsberechtigte"),
    ("nEf", "nicht erwerbsfähige Leistungsberechtigte"),
    ("SGB II", "Grundsicherung für Arbeitsuchende"),
    ("SGB XII", "Sozialhilfe"),
    ("SGB III", "Arbeitsförderung"),
    ("SGB X", "Verwaltungsverfahren"),
    ("BA", "Bundesagentur für Arbeit"),
    ("BMAS", "Bundesministerium für Arbeit und Soziales"),
    ("ErrV", "Erreichbarkeits-Verordnung"),
    ("Sanktion", "Leistungsminderung"),
    ("Regelsatz", "Regelbedarf"),
    ("RBS", "Regelbedarfsstufe"),
    ("Heizkostennachzahlung", "Nachzahlung Heizkosten"),
    ("Betriebskostennachzahlung", "Heizkostennachzahlung"),
    ("Nebenkostenabrechnung", "Betriebskostenabrechnung"),
    ("Zusicherung", "Umzug"),
    ("Mietobergrenze", "schlüssiges Konzept"),
    ("Schonvermögen", "geschütztes Vermögen"),
    ("Schonvermögen", "Freibetrag Vermögen"),
    ("Erwerbstätigenfreibetrag", "Freibetrag"),
    ("Grundfreibetrag", "Grundabsetzbetrag"),
    ("UV", "Unterhaltsvorschuss"),
    ("KiZ", "Kinderzuschlag"),
    ("WoGG", "Wohngeld"),
    ("EGZ", "Eingliederungszuschuss"),
    ("AVGS", "Aktivierungs- und Vermittlungsgutschein"),
    ("FbW", "Förderung der beruflichen Weiterbildung"),
    ("Bildungsgutschein", "FbW"),
    ("ESG", "Einstiegsgeld"),
    ("pAp", "persönlicher Ansprechpartner"),
    ("Widerspruch", "Rechtsbehelf"),
    ("Überprüfungsantrag", "Antrag nach § 44 SGB X"),
    ("Aufhebungsbescheid", "Aufhebung und Erstattung"),
    ("Kostenersatz", "Ersatzanspruch"),
    ("WBA", "Weiterbewilligungsantrag"),
    ("Weiterbewilligungsantrag", "Folgeantrag"),
    ("BWZ", "Bewilligungszeitraum"),
    ("U25", "junge Menschen unter 25"),
    ("AE", "Alleinerziehende"),
    ("KV", "Kranken- und Pflegeversicherung"),
    ("RV", "Rentenversicherung"),
    ("SGB-II-Träger", "Jobcenter"),
    ("Zahlbarmachung", "Auszahlung"),
    ("housing costs", "Kosten der Unterkunft"),
    ("unemployment benefit", "Bürgergeld"),
    ("sanction", "Leistungsminderung"),
]


@pytest.mark.parametrize(("query", "expected"), PAIRS)
def test_known_pair_expands(query: str, expected: str) -> None:
    assert expected in VOCAB.expand(f"Wie ist das mit {query}?")


def test_norms_for_matched_entries() -> None:
    assert VOCAB.norms_for("KdU") == ["SGB II § 22"]
    assert VOCAB.norms_for("Überprüfungsantrag") == ["SGB X § 44"]
    assert VOCAB.norms_for("Aufhebung und Erstattung") == ["SGB X §§ 45, 48, 50"]
    assert VOCAB.norms_for("Kennzahlen der Jobcenter") == ["SGB II § 6d", "SGB II § 48a"]
    assert VOCAB.norms_for("Wetter morgen") == []


def test_matches_reports_the_longest_matching_term() -> None:
    assert VOCAB.matches("Kosten der Unterkunft und Heizung") == [
        (entry_of("KdU"), "Kosten der Unterkunft und Heizung")
    ]


# --- spelling, inflection and case ---------------------------------------------------------------

VARIANTS = [
    ("Bedarfsgemeinschaften mit Kindern", "BG"),
    ("Mitglieder der Bedarfsgemeinschaft", "BG"),
    ("BGs mit Einkommen", "BG"),
    ("erwerbsfähigen Leistungsberechtigten", "eLb"),
    ("erwerbsfähiger Leistungsberechtigter", "eLb"),
    ("Leistungen für Bildung und Teilhabe", "BuT"),
    ("Bildungs- und Teilhabepakets", "BuT"),
    ("Zustimmung des persönlichen Ansprechpartners", "pAp"),
    ("Außenstelle des Jobcenters", "Jobcenter"),
    ("Höhe des Einkommens", "Einkommen"),
    ("Meldeversäumnissen", "Meldeversäumnis"),
    ("Umzüge", "Umzug"),
    ("Kautionen", "Mietkaution"),
    ("Arbeitsunfähigkeitsbescheinigungen", "AU"),
    ("ALG-II", "ALG II"),
    ("ALG II", "ALG II"),
    ("Alg. II", "ALG II"),
    ("alg ii", "ALG II"),
    ("ALG2", "ALG II"),
    ("Hartz-IV-Empfänger", "ALG II"),
    ("Buergergeld", "ALG II"),
    ("Bürgergeldes", "ALG II"),
    ("Widersprüche", "Widerspruch"),
    ("Regelsätze", "Regelbedarf"),
    ("Mehrbedarfe", "Mehrbedarf"),
    ("Arbeitsgelegenheiten", "AGH"),
    ("KOSTEN DER UNTERKUNFT", "KdU"),
    ("Kosten der Unterkunft", "KdU"),
    ("schluessiges Konzept", "Angemessenheit"),
    ("Hilfebeduerftigkeit", "Hilfebedürftigkeit"),
    ("Meldeversäumnisse", "Meldeversäumnis"),
    ("Zuschüsse zur Krankenversicherung", "KV"),
    ("kdu", "KdU"),
    ("KDU", "KdU"),
    ("ge", "gE"),
    ("EGVs", "EGV"),
    ("SGB2", "SGB II"),
    ("SGB-II", "SGB II"),
    ("U25-Team", "U25"),
    ("44er-Anträge", "Überprüfungsantrag"),
    ("citizens benefit", "Bürgergeld"),
    ("Sanctions", "Leistungsminderung"),
]


@pytest.mark.parametrize(("query", "term"), VARIANTS)
def test_variant_spellings_match(query: str, term: str) -> None:
    assert entry_of(term) in matched_entries(query)


NEGATIVES = [
    ("Anspruch nach dem BGB", "BG"),
    ("in der Umgebung des Jobcenters", "BG"),
    ("Fahrt mit dem Auto", "AU"),
    ("Kosten für den Bau", "AU"),
    ("AUTO", "AU"),
    ("au weia", "AU"),
    ("Frage zu ge im Jobcenter", "gE"),
    ("frage zur kdu im jobcenter", "KdU"),
    ("Gebühren der BAföG-Stelle", "BA"),
    ("Umzugskarton", "Umzug"),
    ("Einkommensteuer", "Einkommen"),
    ("Mietkaution", "KdU"),
    ("ALG I", "ALG II"),
    ("ALG II", "ALG I"),
    ("SGB III", "SGB II"),
    ("SGB XII", "SGB II"),
    ("Rente", "RV"),
    ("Kinderbetreuung", "Kita"),
    ("nicht erwerbsfähige Leistungsberechtigte", "eLb"),
    ("SGB-II-Träger", "SGB II"),
]


@pytest.mark.parametrize(("query", "term"), NEGATIVES)
def test_no_match_inside_words_or_for_other_concepts(query: str, term: str) -> None:
    assert entry_of(term) not in matched_entries(query)


@pytest.mark.parametrize("abbreviation", ["gE", "BG", "AU", "BA", "AE", "KV", "RV", "UV", "VA",
                                          "JC", "eLb", "nEf", "zkT", "KdU", "BuT", "pAp", "ESG"])
def test_lowercase_abbreviation_in_running_text_does_not_match(abbreviation: str) -> None:
    sentence = f"Frage zu {abbreviation.lower()} und mehr"
    assert entry_of(abbreviation) not in matched_entries(sentence)
    assert entry_of(abbreviation) in matched_entries(f"Frage zu {abbreviation} und mehr")


def test_english_terms_join_their_german_group() -> None:
    kdu = entry_of("KdU")
    assert "housing costs" in kdu.terms
    assert "KdU" in VOCAB.expand("How are housing costs calculated?")


# --- validation of the file ----------------------------------------------------------------------


def test_duplicate_term_across_entries_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "- terms: [Bürgergeld, ALG II]\n- terms: [Hartz IV, bürgergeld]")
    expected = "'bürgergeld' .*Eintrag 2.* schon als 'Bürgergeld' in Eintrag 1"
    with pytest.raises(ValueError, match=expected):
        Vocabulary.load(path)


def test_inflected_duplicate_is_rejected_with_both_terms(tmp_path: Path) -> None:
    text = "- terms: [BG, Bedarfsgemeinschaft]\n- terms: [Bedarfsgemeinschaften, B]"
    path = write(tmp_path, text)
    expected = "'Bedarfsgemeinschaften'.*'Bedarfsgemeinschaft'.*gebeugte Formen"
    with pytest.raises(ValueError, match=expected):
        Vocabulary.load(path)


def test_one_term_entry_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "- terms: [KdU, Kosten der Unterkunft]\n- terms: [Mehrbedarf]\n")
    with pytest.raises(ValueError, match=r"Eintrag 2 \(Mehrbedarf\): mindestens zwei Begriffe"):
        Vocabulary.load(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- terms: [KdU, '']\n", "leerer oder ungültiger Begriff"),
        ("- terms: [KdU, '   ']\n", "leerer oder ungültiger Begriff"),
        ("- terms: [Überprüfungsantrag, 44]\n", "Anführungszeichen"),
        ("- norm: SGB II § 22\n", "'terms:' fehlt"),
        ("- terms: [KdU, Miete]\n  nrom: SGB II § 22\n", "unbekannte Felder"),
        ("terms: [KdU, Miete]\n", "Liste von Einträgen"),
        ("- terms: [KdU, Miete]\n- terms: [rent]\n  same_as: Pacht\n", "same_as 'Pacht'"),
        ("- terms: [KdU, Miete\n", "kein gültiges YAML"),
    ],
)
def test_malformed_file_is_rejected_with_a_clear_message(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Vocabulary.load(write(tmp_path, text))


def test_entries_built_in_code_are_validated_too() -> None:
    with pytest.raises(ValueError, match=r"'KdU' .*schon als 'KdU'"):
        Vocabulary([Entry(("KdU", "Miete")), Entry(("KdU", "Wohnkosten"))])
    with pytest.raises(ValueError, match="mindestens zwei"):
        Vocabulary([Entry(("KdU",))])
    with pytest.raises(ValueError, match="leerer Begriff"):
        Vocabulary([Entry(("KdU", ""))])


def test_same_as_merges_into_the_named_group(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "- terms: [KdU, Kosten der Unterkunft]\n  norm: SGB II § 22\n"
        "- terms: [housing costs]\n  same_as: kosten der unterkunft\n",
    )
    vocab = Vocabulary.load(path)
    merged = Entry(("KdU", "Kosten der Unterkunft", "housing costs"), "SGB II § 22")
    assert vocab.entries == (merged,)
    assert vocab.expand("housing costs") == ["KdU", "Kosten der Unterkunft"]
