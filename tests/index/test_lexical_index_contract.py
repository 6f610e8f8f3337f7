"""The `LexicalIndex` contract: BM25 over analysed terms, whatever engine keeps the rows.

`LexicalIndexContract` holds the tests; a backend's test class inherits them and supplies
`make_index`, a factory of instances on one storage (a second call reopens what the first wrote).
`TestLexicalBackends` runs the contract for every entry of `index.backends.LEXICAL_INDEXES`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from index.backends import LEXICAL_INDEXES, create_lexical_index
from index.lexical import LexicalIndex
from tests.index.damage import damage_files, damages
from tests.index.pg_storage import DamageFilesOrTables, backend_params, instances

MakeIndex = Callable[[], LexicalIndex]
TEXTS = [
    ("§ 22 Bedarfe für Unterkunft und Heizung",
     "Bedarfe für Unterkunft und Heizung werden in Höhe der tatsächlichen Aufwendungen anerkannt."),
    ("§ 28 Bedarfe für Bildung und Teilhabe",
     "Bedarfe für Bildung werden bei Kindern und Jugendlichen gesondert berücksichtigt."),
    ("Heizkosten", "Eine Heizkostennachzahlung wird im Monat der Fälligkeit übernommen."),
]
NEAR_TEXTS = [
    ("§ 57", "Die Auskunft erstreckt sich auf den Grund der Beendigung des Arbeitsverhältnisses."),
    ("§ 58", "Der Grund für den Antrag auf Leistungen ist schriftlich und vollständig anzugeben; "
             "erst danach wird über die Beendigung entschieden."),
    ("§ 59", "Die Meldepflicht gilt für alle Leistungsberechtigten."),
]
HOSTILE = ['"', 'a"b', '" OR 1=1 --', "NEAR(a b)", "NEAR(", "*", "OR", "AND NOT", "heading:x",
           "{heading body}: x", "^x", "-x", "(", ")", "'; DROP TABLE chunk_terms; --", "", "ÄÖÜ ß"]


def search(index: LexicalIndex, text: str, **kw) -> list[int]:
    return [cid for cid, _ in index.search(index.query_terms(text), 10, **kw)]


def near(index: LexicalIndex, text: str, **kw) -> list[int]:
    return [cid for cid, _ in index.search_near(index.analyzer.analyze(text).terms, 10, **kw)]


class LexicalIndexContract:
    """Inherit and provide `make_index() -> LexicalIndex` on one fresh storage per test."""

    @pytest.fixture
    def make_index(self) -> MakeIndex:
        raise NotImplementedError("the backend's test class supplies make_index")

    @pytest.fixture
    def index(self, make_index: MakeIndex) -> LexicalIndex:
        index = make_index()
        index.update([], [1, 2, 3], TEXTS, generation=1)
        return index

    @pytest.fixture
    def near_index(self, make_index: MakeIndex) -> LexicalIndex:
        index = make_index()
        index.update([], [1, 2, 3], NEAR_TEXTS, generation=1)
        return index

    def damage_storage(self, folder: Path, damage: str) -> None:
        damage_files(folder, damage)

    def test_is_a_lexical_index_and_starts_empty(self, make_index):
        fresh = make_index()
        assert isinstance(fresh, LexicalIndex)
        assert fresh.generation == -1 and len(fresh) == 0
        assert fresh.search(fresh.query_terms("Unterkunft"), 5) == []

    # -- ranking ---------------------------------------------------------------------------
    def test_heading_and_body_match_ranks_first_and_scores_descend(self, index):
        hits = index.search(index.query_terms("Bildung und Teilhabe"), 10)
        assert hits[0][0] == 2
        assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)

    def test_compound_words_are_found_through_the_analyzer(self, index):
        assert search(index, "Unterkunftskosten")[0] == 1
        assert search(index, "Nachzahlung von Heizkosten")[0] == 3

    def test_no_terms_or_no_room_find_nothing(self, index):
        assert index.search([], 10) == []
        assert index.search(index.query_terms("Bedarfe"), 0) == []

    def test_allowed_restricts_results(self, index):
        assert search(index, "Bedarfe", allowed=[2]) == [2]
        assert search(index, "Bedarfe", allowed=[2, 99]) == [2]
        assert search(index, "Bedarfe", allowed=[]) == []

    def test_allowed_ranks_like_the_unrestricted_search(self, make_index):
        """Also when the allowed chunks stand far below the first results."""
        index = make_index()
        ids = list(range(1, 41))
        index.update([], ids, [("Miete", "Miete " * (41 - i) + "und Umzug") for i in ids], generation=1)
        everything = search(index, "Miete")  # the first ten of forty
        allowed = [38, 40, 39]
        found = [cid for cid, _ in index.search(index.query_terms("Miete"), 2, allowed=allowed)]
        assert len(everything) == 10 and not set(allowed) & set(everything)
        assert found == [38, 39]

    # -- changing --------------------------------------------------------------------------
    def test_update_replaces_and_removes(self, index):
        index.update([1], [4], [("§ 22", "Kosten der Unterkunft für Auszubildende")], generation=2)
        assert 1 not in search(index, "Unterkunft")
        assert search(index, "Unterkunft")[0] == 4
        assert index.generation == 2 and len(index) == 3

    def test_ids_lists_every_chunk_and_follows_changes(self, index, make_index):
        assert sorted(index.ids()) == [1, 2, 3]
        index.update([2], [9], [("§ 9", "Hilfebedürftigkeit")], generation=2)
        index.close()
        assert sorted(make_index().ids()) == [1, 3, 9]

    def test_update_of_a_known_id_replaces_its_text(self, index):
        index.update([], [3], [("Mietkaution", "Die Kaution wird als Darlehen erbracht.")], generation=2)
        assert len(index) == 3
        assert search(index, "Heizkostennachzahlung") == []
        assert search(index, "Mietkaution") == [3]

    def test_remove_removes_and_moves_the_generation(self, index, make_index):
        index.remove([1, 3], generation=5)
        assert index.generation == 5 and len(index) == 1
        assert search(index, "Heizung") == [] and search(index, "Bedarfe") == [2]
        index.close()
        again = make_index()
        assert again.load() and again.generation == 5 and len(again) == 1

    def test_rebuild_replaces_everything_and_sets_the_generation(self, index, make_index):
        index.rebuild([([7], [("Titel", "Mietkaution als Darlehen")]),
                       ([8], [("Umzug", "Umzugskosten nach Zusicherung")])], generation=5)
        assert index.generation == 5 and len(index) == 2
        assert search(index, "Bedarfe") == []
        index.close()
        again = make_index()
        assert again.load() and again.generation == 5 and len(again) == 2
        assert search(again, "Mietkaution") == [7]

    def test_a_failed_rebuild_leaves_the_old_index(self, index):
        def batches():
            yield [7], [("Titel", "Mietkaution als Darlehen")]
            raise RuntimeError("Datenbank weg")

        with pytest.raises(RuntimeError):
            index.rebuild(batches(), generation=5)
        assert index.generation == 1 and len(index) == 3
        assert search(index, "Mietkaution") == [] and search(index, "Heizung")[0] == 1

    # -- near search -----------------------------------------------------------------------
    def test_words_standing_together_rank_above_words_far_apart(self, near_index):
        """Both § 57 and § 58 contain 'Grund' and 'Beendigung'; only in § 57 are they a phrase."""
        assert near(near_index, "Grund der Beendigung") == [1]
        assert near(near_index, "Grund der Beendigung", distance=20) == [1, 2]

    def test_near_search_follows_filters_and_needs_two_words(self, near_index):
        assert near(near_index, "Grund der Beendigung", allowed=[2, 3]) == []
        assert near(near_index, "Grund der Beendigung", distance=20, allowed=[2, 3]) == [2]
        assert near(near_index, "Grund der Beendigung", distance=20, allowed=[]) == []
        assert near(near_index, "Meldepflicht") == []
        assert near(near_index, "Grund Grund") == []

    # -- vocabulary ------------------------------------------------------------------------
    def test_term_frequencies_count_chunks_and_follow_updates(self, index):
        stem = index.query_terms("Heizung")[0]
        assert index.term_frequencies()[stem] == 1
        assert index.term_frequencies()[index.query_terms("Bedarfe")[0]] == 2  # 4 times in 2 chunks
        index.update([1], [4], [("§ 22", "Heizung und Warmwasser")], generation=2)
        index.update([3], [5], [("Heizung", "Die Heizung wird übernommen.")], generation=3)
        assert index.term_frequencies()[stem] == 2
        index.update([4, 5], [], [], generation=4)
        assert stem not in index.term_frequencies()

    # -- hostile input ---------------------------------------------------------------------
    @pytest.mark.parametrize("text", HOSTILE)
    def test_query_syntax_is_data_not_syntax(self, index, text):
        """Neither analysed nor raw terms may reach the engine as query language."""
        found = [index.search(index.query_terms(text), 5), index.search([text], 5),
                 index.search([text, *index.query_terms("Bildung")], 5),
                 index.search_near([text, "bedarf"], 5), index.search_near(["bedarf", text], 5),
                 index.search_near(index.analyzer.analyze(f"{text} Bedarfe {text}").terms, 5)]
        assert {cid for hits in found for cid, _ in hits} <= {1, 2, 3}
        assert len(index) == 3 and search(index, "Heizung")[0] == 1

    # -- durability ------------------------------------------------------------------------
    def test_generation_persists_across_close_and_a_new_instance(self, index, make_index):
        index.save(generation=9)
        assert index.generation == 9
        index.close()
        again = make_index()
        assert again.load() is True
        assert again.generation == 9 and len(again) == 3
        assert search(again, "Bildung")[0] == 2

    def test_load_on_nothing_returns_false(self, make_index):
        fresh = make_index()
        assert fresh.load() is False
        assert fresh.generation == -1 and len(fresh) == 0

    @damages
    def test_damaged_storage_is_no_index_and_the_index_works_afresh(
            self, index, make_index, tmp_path, damage):
        index.close()
        self.damage_storage(tmp_path, damage)
        fresh = make_index()
        assert fresh.load() is False
        assert fresh.generation == -1 and len(fresh) == 0
        fresh.update([], [4], [("Umzug", "Umzugskosten nach Zusicherung")], generation=2)
        assert search(fresh, "Umzug") == [4] and fresh.generation == 2


class TestLexicalBackends(DamageFilesOrTables, LexicalIndexContract):
    """Every backend of `index.backends.LEXICAL_INDEXES`, built through the factory (PostgreSQL
    ones on a fresh database each, skipped without KB_TEST_POSTGRES_URL)."""

    @pytest.fixture(params=backend_params(LEXICAL_INDEXES))
    def make_index(self, request, tmp_path: Path):
        yield from instances(self, request, lambda kind, database: create_lexical_index(kind, tmp_path, database))
