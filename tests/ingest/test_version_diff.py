"""Version diff on small documents: inserted, repealed, moved and renamed sections, and layout
that must not count as a change."""

from __future__ import annotations

import pytest

from ingest.models import Block, ParsedDocument
from ingest.pipeline import parse_bytes
from ingest.version_diff import diff_documents, diff_section
from ingest.version_text import comparable, word_diff


def law(*norms: tuple[str, list[str]], chapter: str | None = None) -> ParsedDocument:
    """A law text: each norm a level-2 heading with its Absätze."""
    blocks = [Block(chapter, level=1)] if chapter else []
    for heading, paragraphs in norms:
        blocks.append(Block(heading, level=2))
        blocks.extend(Block(text) for text in paragraphs)
    return ParsedDocument(blocks, "text", title="Testgesetz")


def markdown(text: str) -> ParsedDocument:
    return parse_bytes(text.encode(), "rundschreiben.md")


P11 = ("§ 11 – Zu berücksichtigendes Einkommen", ["(1) Als Einkommen zu berücksichtigen sind Einnahmen in Geld."])
P12 = ("§ 12 – Zu berücksichtigendes Vermögen",
       ["(1) Als Vermögen sind alle verwertbaren Vermögensgegenstände zu berücksichtigen."])
P11A = ("§ 11a – Nicht zu berücksichtigendes Einkommen",
        ["(1) Nicht als Einkommen zu berücksichtigen sind die Leistungen nach diesem Buch."])


def states(diff) -> dict[str, str]:
    return {s.key: s.state for s in diff.sections}


def test_inserted_norm_is_added_and_its_neighbours_stay_unchanged():
    diff = diff_documents(law(P11, P12), law(P11, P11A, P12))
    assert states(diff) == {"§ 11": "unchanged", "§ 11a": "added", "§ 12": "unchanged"}
    assert [s.key for s in diff.sections] == ["§ 11", "§ 11a", "§ 12"]
    added = diff_section(diff, "§ 11a")
    assert [p.state for p in added.paragraphs] == ["added"]
    assert added.paragraphs[0].tokens == [("insert", P11A[1][0])]
    assert diff.counts == {"unchanged": 2, "changed": 0, "added": 1, "removed": 0}
    assert diff.norm_states() == {"§ 11": "unchanged", "§ 11a": "new", "§ 12": "unchanged"}


@pytest.mark.parametrize("placeholder", [
    ("§ 12 – (weggefallen)", []),
    ("§ 12", ["(weggefallen)"]),
])
def test_repealed_norm_is_removed_with_its_placeholder_kept(placeholder):
    diff = diff_documents(law(P11, P12), law(P11, placeholder))
    repealed = diff_section(diff, "§ 12")
    assert (repealed.state, repealed.repealed) == ("removed", True)
    assert repealed.old_title == P12[0] and repealed.new_title == placeholder[0]
    assert [(p.state, p.old_text) for p in repealed.paragraphs] == [("removed", P12[1][0])]
    assert diff.norm_states()["§ 12"] == "repealed"


def test_norm_gone_without_placeholder_is_removed_and_placeholder_given_text_again_is_added():
    gone = diff_documents(law(P11, P12), law(P11))
    assert (diff_section(gone, "§ 12").state, diff_section(gone, "§ 12").repealed) == ("removed", False)
    again = diff_documents(law(P11, ("§ 12 – (weggefallen)", [])), law(P11, P12))
    assert diff_section(again, "§ 12").state == "added"
    assert again.norm_states() == {"§ 11": "unchanged", "§ 12": "new"}


def test_layout_only_differences_are_unchanged():
    old = markdown("# 1. Zuständigkeit\n\nDie **Leistung** wird\nvom Jobcenter\u00a0erbracht.\n\n"
                   "- (1) Antrag ist zu stellen.\n\n1. Erstens gilt „dies“.\n")
    new = markdown("# 1. Zuständigkeit\n\nDie Leistung wird vom  Jobcenter erbracht.\n\n"
                   "* (1) An\u00adtrag ist zu stellen.\n\n1. Erstens gilt \"dies\".\n")
    diff = diff_documents(old, new)
    assert diff.counts["unchanged"] == len(diff.sections) == 1
    assert [p.state for p in diff.sections[0].paragraphs] == ["unchanged"] * 3


def test_paragraph_broken_differently_is_unchanged():
    old = law(("§ 5 – Verhältnis", ["(1) Satz eins. Satz zwei.", "Satz drei."]))
    new = law(("§ 5 – Verhältnis", ["(1) Satz eins.", "Satz zwei. Satz drei."]))
    assert diff_section(diff_documents(old, new), "§ 5").state == "unchanged"


def test_numbering_is_wording():
    old = law(("§ 5 – Verhältnis", ["(1) Leistungen anderer Träger gehen vor."]))
    new = law(("§ 5 – Verhältnis", ["(2) Leistungen anderer Träger gehen vor."]))
    section = diff_section(diff_documents(old, new), "§ 5")
    assert section.state == "changed"
    assert section.paragraphs[0].tokens == [("delete", "(1)"), ("insert", "(2)"),
                                            ("equal", "Leistungen anderer Träger gehen vor.")]


