"""Terms an amendment replaced throughout a law, mined from the word diff: on the real SGB II
before and after the "Neue Grundsicherung", and on small made-up laws for the rules."""

from __future__ import annotations

from pathlib import Path

from ingest.models import Block, ParsedDocument
from ingest.pipeline import parse_bytes
from ingest.version_diff import diff_documents
from ingest.version_terms import MIN_NORMS, BaseForms, replaced_terms

BEFORE = "corpus-real/laws/history/sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md"
AFTER = "corpus-real/laws/md_2026-08_kmein/sgb_2.md"


def law(*norms: tuple[str, str]) -> ParsedDocument:
    blocks = [Block("Gesetz", None, 1)]
    for heading, text in norms:
        blocks += [Block(heading, None, 2), Block(text)]
    return ParsedDocument(blocks, "markdown")


def mined(old: ParsedDocument, new: ParsedDocument, min_norms: int = MIN_NORMS):
    return replaced_terms(diff_documents(old, new), old.text, new.text, min_norms)


def test_the_reform_replaced_buergergeld_by_grundsicherungsgeld(shared: Path):
    old, new = (parse_bytes((shared / p).read_bytes(), Path(p).name) for p in (BEFORE, AFTER))
    pairs = {(p.old, p.new): p for p in mined(old, new)}
    benefit = pairs[("Bürgergeld", "Grundsicherungsgeld")]
    assert len(benefit.norms) >= 15 and {"§ 19", "§ 31", "§ 31a"} <= set(benefit.norms)  # § 31: "Bürgergeldes"
    assert benefit.after <= 0.2 * benefit.before and benefit.before >= 30
    assert ("Schlichtungsverfahren", "Verpflichtung") not in pairs  # one heading, one norm: an edit
    assert len(pairs) == 1


def test_inflected_forms_count_as_their_base_form_over_distinct_norms():
    old = law(("§ 1 – A", "Das Bürgergeld wird gezahlt."), ("§ 2 – B", "Die Höhe des Bürgergeldes steht fest."),
              ("§ 3 – C", "Beim Bürgergeld gilt das. Beim Bürgergeld gilt auch dies."))
    new = law(("§ 1 – A", "Das Grundsicherungsgeld wird gezahlt."),
              ("§ 2 – B", "Die Höhe des Grundsicherungsgeldes steht fest."),
              ("§ 3 – C", "Beim Grundsicherungsgeld gilt das. Beim Grundsicherungsgeld gilt auch dies."))
    [pair] = mined(old, new)
    assert (pair.old, pair.new, pair.norms, pair.before, pair.after) == (
        "Bürgergeld", "Grundsicherungsgeld", ["§ 1", "§ 2", "§ 3"], 4, 0)
    assert mined(old, new, min_norms=4) == []  # three norms are not four


def test_a_term_still_used_elsewhere_was_not_replaced():
    kept = "Die Leistung wird monatlich gezahlt."
    old = law(*[(f"§ {n} – T", "Die Leistung wird gezahlt.") for n in (1, 2, 3)],
              *[(f"§ {n} – U", kept) for n in range(4, 12)])
    new = law(*[(f"§ {n} – T", "Die Zahlung wird gezahlt.") for n in (1, 2, 3)],
              *[(f"§ {n} – U", kept) for n in range(4, 12)])
    assert mined(old, new) == []  # "Leistung" stays in eight norms


def test_two_word_terms_and_no_grammar_words():
    old = law(*[(f"§ {n} – T", f"Das Arbeitslosengeld II wird nach Satz {n} und so gezahlt.") for n in (1, 2, 3)])
    new = law(*[(f"§ {n} – T", f"Das Bürgergeld wird nach Satz {n} oder so gezahlt.") for n in (1, 2, 3)])
    assert [(p.old, p.new) for p in mined(old, new)] == [("Arbeitslosengeld II", "Bürgergeld")]  # not und → oder


def test_base_forms_are_what_the_texts_show():
    forms = BaseForms("Leistungen und die Leistung; des Bürgergeldes", "Bürgergeld, Kosten")
    assert [forms.base(w) for w in ("Leistungen", "Bürgergeldes", "Kosten", "Kost")] == [
        "Leistung", "Bürgergeld", "Kosten", "Kost"]
