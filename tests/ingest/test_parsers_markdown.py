"""Markdown parser: kmein law dumps (pandoc title block), front matter, inline markup."""

from __future__ import annotations

import pytest

from ingest.errors import EmptyDocument
from ingest.parsers.base import choose_parser
from ingest.parsers.markdown import MarkdownParser


def parse(text: str, name: str = "notiz.md"):
    return MarkdownParser().parse(text.encode("utf-8"), name)


@pytest.fixture(scope="module")
def sgb2_md(corpus):
    path = corpus / "laws/md_2026-08_kmein/sgb_2.md"
    return MarkdownParser().parse(path.read_bytes(), path.name)


def test_law_markdown_keeps_section_headings(sgb2_md):
    texts = [b.text for b in sgb2_md.blocks]
    index = texts.index("§ 22 – Bedarfe für Unterkunft und Heizung")
    assert sgb2_md.blocks[index].level == 1
    assert texts[index + 1].startswith("(1) Bedarfe für Unterkunft und Heizung werden in Höhe")
    assert texts[index + 2].startswith("1. in dem für die Angemessenheitsprüfung")


def test_pandoc_title_block(sgb2_md):
    assert sgb2_md.title == (
        "Sozialgesetzbuch (SGB) Zweites Buch (II) - Grundsicherung für Arbeitsuchende"
    )
    assert sgb2_md.properties["ausfertigungsdatum"] == "24.12.2003"
    assert not any(b.text.startswith("%") for b in sgb2_md.blocks)
    assert sgb2_md.format == "markdown"


def test_table_rows_become_blocks(sgb2_md):
    texts = [b.text for b in sgb2_md.blocks]
    assert texts[0] == "Inhaltsübersicht" and sgb2_md.blocks[0].level == 1
    assert "§ 22 | Bedarfe für Unterkunft und Heizung" in texts
    assert not any(":---" in t or t.strip("| ") == "" for t in texts)


def test_front_matter_goes_to_properties():
    doc = parse(
        "---\ntitle: Protokoll der Regionalkonferenz\ndistrict: Kusel\ndoc_type: Protokoll\n"
        "date: 2025-04-14\ntags: [a, b]\n---\n\n# Tagesordnung\n\nText mit **Fettem**.\n"
    )
    assert doc.title == "Protokoll der Regionalkonferenz"
    assert doc.properties == {
        "title": "Protokoll der Regionalkonferenz", "district": "Kusel",
        "doc_type": "Protokoll", "date": "2025-04-14",
    }  # fmt: skip
    assert str(doc.date) == "2025-04-14"
    assert [b.text for b in doc.blocks] == ["Tagesordnung", "Text mit Fettem."]


def test_front_matter_of_the_bundestag_dump(corpus):
    path = corpus / "laws/history/sgb_2_md_2022-01_bundestag-gesetze.md"
    doc = MarkdownParser().parse(path.read_bytes(), path.name)
    assert doc.properties["jurabk"] == "SGB 2"
    assert doc.title.startswith("Sozialgesetzbuch (SGB) Zweites Buch (II)")
    assert str(doc.date) == "2021-11-22"  # "Zuletzt geändert durch: Art. 3 G v. 22.11.2021"
    headings = [(b.text, b.level) for b in doc.blocks if b.level]
    assert ("Kapitel 1 – Fördern und Fordern", 2) in headings
    assert ("§ 22 – Bedarfe für Unterkunft und Heizung", 5) in headings  # "##### § 22 …"


def test_inline_markup_lists_and_code():
    doc = parse(
        "Titel\n=====\n\nEin **fettes** Wort, ein *kursives*, `code` und ein "
        "[Link](https://example.org) mit ![Bild](b.png).\n\n"
        "- erster Punkt\n- zweiter Punkt\n  fortgesetzt\n\n1. Antrag\n2. Bescheid\n\n"
        "> Zitat\n\n```\nx = 1\n```\n\nUnterstrich_im_Wort bleibt.\n"
    )
    assert [(b.text, b.level) for b in doc.blocks] == [
        ("Titel", 1),
        ("Ein fettes Wort, ein kursives, code und ein Link mit Bild.", 0),
        ("erster Punkt", 0),
        ("zweiter Punkt fortgesetzt", 0),
        ("1. Antrag", 0),
        ("2. Bescheid", 0),
        ("Zitat", 0),
        ("x = 1", 0),
        ("Unterstrich_im_Wort bleibt.", 0),
    ]


def test_markdown_is_chosen_by_extension_only():
    data = "# Überschrift\n\nText".encode()
    assert not MarkdownParser().sniff(data)
    assert choose_parser(data, "notiz.md").format == "markdown"
    assert choose_parser(data, "notiz.markdown").format == "markdown"


def test_front_matter_only_is_empty():
    with pytest.raises(EmptyDocument, match=r"leer\.md"):
        parse("---\ntitle: Nur Kopf\n---\n", "leer.md")


def test_raw_html_and_inline_scripts_leave_no_script_text():
    doc = parse(
        "Hallo <script>alert(1)</script> Welt<br>neu\n\n<script>\nalert(2)\n</script>\n\n"
        '<table><tr><td>Kusel</td><td onclick="alert(3)">zkT</td></tr></table>\n'
    )
    assert [b.text for b in doc.blocks] == ["Hallo Welt neu", "Kusel | zkT"]


def test_unreadable_front_matter_date_is_kept_aside():
    doc = parse("---\ntitle: Notiz\ndate: Frühjahr 2025\n---\nText\n")
    assert doc.date is None
    assert doc.properties == {"title": "Notiz", "date_text": "Frühjahr 2025"}
