"""Recognising headings in plain lines of text (PDF, plain text) by their wording.

Laws, Weisungen and Rundschreiben number their sections in a few fixed ways ("§ 22 Bedarfe für
Unterkunft und Heizung", "Kapitel 3", "2.1 Angemessenheit", "TATBESTAND"). Headings give chunks
their section path, which is what users see as "where does this answer come from", so all
formats normalise them to the same spelling ("§ 22 – Bedarfe für Unterkunft und Heizung").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.parsers.dates import MONTHS
from ingest.parsers.textclean import clean_inline

DASH = " – "
NORM_LEVEL = 2  # a single § / Artikel / Anlage sits below Kapitel/Abschnitt
STRUCTURE_LEVEL = 1

_NUM = r"\d{1,4}\s?[a-z]{0,2}"
_NORM = re.compile(
    rf"^(?:(?P<sign>§|Art\.|Artikel)\s*(?P<num>{_NUM})"
    rf"|(?P<signs>§§)\s*(?P<nums>{_NUM}(?:\s*(?:bis|u\.|und|,)\s*{_NUM})*))"
    r"(?![\w.])\s*(?P<rest>.*)$"
)
_ORDINALS = (
    "Erst|Zweit|Dritt|Viert|Fünft|Sechst|Siebt|Acht|Neunt|Zehnt|Elft|Zwölft|Dreizehnt|"
    "Vierzehnt|Fünfzehnt|Sechzehnt|Siebzehnt|Achtzehnt|Neunzehnt|Zwanzigst"
)
# Not "Buch": "Zweites Buch Sozialgesetzbuch" is a law's name, not a structural unit.
_UNITS = "Kapitel|Abschnitt|Unterabschnitt|Unterkapitel|Titel|Teil"
_STRUCTURE = re.compile(
    rf"^(?P<bez>(?:(?:{_ORDINALS})(?:er|es|e)\s+(?:{_UNITS}))"
    rf"|(?:(?:{_UNITS})\s+(?:\d{{1,3}}[a-z]?|[IVXLC]{{1,6}})))(?![\w.])\s*[-–:.]?\s*(?P<rest>.*)$"
)
_ANNEX = re.compile(
    r"^(?P<bez>Anlage|Anhang)(?:\s+(?P<num>\d{1,3}[a-z]?|[IVX]{1,4}))?(?!\w)"
    r"\s*[-–:]?\s*(?P<rest>.*)$"
)
_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,3}){0,5})(?P<dot>\.?)\s+(?P<rest>\S.*)$")
_NAMED = {
    "tenor", "tatbestand", "entscheidungsgründe", "gründe", "leitsatz", "leitsätze",
    "rechtsmittelbelehrung", "präambel", "vorbemerkung", "vorbemerkungen", "zusammenfassung",
    "einleitung", "fazit", "gesetzestext", "eingangsformel", "schlussformel", "sachverhalt",
    "begründung", "inhaltsübersicht", "inhaltsverzeichnis",
}  # fmt: skip
_TOC_TITLES = re.compile(r"^(Inhaltsübersicht|Inhaltsverzeichnis|Inhalt|Gliederung)\s*:?$", re.I)
_LEADER = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,}|_{4,})\s*\d*\s*$")
# Words that make "§ 22 Abs. 1 …" a citation in running text rather than a section title.
_CITATION_WORDS = {
    "abs", "abs.", "absatz", "absätze", "satz", "s.", "nr", "nr.", "nummer", "buchst", "buchst.",
    "buchstabe", "i.v.m.", "ivm", "ff", "ff.", "f.", "bis", "und", "oder", "sowie", "gilt",
    "ist", "sind", "wird", "werden", "des", "der", "in", "im", "vom", "alt.", "hs.",
}  # fmt: skip


@dataclass(frozen=True)
class Heading:
    """A line recognised as a heading.

    `key` identifies the unit ("§ 22", "kapitel 3", "2.1") so a table of contents entry can be
    matched with the real section; `complete` is False for a bare label like "Kapitel 3" whose
    title follows on the next line.
    """

    text: str
    level: int
    key: str
    complete: bool = True
    kind: str = ""  # "norm", "structure", "annex", "numbered", "named"


def match_heading(line: str, emphasised: bool | None = None) -> Heading | None:
    """Classify one clean line; None for body text.

    `emphasised` is True when the line is bold or large, False when the document uses bold
    headings but this line is plain, None when nothing is known about typography. Without
    typography the wording rules are strict; a bold line may be looser (e.g. "§ 9 SGB II").
    """
    line = unspace_letters(line)
    if not line or len(line) > 250 or _LEADER.search(line):
        return None
    strict = not emphasised
    for matcher in (_match_norm, _match_structure, _match_annex, _match_numbered):
        found = matcher(line, strict)
        if found is not None:
            return found
    return _match_named(line)


def norm_heading(enbez: str, title: str | None) -> str:
    """"§ 22" + "Bedarfe für Unterkunft und Heizung" → "§ 22 – Bedarfe für Unterkunft und Heizung".

    The one spelling of norm headings across PDF, XML, HTML, Markdown and text.
    """
    enbez = re.sub(r"^(§§?)\s*", r"\1 ", clean_inline(enbez))
    title = re.sub(r"^[-–—]\s*", "", clean_inline(title or ""))
    return f"{enbez}{DASH}{title}" if title else enbez


def is_toc_title(line: str) -> bool:
    """True for the heading line of a table of contents ("Inhaltsübersicht")."""
    return bool(_TOC_TITLES.match(line.strip()))


def toc_entry_key(line: str) -> str | None:
    """The unit a table-of-contents line points to ("§ 22", "1.2"), or None.

    Dot leaders and page numbers are cut off first, so "1.2 Hilfe von Anderen ..... 5" and the
    real heading "1.2 Hilfe von Anderen" share the key "1.2".
    """
    entry = strip_leader(line)
    found = match_heading(entry, emphasised=True) if entry else None
    return found.key if found else None


def strip_leader(line: str) -> str:
    """A table-of-contents line without its dot leader and page number."""
    return _LEADER.sub("", line).strip()


def has_leader(line: str) -> bool:
    """True when the line ends with a dot leader (and usually a page number)."""
    return bool(_LEADER.search(line))


def is_toc_entry(line: str) -> bool:
    """True for lines that look like table-of-contents entries (dot leaders or unit numbers)."""
    return bool(_LEADER.search(line)) or toc_entry_key(line) is not None


def unspace_letters(line: str) -> str:
    """"T a t b e s t a n d" → "Tatbestand" (letter-spaced headings in court decisions)."""
    tokens = line.split(" ")
    if len(tokens) >= 4 and all(len(t) == 1 and t.isalpha() for t in tokens):
        return "".join(tokens)
    return line


def _match_norm(line: str, strict: bool) -> Heading | None:
    m = _NORM.match(line)
    if not m:
        return None
    enbez = f"{m['sign']} {m['num'].replace(' ', '')}" if m["sign"] else f"§§ {m['nums']}"
    rest = m["rest"].strip()
    key = enbez.replace("Art.", "Artikel")
    if not rest:
        return Heading(enbez, NORM_LEVEL, key, complete=False, kind="norm")
    first = rest.split(" ", 1)[0]
    citation = first.lower() in _CITATION_WORDS or first[:1].islower()
    if strict and (citation or _bad_shape(line, max_len=160)):
        return None
    if citation or _is_abbreviation(first):
        return Heading(f"{enbez} {rest}", NORM_LEVEL, key, kind="norm")  # "§ 9 SGB II" as is
    return Heading(norm_heading(enbez, rest), NORM_LEVEL, key, kind="norm")


def _match_structure(line: str, strict: bool) -> Heading | None:
    m = _STRUCTURE.match(line)
    if not m:
        return None
    bez, rest = m["bez"], m["rest"].strip()
    if (rest and not _title_start(rest)) or (strict and _bad_shape(line, max_len=120)):
        return None
    text = f"{bez}{DASH}{rest}" if rest else bez
    return Heading(text, STRUCTURE_LEVEL, bez.lower(), bool(rest), "structure")


def _match_annex(line: str, strict: bool) -> Heading | None:
    m = _ANNEX.match(line)
    if not m or (strict and (not m["num"] or _bad_shape(line, max_len=120))):
        return None
    rest = m["rest"].strip()
    if rest and not _title_start(rest):
        return None
    bez = f"{m['bez']} {m['num']}" if m["num"] else m["bez"]
    return Heading(norm_heading(bez, rest), NORM_LEVEL, bez.lower(), kind="annex")


def _match_numbered(line: str, strict: bool) -> Heading | None:
    m = _NUMBERED.match(line)
    if not m:
        return None
    num, rest = m["num"], m["rest"]
    first = rest.split(" ", 1)[0].rstrip(".").lower()
    if ("." not in num and not m["dot"] and strict) or first in MONTHS or not _title_start(rest):
        return None
    if _bad_shape(line, max_len=100 if strict else 130, max_words=12 if strict else 16):
        return None
    if len(first) < 2 or not _mostly_letters(rest):  # "1 K 583/14.MZ" is a file number
        return None
    return Heading(line, min(num.count(".") + 1, 6), num.rstrip("."), kind="numbered")


def _match_named(line: str) -> Heading | None:
    """Known section names ("Tatbestand", "Gesetzestext") and short ALL-CAPS lines."""
    word = line.rstrip(":").strip()
    if word.lower() in _NAMED:
        return Heading(word, 1, word.lower(), kind="named")
    letters = [c for c in line if c.isalpha()]
    caps = len(letters) >= 6 and all(c.isupper() for c in letters)
    if caps and len(line) <= 80 and any(len(w) >= 5 for w in line.split()):
        return Heading(line, 1, line.lower(), kind="named")
    return None


def _is_abbreviation(word: str) -> bool:
    """"SGB", "BAföG", "KomtrZV", "Bürgergeld-V" – a law's short name, not a title word."""
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return word.endswith("-V") or (upper >= 2 and upper >= 0.3 * len(letters))


def _mostly_letters(text: str) -> bool:
    chars = [c for c in text if not c.isspace()]
    return sum(c.isalpha() for c in chars) >= 0.6 * len(chars)


def _title_start(rest: str) -> bool:
    return rest[:1].isupper() or rest[:1] in "(„\"'»"


def _bad_shape(line: str, max_len: int, max_words: int = 25) -> bool:
    """Too long, too wordy or ending like a sentence to be a heading."""
    stripped = line.rstrip()
    ends_badly = stripped[-1:] in ".,;:" and not stripped.endswith("(weggefallen)")
    return len(stripped) > max_len or len(stripped.split()) > max_words or ends_badly
