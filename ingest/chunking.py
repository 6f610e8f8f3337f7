"""Structure-aware chunking: sections first, then size.

A caseworker's answer usually lives in one section (a `§` of a law, a numbered heading of a
circular), so chunks never cross a heading. Within a section, paragraphs are packed up to the
token budget, with an overlap of whole sentences so a thought cut at a boundary is still found.
Each chunk keeps its heading path and page range, which the UI shows and links to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ingest.limits import too_many_chunks
from ingest.models import Block, Chunk, ParsedDocument

TokenCounter = Callable[[str], int]
_WORDS = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[(\"„A-ZÄÖÜ0-9§])")
_ABBREV_END = re.compile(
    r"(?:\b(?:Abs|Nr|Art|bzw|ggf|vgl|z\.B|u\.a|d\.h|i\.V\.m|S|Buchst|ff|Ziff|lit|Az|Rn|evtl|inkl|ca|max|min"
    r"|Dr|Str|gem)\.|\b\d{1,2}\.)$", re.I
)
TABLE_SEPARATOR = " | "  # between the cells of a table row (`ingest.parsers.tables`)
SKIPPED_SECTIONS = re.compile(r"^\s*(Inhaltsübersicht|Inhaltsverzeichnis|Inhalt)\s*$", re.I)


def default_token_counter(text: str) -> int:
    """≈ 1.6 XLM-R tokens per German word; used when no tokenizer is at hand."""
    return int(len(_WORDS.findall(text)) * 1.6) + 2


@dataclass
class _Section:
    path: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)


@dataclass
class _Piece:
    """A sentence-sized unit with its page, the smallest thing the packer moves."""

    text: str
    page: int | None
    tokens: int


def split_sections(blocks: list[Block]) -> list[_Section]:
    """Group body blocks under their heading path; headings deeper than the stack replace it."""
    sections: list[_Section] = []
    stack: list[tuple[int, str]] = []
    current = _Section(())
    for block in blocks:
        if block.is_heading:
            if current.blocks:
                sections.append(current)
            stack = [(lvl, txt) for lvl, txt in stack if lvl < block.level] + [(block.level, block.text)]
            current = _Section(tuple(txt for _, txt in stack))
        elif block.text.strip():
            current.blocks.append(block)
    if current.blocks:
        sections.append(current)
    return [s for s in sections if not (s.path and SKIPPED_SECTIONS.match(s.path[-1]))]


def split_sentences(text: str) -> list[str]:
    """German sentence split that does not break after abbreviations like `Abs.` or `Nr.`.
    A table row ("Kreis: Kusel | Jahr: 2026") is one unit: its colons end no sentence, and a
    row cut in two (in an overlap, in a marked answer) would lose its column names."""
    if TABLE_SEPARATOR in text and "\n" not in text.strip():
        return [text.strip()] if text.strip() else []
    parts: list[str] = []
    for candidate in _SENTENCE_END.split(text):
        if parts and _ABBREV_END.search(parts[-1]):
            parts[-1] = f"{parts[-1]} {candidate}"
        else:
            parts.append(candidate)
    return [p.strip() for p in parts if p.strip()]


class Chunker:
    """Packs sections into chunks of at most `max_tokens` (heading included)."""

    def __init__(self, max_tokens: int = 350, overlap_tokens: int = 50,
                 count_tokens: TokenCounter = default_token_counter) -> None:
        self.max_tokens = max_tokens
        self.overlap_tokens = overlap_tokens
        self.count = count_tokens

    def chunk(self, doc: ParsedDocument, max_chunks: int | None = None) -> list[Chunk]:
        """The document's chunks; more than `max_chunks` is refused as soon as it happens
        (`LimitExceeded`), never cut off silently."""
        chunks: list[Chunk] = []
        for section in split_sections(doc.blocks):
            for text, pages in self._pack(section):
                if max_chunks is not None and len(chunks) >= max_chunks:
                    raise too_many_chunks(max_chunks)
                chunks.append(Chunk(
                    text=text, ordinal=len(chunks),
                    section=section.path[-1] if section.path else None,
                    heading_path=section.path,
                    page_start=min(pages) if pages else None,
                    page_end=max(pages) if pages else None,
                ))
        return chunks

    def _budget(self, path: tuple[str, ...]) -> int:
        heading_tokens = self.count(" › ".join(path)) if path else 0
        return max(32, self.max_tokens - heading_tokens)

    def _pieces(self, section: _Section, budget: int) -> Iterator[_Piece]:
        for block in section.blocks:
            tokens = self.count(block.text)
            if tokens <= budget:
                yield _Piece(block.text, block.page, tokens)
                continue
            for sentence in split_sentences(block.text):
                yield from self._hard_split(sentence, block.page, budget)

    def _hard_split(self, text: str, page: int | None, budget: int) -> Iterator[_Piece]:
        """Split an over-long sentence (tables, lists without punctuation) by words."""
        tokens = self.count(text)
        if tokens <= budget:
            yield _Piece(text, page, tokens)
            return
        words = text.split()
        step = max(1, int(len(words) * budget / tokens * 0.9))
        for start in range(0, len(words), step):
            part = " ".join(words[start:start + step])
            yield _Piece(part, page, self.count(part))

    def _pack(self, section: _Section) -> Iterator[tuple[str, list[int]]]:
        budget = self._budget(section.path)
        window: list[_Piece] = []
        used = 0
        for piece in self._pieces(section, budget):
            if window and used + piece.tokens > budget:
                yield _render(window)
                window = self._overlap(window, budget - piece.tokens)
                used = sum(p.tokens for p in window)
            window.append(piece)
            used += piece.tokens
        if window:
            yield _render(window)

    def _overlap(self, window: list[_Piece], room: int) -> list[_Piece]:
        """Carry the last sentences of the previous chunk into the next, within the overlap budget."""
        limit = min(self.overlap_tokens, room)
        tail: list[_Piece] = []
        for piece in reversed(window):
            sentences = split_sentences(piece.text)
            for sentence in reversed(sentences):
                tokens = self.count(sentence)
                if sum(p.tokens for p in tail) + tokens > limit:
                    return tail
                tail.insert(0, _Piece(sentence, piece.page, tokens))
        return tail


def _render(window: list[_Piece]) -> tuple[str, list[int]]:
    text = "\n".join(p.text for p in window)
    pages = [p.page for p in window if p.page is not None]
    return text, pages
