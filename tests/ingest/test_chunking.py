"""Chunking follows structure (headings, sections) and respects the token budget."""

from ingest.chunking import Chunker, default_token_counter, split_sections, split_sentences
from ingest.models import Block, ParsedDocument


def doc(*blocks: Block) -> ParsedDocument:
    return ParsedDocument(blocks=list(blocks), format="test")


def test_chunks_never_cross_a_heading_and_keep_the_heading_path():
    parsed = doc(
        Block("Kapitel 3 – Leistungen", level=1),
        Block("§ 22 – Bedarfe für Unterkunft und Heizung", level=2),
        Block("(1) Bedarfe für Unterkunft und Heizung werden anerkannt.", page=4),
        Block("§ 23 – Besonderheiten beim Sozialgeld", level=2),
        Block("Beim Sozialgeld gelten ergänzende Vorschriften.", page=5),
    )
    chunks = Chunker().chunk(parsed)
    assert [c.section for c in chunks] == ["§ 22 – Bedarfe für Unterkunft und Heizung",
                                           "§ 23 – Besonderheiten beim Sozialgeld"]
    assert chunks[0].heading_path == ("Kapitel 3 – Leistungen", "§ 22 – Bedarfe für Unterkunft und Heizung")
    assert (chunks[0].page_start, chunks[1].page_start) == (4, 5)
    assert "Sozialgeld" not in chunks[0].text


def test_long_section_is_split_within_budget_with_overlap():
    sentences = [f"Satz {i} über die Angemessenheit der Kosten der Unterkunft im Landkreis." for i in range(120)]
    parsed = doc(Block("2. Angemessenheit", level=1),
                 *[Block(" ".join(sentences[i:i + 4]), page=1 + i // 40) for i in range(0, 120, 4)])
    chunker = Chunker(max_tokens=120, overlap_tokens=30)
    chunks = chunker.chunk(parsed)
    assert len(chunks) > 5
    for c in chunks:
        assert default_token_counter(c.text) + default_token_counter("2. Angemessenheit") <= 120
        assert c.section == "2. Angemessenheit"
    # overlap: the last sentence of a chunk opens the next one
    assert split_sentences(chunks[0].text)[-1] in chunks[1].text
    assert chunks[-1].page_end == 3
    assert all(c.ordinal == i for i, c in enumerate(chunks))


def test_overlong_sentence_without_punctuation_is_hard_split():
    words = " ".join(f"Wort{i}" for i in range(2000))
    chunks = Chunker(max_tokens=200, overlap_tokens=0).chunk(doc(Block(words)))
    assert len(chunks) >= 10
    assert all(default_token_counter(c.text) <= 200 for c in chunks)
    assert "Wort1999" in chunks[-1].text


def test_table_of_contents_sections_are_skipped():
    sections = split_sections([Block("Inhaltsübersicht", level=1), Block("§ 1 Aufgabe"),
                               Block("§ 1 – Aufgabe", level=1), Block("Text")])
    assert [s.path for s in sections] == [("§ 1 – Aufgabe",)]


def test_sentence_split_respects_legal_abbreviations():
    text = "Nach § 22 Abs. 1 S. 3 SGB II gilt das. Der Träger prüft die Angemessenheit. Vgl. Nr. 5 der Weisung."
    assert split_sentences(text) == [
        "Nach § 22 Abs. 1 S. 3 SGB II gilt das.",
        "Der Träger prüft die Angemessenheit.",
        "Vgl. Nr. 5 der Weisung.",
    ]


def test_embedding_text_carries_the_heading_path():
    parsed = doc(Block("§ 7b – Erreichbarkeit", level=1), Block("Erwerbsfähige müssen erreichbar sein."))
    chunk = Chunker().chunk(parsed)[0]
    assert chunk.embedding_text.startswith("§ 7b – Erreichbarkeit\n")
