"""How a query is read: citations, abbreviations, document types, answer sentences."""

import pytest

from index.vocabulary import laws_of
from kb.services.context import norm_context
from kb.services.highlight import markable_sentences, sentence_spans
from kb.services.retrieval import asked_doc_types


@pytest.fixture
def law_kb(fake_kb, tmp_path):
    law = tmp_path / "sgb_2.md"
    law.write_text("% Sozialgesetzbuch (SGB) Zweites Buch (II) - Grundsicherung für Arbeitsuchende\n\n"
                   "# § 22 – Bedarfe für Unterkunft und Heizung\n\n(1) Bedarfe für Unterkunft werden anerkannt.\n\n"
                   "(4) Vor Abschluss eines Vertrages soll die Zusicherung eingeholt werden.\n\n"
                   "# § 28 – Bedarfe für Bildung und Teilhabe\n\n"
                   "(1) Bedarfe für Bildung werden gesondert berücksichtigt.\n\n"
                   "# § 30 – Berechtigte Selbsthilfe\n\nAufwendungen nach § 28 Absatz 2 werden erstattet.\n",
                   encoding="utf-8")
    fake_kb.ingest([law])
    fake_kb.indexes  # noqa: B018 - opens the indexes (created on first use) before the test
    return fake_kb


def test_plan_reads_citations_abbreviations_and_norm_titles(law_kb):
    plan = law_kb.retrieval.plan("§ 22 Abs. 4 SGB II")
    assert plan.norms == ["SGB II § 22"] and plan.absatz == {"SGB II § 22": 4}
    assert plan.citation_share == pytest.approx(1.0)
    assert "Bedarfe für Unterkunft und Heizung" in plan.search_text
    kdu = law_kb.retrieval.plan("KdU")
    assert "Kosten der Unterkunft und Heizung" in kdu.search_text
    assert kdu.vocabulary_share == 1.0 and "SGB II § 22" in kdu.hinted_norms


def test_cited_absatz_lifts_its_chunk(law_kb):
    ranked = law_kb.retrieval.norm_chunks(["SGB II § 22"], "is", None, 10, {"SGB II § 22": 4})
    detail = law_kb.document(law_kb.list_documents()[0].id)
    texts = {c.id: c.text for c in detail.chunks}
    assert ranked and all("(4)" in texts[cid] for cid, _ in ranked)


def test_law_chunks_are_indexed_with_the_titles_they_cite(law_kb):
    detail = law_kb.document(law_kb.list_documents()[0].id)
    selbsthilfe = next(c for c in detail.chunks if c.section.startswith("§ 30"))
    assert "SGB II § 28" in selbsthilfe.norms
    assert norm_context(["SGB II § 28", "SGB XII § 35"], {"SGB II § 28": "Bedarfe für Bildung und Teilhabe"}) == \
        "Bedarfe für Bildung und Teilhabe Grundsicherung für Arbeitsuchende Sozialhilfe"


@pytest.mark.parametrize("query,types", [
    ("Mehrbedarf bei kostenaufwändiger Ernährung nach Weisung der BA", ["Weisung"]),
    ("Was wurde in der Sitzung des Arbeitskreises beschlossen?", ["Protokoll"]),
    ("Unterkunftskosten bei Umzug", []),
])
def test_asked_document_types(query, types):
    assert asked_doc_types(query) == types


def test_sentences_for_answer_marking():
    text = "Nach § 22 Abs. 1 SGB II gilt das. Kurz.\n(2) Die Zusicherung ist vorher einzuholen."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Nach § 22 Abs. 1 SGB II gilt das.", "Kurz.", "(2) Die Zusicherung ist vorher einzuholen."]
    assert markable_sentences(text) == ["Nach § 22 Abs. 1 SGB II gilt das.",
                                        "(2) Die Zusicherung ist vorher einzuholen."]


