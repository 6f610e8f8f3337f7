"""The limits of `ingest.limits` are checked while reading: each parser stops just past a limit
(not after reading everything) with a German message naming the setting."""

from __future__ import annotations

import io
import zipfile

import pytest

from ingest import limits
from ingest.chunking import Chunker
from ingest.limits import LimitExceeded, Limits, UnpackBudget
from ingest.models import Block, ParsedDocument
from ingest.pipeline import parse_bytes, prepare
from tests.data.bad.pdf_bytes import declared_pages_pdf, text_page_pdf

SENTENCE = "Die Mietkaution wird nach § 22 Abs. 6 SGB II als Darlehen erbracht. "


def test_the_character_budget_stops_at_the_first_character_over_it():
    budget = limits.CharBudget(Limits(max_chars=100))
    budget.add("x" * 100)
    with pytest.raises(LimitExceeded) as refused:
        budget.add("y")
    assert str(refused.value) == ("Die Datei enthält mehr als 100 Zeichen Text (Grenze KB_MAX_DOCUMENT_CHARS).")
    assert refused.value.limit == "KB_MAX_DOCUMENT_CHARS"


def test_a_big_text_is_refused_before_it_is_decoded():
    budget = limits.CharBudget(Limits(max_chars=1000))
    budget.check_bytes(4000)  # UTF-32 could hold 1000 characters in 4000 bytes
    with pytest.raises(LimitExceeded):
        budget.check_bytes(4004)


@pytest.mark.parametrize("name, data", [
    ("a.txt", (SENTENCE * 40).encode()),
    ("a.md", ("# Titel\n\n" + SENTENCE * 40).encode()),
    ("a.html", f"<html><body><p>{SENTENCE * 40}</p></body></html>".encode()),
    ("a.xml", ('<dokumente><norm><metadaten><jurabk>G</jurabk></metadaten></norm>'
               + "".join(f"<norm><metadaten><enbez>§ {i}</enbez></metadaten><textdaten><text><Content><P>{SENTENCE}"
                         "</P></Content></text></textdaten></norm>" for i in range(40)) + "</dokumente>").encode()),
    ("a.pdf", text_page_pdf([SENTENCE] * 40)),
    ("a.docx", "docx"),
])
def test_every_parser_refuses_more_text_than_the_budget(name, data):
    data = _docx([SENTENCE] * 40) if data == "docx" else data
    assert parse_bytes(data, name, Limits(max_chars=10_000)).blocks  # within the budget: read
    with pytest.raises(LimitExceeded, match="KB_MAX_DOCUMENT_CHARS"):
        parse_bytes(data, name, Limits(max_chars=1_000))


def test_text_in_scripts_does_not_count_against_an_html_page():
    page = f"<html><body><script>{'var x = 1; ' * 20_000}</script><p>{SENTENCE}</p></body></html>"
    doc = parse_bytes(page.encode(), "a.html", Limits(max_chars=5_000))
    assert "Mietkaution" in doc.text


def test_a_pdf_is_refused_by_its_declared_page_count_before_any_page_is_read():
    with pytest.raises(LimitExceeded) as refused:
        parse_bytes(declared_pages_pdf(100_000), "a.pdf", Limits(max_pages=3000))
    assert str(refused.value) == "Die Datei hat 100 000 Seiten, erlaubt sind höchstens 3 000 (Grenze KB_MAX_PAGES)."
    assert parse_bytes(text_page_pdf(["Seite"], pages=3), "b.pdf", Limits(max_pages=3)).page_count == 3


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return zipfile.ZipFile(buffer)


def test_the_unpack_budget_counts_what_comes_out_of_the_stream_and_stops_early():
    archive = _zip({"word/media/a.bin": bytes(8_000_000)})
    budget = UnpackBudget(Limits(max_unpacked_bytes=2_500_000))
    pieces = []
    with pytest.raises(LimitExceeded, match="KB_MAX_UNPACKED_MB"):
        for piece in limits.stream_member(archive, "word/media/a.bin", budget):
            pieces.append(len(piece))
    assert sum(pieces) <= 2_500_000 < budget.used <= 3_500_000  # stopped one piece past the limit


def test_chunks_over_the_limit_are_refused_not_cut_off():
    doc = ParsedDocument([Block(f"{i}. Abschnitt", None, 2) if i % 2 == 0 else Block(SENTENCE)
                          for i in range(40)], "text")
    assert len(Chunker().chunk(doc, max_chunks=20)) == 20
    with pytest.raises(LimitExceeded, match=r"mehr als 19 Abschnitte \(Grenze KB_MAX_DOCUMENT_CHUNKS"):
        Chunker().chunk(doc, max_chunks=19)
    with pytest.raises(LimitExceeded, match="KB_MAX_DOCUMENT_CHUNKS"):
        prepare("\n\n".join(f"## {i}\n\n{SENTENCE}" for i in range(30)).encode(), "a.md", Chunker(),
                bounds=Limits(max_chunks=10))


def test_limits_are_in_force_only_inside_their_block():
    assert limits.current() == Limits()
    with limits.applied(Limits(max_chars=5)):
        assert limits.char_budget().limits.max_chars == 5
    assert limits.current() == Limits()
