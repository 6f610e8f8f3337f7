"""Version diff on the real SGB II versions in ../shared: the "Neue Grundsicherung" (G v.
16.4.2026, in force 1.7.2026) in the kmein Markdown dumps, and two GII XML downloads.

The expected words were read in the two files by hand (`diff` of the § sections): § 1 is
word for word the same, § 15 rewrites Absatz 2 and replaces Absätze 4 to 6, § 31 replaces
Nummer 1 and renames the benefit ("Bürgergeldes" → "Grundsicherungsgeldes").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.pipeline import parse_bytes
from ingest.version_diff import DocumentDiff, SectionDiff, diff_documents, diff_section

BEFORE = "laws/history/sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md"
AFTER = "laws/md_2026-08_kmein/sgb_2.md"
XML_2025 = "laws/gii-xml_2025-03_daniel-j-h/sgb_2.xml"
XML_2026 = "laws/gii-xml-c14n_2026-04_eriklueth/sgb_2.xml"


def parsed(corpus: Path, relative: str):
    path = corpus / relative
    return parse_bytes(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def reform(corpus: Path) -> DocumentDiff:
    return diff_documents(parsed(corpus, BEFORE), parsed(corpus, AFTER))


def words(section: SectionDiff, op: str) -> list[str]:
    return [text for p in section.paragraphs for kind, text in p.tokens if kind == op]


def test_paragraph_1_is_unchanged(reform):
    section = diff_section(reform, "§ 1")
    assert section.state == "unchanged" and section.title.startswith("§ 1 – Aufgabe und Ziel")
    assert len(section.paragraphs) == 11
    assert {p.state for p in section.paragraphs} == {"unchanged"}


def test_paragraph_15_kooperationsplan_shows_the_rewrite(reform):
    section = diff_section(reform, "§ 15")
    assert section.state == "changed" and section.title_tokens == []  # title kept
    deleted, inserted = words(section, "delete"), words(section, "insert")
    assert "Plan zur Verbesserung der Teilhabe (Kooperationsplan) erstellen. In diesem werden" in deleted
    assert any("Der Kooperationsplan enthält unter Berücksichtigung der §§ 3 und 3a" in w for w in inserted)
    assert any("findet persönlich im Jobcenter statt." in w for w in inserted)
    removed = [p.old_text for p in section.paragraphs if p.state == "removed"]
    assert any(t.startswith("(5) Die Agentur für Arbeit überprüft regelmäßig") for t in removed)
    assert any(t.startswith("(6) Wenn ein Kooperationsplan nicht zustande kommt") for t in removed)
    unchanged = [p.new_text for p in section.paragraphs if p.state == "unchanged"]
    assert any(t.startswith("(1) Die Agentur für Arbeit soll unverzüglich") for t in unchanged)


def test_paragraph_31_shows_the_renamed_benefit_and_the_new_duty(reform):
    section = diff_section(reform, "§ 31")
    assert section.state == "changed"
    renamed = [p for p in section.paragraphs if ("insert", "Grundsicherungsgeldes") in p.tokens]
    assert len(renamed) == 1 and ("delete", "Bürgergeldes") in renamed[0].tokens
    assert [p.old_text for p in section.paragraphs if p.state == "removed"] == [
        "1. sich weigern, einer Aufforderung gemäß § 15 Absatz 5 oder Absatz 6 nachzukommen,"]
    assert [p.new_text for p in section.paragraphs if p.state == "added"] == [
        "1. die von der Agentur für Arbeit geforderten Eigenbemühungen nicht nachweisen,"]
    assert any("einen Integrationskurs nach § 43 des Aufenthaltsgesetzes" in w for w in words(section, "insert"))


def test_renamed_and_new_norms(reform):
    renamed = diff_section(reform, "§ 15a")
    assert renamed.title_tokens == [("equal", "§ 15a –"), ("delete", "Schlichtungsverfahren"),
                                    ("insert", "Verpflichtung")]
    assert diff_section(reform, "§ 19").title_tokens[1:3] == [("delete", "Bürgergeld"),
                                                              ("insert", "Grundsicherungsgeld")]
    assert diff_section(reform, "§ 3a").state == "added"
    assert diff_section(reform, "§ 3a").title == "§ 3a – Vorrang der Vermittlung"


def test_norm_states_equal_an_independent_comparison_of_the_raw_files(reform, corpus):
    """Split both Markdown files at their '# § …' lines and compare each norm's text with
    whitespace collapsed; a placeholder '(weggefallen)' counts as no text."""
    old, new = raw_norms(corpus / BEFORE), raw_norms(corpus / AFTER)
    expected = {}
    for norm in old.keys() | new.keys():
        before, after = old.get(norm), new.get(norm)
        if before == after:
            expected[norm] = "unchanged"
        elif not before:
            expected[norm] = "new"
        elif not after:
            expected[norm] = "repealed"
        else:
            expected[norm] = "changed"
    assert reform.norm_states() == expected
    assert sum(state == "changed" for state in expected.values()) == 39
    assert sorted(n for n, s in expected.items() if s == "new") == ["§ 3a", "§ 50b", "§ 62a", "§ 64a", "§ 65a"]


def raw_norms(path: Path) -> dict[str, str]:
    """Norm → its text from the raw file ('' for a '(weggefallen)' placeholder)."""
    norms: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            match = re.match(r"# (§ \d+[a-z]?) – (.*)$", line)
            current = match[1] if match else None
            if current:
                norms[current] = [] if match[2] == "(weggefallen)" else [line]
        elif current and norms[current]:
            norms[current].append(line)
    return {norm: " ".join(" ".join(lines).split()) for norm, lines in norms.items()}


def test_gii_xml_versions_align_norm_by_norm(corpus):
    diff = diff_documents(parsed(corpus, XML_2025), parsed(corpus, XML_2026))
    assert diff.counts["added"] == diff.counts["removed"] == 0
    assert diff.counts["unchanged"] >= 160
    changed = {s.key for s in diff.changed()}
    assert {s.norm for s in diff.changed() if s.norm} == {"§ 11a", "§ 16", "§ 31a", "§ 31b", "§ 52a"}
    title = (changed - {"§ 11a", "§ 16", "§ 31a", "§ 31b", "§ 52a"}).pop()
    assert title.startswith("sozialgesetzbuch sgb zweites buch")  # the "Stand" lines changed
    for norm in ("§ 1", "§ 15", "§ 31"):
        assert diff_section(diff, norm).state == "unchanged"
    assert ("insert", "zur Sicherstellung einer ordnungsgemäßen Leistungserbringung") in [
        t for p in diff_section(diff, "§ 52a").paragraphs for t in p.tokens]
    assert diff_section(diff, "§ 16j").repealed and diff_section(diff, "§ 16j").state == "unchanged"
