"""German analysis: folding, stemming and compound parts make different wordings meet."""

import pytest

from index.analysis import default_analyzer


@pytest.fixture(scope="module")
def analyzer():
    return default_analyzer()


def terms(analyzer, text):
    return set(analyzer.analyze(text).all_terms())


def test_case_and_umlaut_folding(analyzer):
    assert terms(analyzer, "Maßnahme") == terms(analyzer, "MASSNAHME")
    assert terms(analyzer, "Übernahme") == terms(analyzer, "Uebernahme")
    assert terms(analyzer, "Leistungsberechtigte") == terms(analyzer, "leistungsberechtigten")


@pytest.mark.parametrize("compound,phrase", [
    ("Unterkunftskosten", "Kosten der Unterkunft"),
    ("Heizkostennachzahlung", "Nachzahlung von Heizkosten"),
    ("Bedarfsgemeinschaft", "Gemeinschaft mit Bedarf"),
    ("Leistungsminderung", "Minderung der Leistung"),
    ("Eingliederungsvereinbarung", "Vereinbarung zur Eingliederung"),
])
def test_compounds_share_terms_with_their_paraphrase(analyzer, compound, phrase):
    phrase_terms = set(analyzer.analyze(phrase).terms)
    assert phrase_terms <= terms(analyzer, compound)


def test_stopwords_dropped_but_negations_kept(analyzer):
    result = analyzer.analyze("Umzug ohne Zusicherung, nicht erwerbsfähig und die")
    assert "ohn" in result.terms or "ohne" in result.terms
    assert "nicht" in result.terms
    assert "und" not in result.terms and "die" not in result.terms


def test_paragraph_numbers_survive(analyzer):
    assert {"22", "6a"} <= set(analyzer.analyze("§ 22 und §6a SGB II").terms)


def test_common_words_are_not_split(analyzer):
    for word in ("Einkommen", "Unterkunft", "Verwaltung", "Zusicherung"):
        assert analyzer.analyze(word).parts == []


@pytest.mark.parametrize("verb,noun", [
    ("gekürzt", "Kürzung"), ("bewilligt", "Bewilligung"), ("abgelehnt", "Ablehnung"),
    ("angerechnet", "Anrechnung"), ("gezahlt", "Zahlung"), ("gemindert", "Minderung"),
    ("ausgezahlt", "Auszahlung"), ("erstattet", "Erstattung"),
])
def test_verb_forms_and_ung_nouns_share_a_stem(analyzer, verb, noun):
    """Caseworkers ask with verbs ('wird gekürzt'), the law answers with nouns ('Kürzung')."""
    assert analyzer.analyze(verb).terms == analyzer.analyze(noun).terms


@pytest.mark.parametrize("noun", ["Gericht", "Gehalt", "Arbeit", "Verwaltungsakt", "Erwerbsfähigkeit"])
def test_nouns_that_look_like_participles_stay(analyzer, noun):
    from index.verbforms import infinitive

    assert infinitive(noun.lower()) is None
