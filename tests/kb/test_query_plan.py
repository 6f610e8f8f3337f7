"""How a query is read: citations, abbreviations, document types, answer sentences."""

import pytest

from index.vocabulary import laws_of
from ingest.legal import asked_doc_types, named_laws
from kb.services.context import norm_context
from kb.services.highlight import markable_sentences, sentence_spans
from kb.services.query_plan import QueryPlan
from kb.services.sources import HomeDense, HomeLexical, NormHint, Request, Title


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
    fake_kb.ingesting.ingest([law])
    return fake_kb


def plan_of(kb, text: str) -> QueryPlan:
    return kb.components.current().planner.plan(text)


def source(kb, cls):
    return next(s for s in kb.components.backends.sources if isinstance(s, cls))


def test_plan_reads_citations_abbreviations_and_norm_titles(law_kb):
    plan = plan_of(law_kb, "§ 22 Abs. 4 SGB II")
    assert plan.norms == ["SGB II § 22"] and plan.absatz == {"SGB II § 22": 4}
    assert plan.citation_share == pytest.approx(1.0)
    assert "Bedarfe für Unterkunft und Heizung" in plan.search_text
    kdu = plan_of(law_kb, "KdU")
    assert "Kosten der Unterkunft und Heizung" in kdu.search_text
    assert kdu.vocabulary_share == 1.0 and "SGB II § 22" in kdu.hinted_norms


def test_cited_absatz_lifts_its_chunk(law_kb):
    norms = law_kb.components.current().retrievers.norms
    ranked = norms.norm_chunks(["SGB II § 22"], "is", None, 10, {"SGB II § 22": 4})
    detail = law_kb.documents.detail(law_kb.documents.list()[0].id)
    texts = {c.id: c.text for c in detail.chunks}
    assert ranked and all("(4)" in texts[cid] for cid, _ in ranked)


def test_law_chunks_are_indexed_with_the_titles_they_cite(law_kb):
    detail = law_kb.documents.detail(law_kb.documents.list()[0].id)
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
    def home_lists(plan: QueryPlan) -> set[str]:
        request = Request(plan, None, 10)
        return {s.name for s in (source(law_kb, HomeDense), source(law_kb, HomeLexical))
                if s.home_chunks(request) is not None}

    plain = plan_of(law_kb, "Vorrang der Vermittlung in Arbeit")
    assert plain.laws == [] and home_lists(plain) == {"home_dense", "home_lexical"}
    sozialhilfe = plan_of(law_kb, "Unterkunftskosten in der Sozialhilfe")
    assert "SGB XII" in sozialhilfe.laws
    assert home_lists(sozialhilfe) == set()
    assert named_laws(["SGB II § 22"], []) == ["SGB II"]
    assert named_laws(["SGB X § 44"], ["SGB XII"]) == ["SGB X", "SGB XII"]
    vocabulary = law_kb.components.backends.planner.vocabulary
    assert laws_of(vocabulary.matches("Unterkunftskosten")) == []  # § 22 SGB II and § 35 SGB XII
    both = plan_of(law_kb, "Verhältnis zur Sozialhilfe, Antrag durch das Jobcenter")
    assert set(both.laws) == {"SGB XII", "SGB II"}  # 'Jobcenter' belongs to SGB II alone
    assert home_lists(both) == {"home_dense", "home_lexical"}


def test_law_names_do_not_match_section_titles(law_kb, tmp_path):
    """'Grundsicherung für Arbeitsuchende' names the law; a title that repeats the law's name
    ('§ 1 – Aufgabe und Ziel der Grundsicherung …') is no answer to 'bis zu welchem Alter'."""
    law = tmp_path / "sgb_2_extra.md"
    law.write_text("# § 1 – Aufgabe und Ziel der Grundsicherung für Arbeitsuchende\n\nDie Grundsicherung "
                   "soll Eigenverantwortung stärken.\n\n# § 7a – Altersgrenze\n\nDie Altersgrenze "
                   "liegt bei der Regelaltersgrenze.\n", encoding="utf-8")
    law_kb.ingesting.ingest([law])
    plan = plan_of(law_kb, "Bis zu welchem Alter gibt es Grundsicherung für Arbeitsuchende?")
    assert "grundsicher" in plan.terms and "grundsicher" not in plan.title_terms
    sections = law_kb.documents.detail(law_kb.documents.list()[-1].id).chunks
    by_id = {c.id: c.section for c in sections}
    titled = [by_id.get(cid) for cid, _ in source(law_kb, Title).ranked(Request(plan, None, 10))]
    assert "§ 7a – Altersgrenze" in titled
    assert not any(t and t.startswith("§ 1 ") for t in titled)


def test_field_term_norm_weighs_with_the_terms_share_of_the_query(law_kb):
    """'KdU' alone asks for § 22; in a longer question the term's norm only breaks ties."""
    hint = source(law_kb, NormHint)
    base = law_kb.settings.ranking.rrf_weight_norm_hint
    alone = hint.weight(plan_of(law_kb, "KdU"))
    assert alone == pytest.approx(base * (1 + law_kb.settings.ranking.norm_share_boost))
    longer = plan_of(law_kb, "KdU bei Umzug in eine andere Stadt ohne Zusicherung")
    assert 0 < longer.vocabulary_share < 0.75
    assert hint.weight(longer) == pytest.approx(base * longer.vocabulary_share)
    assert hint.weight(plan_of(law_kb, "Wetter am Wochenende")) == 0


def test_a_plan_without_title_terms_matches_titles_with_its_terms(law_kb):
    """Only the planner strips law names; a plan built elsewhere must still get the title list
    rather than silently lose it."""
    full = plan_of(law_kb, "Berechtigte Selbsthilfe")
    bare = QueryPlan(full.text, terms=full.terms, search_text=full.search_text)
    lexical = law_kb.components.backends.retrievers.lexical
    calls: list[list[str]] = []
    original = lexical.titles
    lexical.titles = lambda terms, allowed, n: calls.append(terms) or original(terms, allowed, n)
    try:
        law_kb.searching.rank(law_kb.components.backends, bare, "lexical", None, 10)
    finally:
        del lexical.titles
    assert calls == [full.terms]


def test_plan_keeps_the_query_words_in_order_for_the_proximity_list(law_kb, monkeypatch):
    from kb.services.sources import Proximity

    backends = law_kb.components.current()
    plan = backends.planner.plan("Grund der Beendigung nach 3 Monaten")
    assert plan.words == backends.planner.analyze("Grund Beendigung Monaten")[:3]
    ranked = source(law_kb, Proximity).ranked(Request(backends.planner.plan("Bedarfe für Bildung"), None, 10))
    assert ranked  # '§ 28 – Bedarfe für Bildung und Teilhabe' holds the phrase