def test_changed_paragraph_marks_the_words():
    old = law(("§ 31 – Pflichtverletzungen", ["1. die Erhöhung des Bürgergeldes herbeizuführen,"]))
    new = law(("§ 31 – Pflichtverletzungen", ["1. die Erhöhung des Grundsicherungsgeldes herbeizuführen,"]))
    paragraph = diff_section(diff_documents(old, new), "§ 31").paragraphs[0]
    assert paragraph.state == "changed"
    assert paragraph.tokens == [("equal", "1. die Erhöhung des"), ("delete", "Bürgergeldes"),
                                ("insert", "Grundsicherungsgeldes"), ("equal", "herbeizuführen,")]


def test_rewritten_paragraph_is_removed_and_added_not_a_patchwork():
    old = law(("§ 15 – Plan", ["(4) Die erste Einladung erfolgt ohne Belehrung über Rechtsfolgen."]))
    new = law(("§ 15 – Plan", ["(4) Gespräche finden persönlich im Jobcenter statt, Ausnahmen sind selten."]))
    section = diff_section(diff_documents(old, new), "§ 15")
    assert [p.state for p in section.paragraphs] == ["removed", "added"]


def test_moved_paragraph_is_moved_not_removed_and_added():
    first, second, third = "(1) Erster Absatz bleibt.", "(2) Zweiter Absatz wandert.", "(3) Dritter Absatz bleibt."
    diff = diff_documents(law(("§ 7 – Berechtigte", [first, second, third])),
                          law(("§ 7 – Berechtigte", [first, third, second])))
    section = diff_section(diff, "§ 7")
    assert section.state == "changed"
    assert [p.new_text for p in section.paragraphs] == [first, third, second]
    moved = [p for p in section.paragraphs if p.state == "moved"]
    assert len(moved) == 1 and {p.state for p in section.paragraphs} == {"unchanged", "moved"}
    assert moved[0].tokens == [("equal", moved[0].new_text)] and moved[0].old_text == moved[0].new_text


def test_reordered_and_renumbered_list_item_is_moved_with_its_new_number():
    items = ["welche Leistungen zur Eingliederung in Arbeit in Betracht kommen,",
             "welche Eigenbemühungen mindestens zu unternehmen sind,",
             "in welche Tätigkeiten die Person vermittelt werden soll,"]
    old = law(("§ 15 – Plan", [f"{n}. {t}" for n, t in zip((1, 2, 3), items, strict=True)]))
    new = law(("§ 15 – Plan", [f"{n}. {t}" for n, t in zip((1, 2, 3), items[2:] + items[:2], strict=True)]))
    section = diff_section(diff_documents(old, new), "§ 15")
    moved = [p for p in section.paragraphs if p.state == "moved"]
    assert moved and all(p.tokens[0][0] == "delete" for p in moved)
    assert "removed" not in {p.state for p in section.paragraphs}


def test_norm_moved_to_another_chapter_is_unchanged():
    old = ParsedDocument([Block("Kapitel 1 – Allgemeines", level=1), Block(P11[0], level=2), Block(P11[1][0]),
                          Block("Kapitel 2 – Vermögen", level=1), Block(P12[0], level=2), Block(P12[1][0])], "text")
    new = ParsedDocument([Block("Kapitel 1 – Allgemeines", level=1), Block(P11[0], level=2), Block(P11[1][0]),
                          Block(P12[0], level=2), Block(P12[1][0]), Block("Kapitel 2 – Vermögen", level=1)], "text")
    diff = diff_documents(old, new)
    assert diff_section(diff, "§ 12").state == "unchanged"


def test_norms_in_other_order_are_paired_by_number_and_marked_moved():
    diff = diff_documents(law(P11, P11A, P12), law(P11, P12, P11A))
    assert states(diff) == {"§ 11": "unchanged", "§ 11a": "unchanged", "§ 12": "unchanged"}
    assert [s.key for s in diff.sections if s.moved] in (["§ 11a"], ["§ 12"])


def test_renamed_norm_heading_aligns_by_number():
    old = law(("§ 15a – Schlichtungsverfahren", ["(1) Text des Absatzes bleibt gleich."]))
    new = law(("§ 15a – Verpflichtung", ["(1) Text des Absatzes bleibt gleich."]))
    section = diff_section(diff_documents(old, new), "§ 15a")
    assert (section.state, section.old_title, section.title) == ("changed", "§ 15a – Schlichtungsverfahren",
                                                                  "§ 15a – Verpflichtung")
    assert section.title_tokens == [("equal", "§ 15a –"), ("delete", "Schlichtungsverfahren"),
                                    ("insert", "Verpflichtung")]
    assert [p.state for p in section.paragraphs] == ["unchanged"]


