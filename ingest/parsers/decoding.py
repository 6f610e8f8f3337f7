"""Turning the bytes of text-like files (TXT, Markdown, HTML) into str.

Files from municipal offices come as UTF-8 (with or without BOM), Windows-1252 from old Word
exports, or Latin-1. A wrong guess turns "Unterkunftskosten für Familien" into mojibake that no
search finds, so decoding goes from the most to the least reliable evidence.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ingest import limits

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers read "latin-1" declarations as Windows-1252 (WHATWG); files in the wild rely on it.
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
            "us-ascii": "cp1252", "iso8859-1": "cp1252", "windows-1252": "cp1252"}  # fmt: skip


def bounded_decode(data: bytes, declared: str | None = None) -> str:
    """`decode_text` within the document's character budget (`ingest.limits`): a file too big
    to hold fewer characters is refused before decoding, any other one right after. For text and
    Markdown the source is (nearly all) the text; HTML counts its text itself (`html_count`)."""
    budget = limits.char_budget()
    budget.check_bytes(len(data))
    text = decode_text(data, declared)
    budget.add(text)
    return text


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode with: BOM, else the declared charset, else strict UTF-8, else detection.

    A declared single-byte charset loses against valid multi-byte UTF-8: pages re-saved as
    UTF-8 often keep their old `charset=iso-8859-1` declaration.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    utf8 = _try(data, "utf-8")
    codec = _codec(declared)
    if codec and not (utf8 is not None and codec == "cp1252" and not data.isascii()):
        text = _try(data, codec)
        if text is not None:
            return text
    if utf8 is not None:
        return utf8
    return _detect(data)


def _codec(declared: str | None) -> str | None:
    """A Python codec name for a declared charset, or None if unknown/unusable."""
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> str:
    """Guess a legacy single-byte encoding.

    Short German texts fool statistical detectors (charset-normalizer calls a cp1252 sentence
    Big5), so the two code pages German offices actually use are tried first and the one that
    yields German letters wins; charset-normalizer only decides for other texts.
    """
    scored = []
    for rank, encoding in enumerate(("cp1252", "cp850")):
        text = _try(data, encoding)
        if text is not None:
            scored.append((_german_score(text), -rank, text))
    if scored and max(scored)[0] > 0:
        return max(scored)[2]
    best = from_bytes(data[:200_000]).best()
    text = _try(data, best.encoding) if best is not None and best.encoding else None
    return text if text is not None else data.decode("cp1252", errors="replace")


def _german_score(text: str) -> int:
    """Umlauts, ß, € and dashes count for; box-drawing and typical mojibake letters against."""
    good = sum(text.count(ch) for ch in "äöüÄÖÜß€–")
    bad = sum(text.count(ch) for ch in "³õ÷▀¦ŠÃ") + sum("\u2500" <= ch <= "\u259f" for ch in text)
    return good - 2 * bad
