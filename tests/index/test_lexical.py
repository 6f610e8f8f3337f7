"""FTS5 lexical index specifics; the behaviour every backend shares is in test_lexical_index_contract."""

import pytest

from index.lexical import Fts5LexicalIndex
from tests.index.test_lexical_index_contract import TEXTS, search


@pytest.fixture
def index(tmp_path):
    idx = Fts5LexicalIndex(tmp_path / "lex.sqlite3")
    idx.update([], [1, 2, 3], TEXTS, generation=1)
    yield idx
    idx.close()


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


def recorded_queries(index, monkeypatch) -> list:
    calls, query = [], index._query

    def recording(match, n, allowed=None):
        calls.append(allowed)
        return query(match, n, allowed)

    monkeypatch.setattr(index, "_query", recording)
    return calls


def test_filter_hands_sqlite_the_ids_only_when_the_wide_ranking_falls_short(tmp_path, monkeypatch):
    index = Fts5LexicalIndex(tmp_path / "lex.sqlite3")
    ids = list(range(1, 41))
    index.update([], ids, [("Miete", "Miete " * (41 - i)) for i in ids], generation=1)
    calls = recorded_queries(index, monkeypatch)
    terms = index.query_terms("Miete")
    assert [cid for cid, _ in index.search(terms, 2, allowed=[3, 5])] == [3, 5]
    assert calls == [None], "both allowed chunks were among the first 2 × 4 results"
    calls.clear()
    assert [cid for cid, _ in index.search(terms, 2, allowed=[39, 40])] == [39, 40]
    assert calls == [None, {39, 40}], "the wide ranking held none of them: a restricted query"
    index.close()
