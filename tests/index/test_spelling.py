"""Spelling correction of query words against the collection's stems (index/spelling.py)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.analysis import default_analyzer
from index.spelling import Speller

TEXT = """Die Eingliederungsvereinbarung wurde durch den Kooperationsplan ersetzt. Der Mehrbedarf
für Alleinerziehende richtet sich nach der Zahl der Kinder. Die Vermittlung in Arbeit hat Vorrang.
Unterkunftskosten werden bei einem Umzug ohne Zusicherung nur in bisheriger Höhe übernommen.
Die Zusammenarbeit mit dem Jugendamt ist Pflicht. Die Mehrbedarfe werden monatlich gezahlt.
Ein Pflegeheim ist keine Wohnung. Die Heizkosten gehören zu den Kosten der Unterkunft."""
WORDS = [w.strip(".,") for w in TEXT.split()]


@pytest.fixture(scope="module")
def speller() -> Speller:
    analyzer = default_analyzer()
    stems = Counter(t for w in WORDS for t in analyzer.analyze(w).all_terms())
    return Speller(stems, analyzer, field_words=["Optionskommune"])


def forms_of(stem: str) -> list[str]:
    analyzer = default_analyzer()
    return [w for w in dict.fromkeys(WORDS) if analyzer.stem(w.lower()) == stem]


def corrected(speller: Speller, text: str, keep=()) -> str | None:
    result = speller.correct(text, forms_of, keep)
    return result.text if result else None


@pytest.mark.parametrize(("typed", "meant"), [
    ("Eingliederungsvereinbarng", "Eingliederungsvereinbarung"),   # a dropped letter
    ("Mehrbedraf für Alleinerziehnde", "Mehrbedarf für Alleinerziehende"),  # swap = one edit
    ("Vermittling in Arbeit", "Vermittlung in Arbeit"),  # typo in the ending the stemmer drops
    ("Unterkunfskosten bei Umzug ohne Zusicherng?", "Unterkunftskosten bei Umzug ohne Zusicherung?"),
    ("Zusammennarbeit mit dem Jugendamt", "Zusammenarbeit mit dem Jugendamt"),  # known parts, one slip
    ("Optionskommmune", "Optionskommune"),  # a word of the field's vocabulary, not of the collection
])
def test_typos_are_corrected_to_the_collections_spelling(speller, typed, meant):
    assert corrected(speller, typed) == meant


def test_the_changes_name_each_replaced_word(speller):
    result = speller.correct("Mehrbedraf und Heizkosten", forms_of)
    assert result.changes == (("Mehrbedraf", "Mehrbedarf"),)


def test_lower_case_typing_stays_lower_case(speller):
    assert corrected(speller, "mehrbedraf") == "mehrbedarf"


@pytest.mark.parametrize("text", [
    "Mehrbedarfe für Alleinerziehende",  # inflection is no error
    "Wann zahlt das Sozialamt?",          # a German word the collection does not use
    "Azubis und Studierende",
    "KdU und BuT nach SGB II",            # abbreviations
    "Pflegeheimplatz",                    # a compound of known parts, not one slip from a known word
    "Kidn",                               # short words are not guessed at
    "Xylophonunterricht",                 # nothing near enough
])
def test_right_or_unguessable_words_are_left_alone(speller, text):
    assert corrected(speller, text) is None


def test_words_of_the_query_vocabulary_are_kept(speller):
    stem = default_analyzer().stem("mehrbedraf")
    assert corrected(speller, "Mehrbedraf", keep={stem}) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_text_written_in_the_collections_words_is_never_changed(speller, words):
    assert corrected(speller, " ".join(words)) is None


def test_a_compound_of_two_known_words_is_no_typo_of_a_longer_form_of_its_first_part():
    analyzer = default_analyzer()
    speller = Speller({analyzer.stem("bürgergeld"): 5, analyzer.stem("gesetz"): 3}, analyzer)
    forms = {analyzer.stem("bürgergeld"): ["Bürgergeldes", "Bürgergeld"]}
    result = speller.correct("Art. 1 Bürgergeldgesetz", lambda stem: forms.get(stem, []))
    assert result is None


def test_a_pasted_page_of_typos_is_corrected_only_in_its_first_words(speller):
    result = speller.correct(" ".join(["Mehrbedraf"] * 50), forms_of)
    assert len(result.changes) == 5 and result.text.count("Mehrbedarf") == 5
