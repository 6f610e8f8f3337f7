"""The section-title index: which titles a query covers, and how it follows changes."""

from __future__ import annotations

from index.titles import TitleIndex

TITLES = {
    1: "§ 60 – Angabe von Tatsachen",
    2: "§ 66 – Folgen fehlender Mitwirkung",
    3: "§ 65 – Grenzen der Mitwirkung",
    4: "§ 5 – Verhältnis zu anderen Leistungen",
    5: "§ 30 – Berechtigte Selbsthilfe",
    6: "§ 22 – Bedarfe für Unterkunft und Heizung",
    7: "§ 35 – Bedarfe für Unterkunft und Heizung",
    8: "2.3.1 Zuordnung zu einer BG",
    9: None,
}


def build(**kwargs) -> TitleIndex:
    index = TitleIndex(**kwargs)
    index.add(list(TITLES), list(TITLES.values()))
    return index


def ids(index: TitleIndex, query: str) -> list[int]:
    return [cid for cid, _ in index.search(index.analyzer.analyze(query).all_terms(), 10)]


def test_a_query_covering_a_whole_title_ranks_it_first():
    assert ids(build(), "Mitwirkungspflichten des Antragstellers, Angaben von Tatsachen")[0] == 1


def test_inflection_and_compounds_count_as_the_title_word():
    index = build()
    assert ids(index, "Unterkunftskosten und Heizung")[:2] == [6, 7]  # both laws share the title
    assert 4 in ids(index, "Verhältnis zu Leistungen der Sozialhilfe")


def test_titles_the_query_barely_touches_are_left_out():
    index = build(min_coverage=0.5)
    assert ids(index, "Folgen eines Umzugs") == []  # 'Folgen' is one of three title words
    assert ids(index, "Bundesagentur") == []


def test_numbering_is_no_title_word():
    index = build()
    assert ids(index, "2.3.1") == [] and ids(index, "§ 60") == []
    assert ids(index, "Zuordnung zur BG") == [8]


def test_allowed_restricts_and_n_limits():
    index = build()
    terms = index.analyzer.analyze("Bedarfe für Unterkunft und Heizung").all_terms()
    assert [c for c, _ in index.search(terms, 10, allowed={7})] == [7]
    assert len(index.search(terms, 1)) == 1


def test_removing_the_last_chunk_of_a_title_forgets_it():
    index = build()
    index.remove([6])
    assert ids(index, "Bedarfe für Unterkunft und Heizung") == [7]
    index.remove([7, 42])  # unknown ids are ignored
    assert ids(index, "Bedarfe für Unterkunft und Heizung") == []
    assert len(index) == 6  # distinct titles: seven, less the one now without chunks


def test_re_adding_a_chunk_replaces_its_title():
    index = build()
    index.add([1], ["§ 60 – Pflicht zur Auskunft"])
    assert 1 not in ids(index, "Angabe von Tatsachen")
    assert ids(index, "Pflicht zur Auskunft") == [1]


def test_one_shared_word_is_no_title_match_unless_it_is_the_whole_query():
    index = TitleIndex()
    index.add([1, 2], ["§ 42a – Darlehen", "§ 6d – Jobcenter"])
    assert ids(index, "Wann wird eine Mietkaution als Darlehen erbracht?") == []
    assert ids(index, "Darlehen") == [1]
    assert ids(index, "Jobcenter") == [2]
