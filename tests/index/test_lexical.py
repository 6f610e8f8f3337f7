"""The FTS5 lexical index: BM25 ranking, incremental updates, generation, filters."""

import pytest

from index.lexical import Fts5LexicalIndex


@pytest.fixture
def index(tmp_path):
    idx = Fts5LexicalIndex(tmp_path / "lex.sqlite3")
    idx.update([], [1, 2, 3], [
        ("§ 22 Bedarfe für Unterkunft und Heizung",
         "Bedarfe für Unterkunft und Heizung werden in Höhe der tatsächlichen Aufwendungen anerkannt."),
        ("§ 28 Bedarfe für Bildung und Teilhabe",
         "Bedarfe für Bildung werden bei Kindern und Jugendlichen gesondert berücksichtigt."),
        ("Heizkosten", "Eine Heizkostennachzahlung wird im Monat der Fälligkeit übernommen."),
    ], generation=1)
    yield idx
    idx.close()


def search(index, text, **kw):
    return [cid for cid, _ in index.search(index.query_terms(text), 10, **kw)]


def test_compound_query_finds_phrase(index):
    assert search(index, "Unterkunftskosten")[0] == 1
    assert search(index, "Nachzahlung von Heizkosten")[0] == 3


def test_heading_words_rank_high_and_scores_descend(index):
    hits = index.search(index.query_terms("Bildung und Teilhabe"), 10)
    assert hits[0][0] == 2
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_update_replaces_and_removes(index):
    index.update([1], [4], [("§ 22", "Kosten der Unterkunft für Auszubildende")], generation=2)
    assert 1 not in search(index, "Unterkunft")
    assert search(index, "Unterkunft")[0] == 4
    assert index.generation == 2 and len(index) == 3


def test_term_frequencies_count_chunks_and_follow_updates(index):
    stem = index.query_terms("Heizung")[0]
    assert index.term_frequencies()[stem] == 1
    assert index.term_frequencies()[index.query_terms("Bedarfe")[0]] == 2
    index.update([1], [4], [("§ 22", "Heizung und Warmwasser")], generation=2)
    index.update([3], [5], [("Heizung", "Die Heizung wird übernommen.")], generation=3)
    assert index.term_frequencies()[stem] == 2
    index.update([4, 5], [], [], generation=4)
    assert stem not in index.term_frequencies()


def test_allowed_restricts_results(index):
    assert search(index, "Bedarfe", allowed=[2]) == [2]
    assert search(index, "Bedarfe", allowed=[]) == []


def test_rebuild_is_atomic_and_persistent(tmp_path, index):
    index.rebuild([([7], [("Titel", "Mietkaution als Darlehen")])], generation=5)
    index.close()
    again = Fts5LexicalIndex(tmp_path / "lex.sqlite3")
    assert again.generation == 5 and len(again) == 1
    assert search(again, "Mietkaution") == [7]


def test_hostile_query_text_is_harmless(index):
    for text in ['" OR 1=1 --', "NEAR(a b)", "*", "'; DROP TABLE chunk_terms; --", "ÄÖÜ ß"]:
        index.search(index.query_terms(text), 5)
    assert len(index) == 3


def test_index_of_another_analysis_version_is_emptied_for_rebuild(tmp_path, index):
    """Terms analysed by an older analyzer would not match today's query terms."""
    index.close()
    old = Fts5LexicalIndex(tmp_path / "lex.sqlite3")
    old._conn.execute("UPDATE lexical_meta SET value = '0' WHERE key = 'analysis'")
    old.close()
    again = Fts5LexicalIndex(tmp_path / "lex.sqlite3")
    assert again.generation == -1 and len(again) == 0
    again.close()
    same = Fts5LexicalIndex(tmp_path / "lex.sqlite3")
    assert same.generation == -1  # stamp is written; reopening with the same version keeps it


def test_verb_forms_find_their_nouns(index):
    index.update([], [8, 9], [("Bewilligungszeitraum", "Die Leistungen werden für zwölf Monate zuerkannt."),
                              ("Minderung", "Die Kürzung der Leistung beträgt zehn Prozent.")], generation=3)
    assert search(index, "Wie lange wird bewilligt?")[0] == 8
    assert search(index, "Wann wird gekürzt?")[0] == 9


@pytest.fixture
def near_index(tmp_path):
    idx = Fts5LexicalIndex(tmp_path / "near.sqlite3")
    idx.update([], [1, 2, 3], [
        ("§ 57", "Die Auskunft erstreckt sich auf den Grund der Beendigung des Arbeitsverhältnisses."),
        ("§ 58", "Der Grund für den Antrag auf Leistungen ist schriftlich und vollständig anzugeben; "
                 "erst danach wird über die Beendigung entschieden."),
        ("§ 59", "Die Meldepflicht gilt für alle Leistungsberechtigten."),
    ], generation=1)
    yield idx
    idx.close()


def near(index, text, **kw):
    return [cid for cid, _ in index.search_near(index.analyzer.analyze(text).terms, 10, **kw)]


def test_words_standing_together_rank_above_words_far_apart(near_index):
    """Both § 57 and § 58 contain 'Grund' and 'Beendigung'; only in § 57 are they a phrase."""
    assert near(near_index, "Grund der Beendigung") == [1]
    assert near(near_index, "Grund der Beendigung", distance=20) == [1, 2]


def test_near_search_follows_filters_and_needs_two_words(near_index):
    assert near(near_index, "Grund der Beendigung", allowed=[2, 3]) == []
    assert near(near_index, "Grund der Beendigung", distance=20, allowed=[2, 3]) == [2]
    assert near(near_index, "Meldepflicht") == []
    assert near(near_index, '" OR NEAR(x) "') == []  # query syntax is data, not syntax