def test_renamed_heading_of_a_circular_is_paired_by_its_text():
    body = "Für Anträge auf Leistungen ist das Jobcenter am Wohnort zuständig, auch bei Umzug im Kreis."
    old = markdown(f"# 1. Einleitung\n\nAllgemeines.\n\n# 2. Zuständigkeit\n\n{body}\n\n# 3. Fristen\n\nVier Wochen.\n")
    new = markdown(f"# 1. Einleitung\n\nAllgemeines.\n\n# 2. Örtliche Zuständigkeit\n\n{body}\n\n"
                   "# 3. Fristen\n\nVier Wochen.\n")
    diff = diff_documents(old, new)
    assert [(s.state, s.title) for s in diff.sections] == [
        ("unchanged", "1. Einleitung"), ("changed", "2. Örtliche Zuständigkeit"), ("unchanged", "3. Fristen")]
    assert diff.sections[1].old_title == "2. Zuständigkeit"


def test_circular_sections_align_by_heading_when_one_is_inserted():
    old = markdown("# Zweck\n\nA.\n\n# Verfahren\n\nB.\n")
    new = markdown("# Zweck\n\nA.\n\n# Neue Regel\n\nGanz neuer Inhalt hier.\n\n# Verfahren\n\nB.\n")
    assert [(s.title, s.state) for s in diff_documents(old, new).sections] == [
        ("Zweck", "unchanged"), ("Neue Regel", "added"), ("Verfahren", "unchanged")]


def test_repeated_headings_get_unique_keys_and_toc_is_ignored():
    doc = markdown("# Inhaltsübersicht\n\n1. Fall\n\n# Fall A\n\n## Beispiel\n\nEins.\n\n"
                   "# Fall B\n\n## Beispiel\n\nZwei.\n")
    diff = diff_documents(doc, doc)
    assert [s.key for s in diff.sections] == ["fall a", "fall a › beispiel", "fall b", "fall b › beispiel"]
    assert diff_section(diff, "Fall B › Beispiel").paragraphs[0].new_text == "Zwei."


def test_diff_section_finds_norms_however_written():
    diff = diff_documents(law(P11, P12), law(P11, P12))
    for query in ("§ 12", "§12", "SGB II § 12", "§ 12 – Vermögen"):
        assert diff_section(diff, query).key == "§ 12"
    assert diff_section(diff, "§ 99") is None
    assert diff_section(diff, "Art. 12") is None


def test_word_diff_tokens_rebuild_both_texts():
    old = "Die Agentur soll einen Plan zur Verbesserung der Teilhabe erstellen, und zwar bald."
    new = "Die Agentur soll einen Kooperationsplan erstellen. Der Plan enthält ein Angebot, und zwar bald."
    tokens = word_diff(old, new)
    assert " ".join(t for op, t in tokens if op != "delete") == new
    assert " ".join(t for op, t in tokens if op != "insert") == old
    # "der" alone between two changes is folded into them instead of standing as a lone equal word
    assert ("equal", "der") not in tokens


def test_comparable_ignores_layout_but_not_words():
    assert comparable("**Die**  Leis\u00adtung\u00a0wird\n erbracht") == comparable("Die Leistung wird erbracht")
    assert comparable("„Plan“ – neu") == comparable('"Plan" - neu')
    assert comparable("(1) Plan") != comparable("(2) Plan")
    assert comparable("Bürgergeld") != comparable("Grundsicherungsgeld")


def test_dash_between_number_and_title_is_layout():
    old = law(("§ 15 Potenzialanalyse", ["(1) Text."]))
    new = law(("§ 15 – Potenzialanalyse", ["(1) Text."]))
    assert diff_section(diff_documents(old, new), "§ 15").state == "unchanged"


def test_large_rewritten_section_is_paired_by_position_and_stays_complete():
    """Beyond DP_LIMIT paragraph pairs the gap is paired in order; nothing is lost or doubled."""
    old_rows = [f"Zeile {n}: Betrag {n} Euro für Gruppe {n}" for n in range(80)]
    new_rows = [f"Zeile {n}: Betrag {n + 1} Euro für Gruppe {n}" for n in range(80)] + ["Neue Zeile am Ende"]
    section = diff_section(diff_documents(law(("Anlage 1", old_rows)), law(("Anlage 1", new_rows))), "anlage 1")
    assert [p.old_text for p in section.paragraphs if p.old_text] == old_rows
    assert [p.new_text for p in section.paragraphs if p.new_text] == new_rows
    assert {p.state for p in section.paragraphs} == {"changed", "added"}


def test_a_gii_editorial_note_is_no_change_of_the_law():
    note = "(+++ § 6 Abs. 1 Nr. 3 u. 4: Zur Anwendung vgl. § 9 +++)"
    with_note = law((P11[0], [*P11[1], note]), P12)
    assert states(diff_documents(law(P11, P12), with_note)) == {"§ 11": "unchanged", "§ 12": "unchanged"}
    quoted = law((P11[0], [*P11[1], "(2) Siehe (+++ Hinweis +++) oben."]), P12)
    assert states(diff_documents(law(P11, P12), quoted))["§ 11"] == "changed"  # only a whole note is one