def test_home_law_context_applies_only_when_no_other_law_is_named(law_kb):
    from kb.services.retrieval import named_laws

    searcher, retrieval = law_kb.searcher, law_kb.retrieval
    plain = retrieval.plan("Vorrang der Vermittlung in Arbeit")
    assert plain.laws == [] and set(searcher._home_law_lists(retrieval, plain, None, 10)) == {
        "home_dense", "home_lexical"}
    sozialhilfe = retrieval.plan("Unterkunftskosten in der Sozialhilfe")
    assert "SGB XII" in sozialhilfe.laws
    assert searcher._home_law_lists(retrieval, sozialhilfe, None, 10) == {}
    assert named_laws(["SGB II § 22"], []) == ["SGB II"]
    assert named_laws(["SGB X § 44"], ["SGB XII"]) == ["SGB X", "SGB XII"]
    assert laws_of(retrieval.vocabulary.matches("Unterkunftskosten")) == []  # § 22 SGB II and § 35 SGB XII
    both = retrieval.plan("Verhältnis zur Sozialhilfe, Antrag durch das Jobcenter")
    assert set(both.laws) == {"SGB XII", "SGB II"}  # 'Jobcenter' belongs to SGB II alone
    assert set(searcher._home_law_lists(retrieval, both, None, 10)) == {"home_dense", "home_lexical"}


def test_law_names_do_not_match_section_titles(law_kb, tmp_path):
    """'Grundsicherung für Arbeitsuchende' names the law; a title that repeats the law's name
    ('§ 1 – Aufgabe und Ziel der Grundsicherung …') is no answer to 'bis zu welchem Alter'."""
    law = tmp_path / "sgb_2_extra.md"
    law.write_text("# § 1 – Aufgabe und Ziel der Grundsicherung für Arbeitsuchende\n\nDie Grundsicherung "
                   "soll Eigenverantwortung stärken.\n\n# § 7a – Altersgrenze\n\nDie Altersgrenze "
                   "liegt bei der Regelaltersgrenze.\n", encoding="utf-8")
    law_kb.ingest([law])
    retrieval = law_kb.retrieval
    plan = retrieval.plan("Bis zu welchem Alter gibt es Grundsicherung für Arbeitsuchende?")
    assert "grundsicher" in plan.terms and "grundsicher" not in plan.title_terms
    sections = law_kb.document(law_kb.list_documents()[-1].id).chunks
    by_id = {c.id: c.section for c in sections}
    titled = [by_id.get(cid) for cid, _ in retrieval.titles(plan.title_terms, None, 10)]
    assert "§ 7a – Altersgrenze" in titled
    assert not any(t and t.startswith("§ 1 ") for t in titled)


def test_field_term_norm_weighs_with_the_terms_share_of_the_query(law_kb):
    """'KdU' alone asks for § 22; in a longer question the term's norm only breaks ties."""
    searcher, retrieval = law_kb.searcher, law_kb.retrieval
    base = law_kb.settings.rrf_weight_norm_hint
    alone = searcher._weights(retrieval.plan("KdU"))["norm_hint"]
    assert alone == pytest.approx(base * (1 + law_kb.settings.norm_share_boost))
    longer = retrieval.plan("KdU bei Umzug in eine andere Stadt ohne Zusicherung")
    assert 0 < longer.vocabulary_share < 0.75
    assert searcher._weights(longer)["norm_hint"] == pytest.approx(base * longer.vocabulary_share)
    assert searcher._weights(retrieval.plan("Wetter am Wochenende"))["norm_hint"] == 0


def test_a_plan_without_title_terms_matches_titles_with_its_terms(law_kb):
    """Only IndexRetrieval.plan strips law names; a plan built elsewhere must still get the
    title list rather than silently lose it."""
    from kb.services.search_service import QueryPlan

    retrieval = law_kb.retrieval
    full = retrieval.plan("Berechtigte Selbsthilfe")
    bare = QueryPlan(full.text, terms=full.terms, search_text=full.search_text)
    searcher = law_kb.searcher
    calls: list[list[str]] = []
    original = retrieval.titles
    retrieval.titles = lambda terms, allowed, n: calls.append(terms) or original(terms, allowed, n)
    try:
        searcher.rank(retrieval, bare, "lexical", None, 10)
    finally:
        del retrieval.titles
    assert calls == [full.terms]


def test_plan_keeps_the_query_words_in_order_for_the_proximity_list(law_kb, monkeypatch):
    from kb.services import search_service

    retrieval = law_kb.retrieval
    plan = retrieval.plan("Grund der Beendigung nach 3 Monaten")
    assert plan.words == retrieval.analyze("Grund Beendigung Monaten")[:3]
    lists = {}
    real = search_service.reciprocal_rank_fusion
    monkeypatch.setattr(search_service, "reciprocal_rank_fusion",
                        lambda found, k=60, weights=None: lists.update(found) or real(found, k, weights))
    law_kb.searcher.rank(retrieval, retrieval.plan("Bedarfe für Bildung"), "hybrid", None, 10)
    assert lists.get("proximity")  # '§ 28 – Bedarfe für Bildung und Teilhabe' holds the phrase
