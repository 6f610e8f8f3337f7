"""Canonical law names, the spellings caseworkers and legislators use, and what each law is about.

Kept apart from the citation grammar (`ingest.citations`) so that adding a law is a one-line
change here; `law_after` / `law_before` find the law name next to a cited number. The table
lives in Python rather than a YAML data file because the `ingest` package ships no package data
(see pyproject.toml); a code table is installed wherever the code is.

Abbreviations are matched case-sensitively in running text ("AO", "GG" and "UVG" must not fire on
ordinary words); `canonical_law`, which is only ever handed something meant as a law name (a
filter box, a document's metadata), matches case-insensitively.
"""

from __future__ import annotations

import re

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV")
"""Books of the Sozialgesetzbuch; index + 1 is the book number."""

_ROMAN_ALT = "XIV|XIII|XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I"
_BOOK_NUM = rf"(?:{_ROMAN_ALT}|ll|1[0-4]|[1-9])(?!\w)"
_ORDINALS = {
    "erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7,
    "siebent": 7, "acht": 8, "neunt": 9, "zehnt": 10, "elft": 11, "zwölft": 12,
    "dreizehnt": 13, "vierzehnt": 14,
}
_ORD_ALT = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_BUCH = r"Buch(?:e?s)?"
_SGB_WORD = r"Sozialgesetzbuch(?:e?s)?"
_PAREN_SGB = rf"(?:\s*\((?:SGB\s?)?{_BOOK_NUM}\))?"

# Alternatives are tried in order: the bare "Zweiten Buches" form comes last so that the longer
# forms win whenever "Sozialgesetzbuch" follows.
_SGB_RE = re.compile(
    rf"(?:SGB[\s\-]{{0,3}}(?P<n1>{_BOOK_NUM})"
    rf"|(?:SGB|{_SGB_WORD})\s+(?:\(SGB\)\s+)?(?P<o1>{_ORD_ALT})e[snmr]?\s+{_BUCH}{_PAREN_SGB}"
    rf"|(?:des\s+)?(?P<o2>{_ORD_ALT})e[snmr]?\s+{_BUCH}\s+(?:des\s+)?{_SGB_WORD}{_PAREN_SGB}"
    rf"|{_SGB_WORD}\s+(?P<n2>{_BOOK_NUM})"
    rf"|(?:des\s+)?(?P<ob>{_ORD_ALT})e[snmr]?\s+{_BUCH})(?!\w)",
    re.IGNORECASE,
)

_G = r"(?:es|s)?"  # genitive ending of "-gesetz", "-buch"

# canonical name -> (match case-insensitively in running text?, spellings as regexes)
LAWS: dict[str, tuple[bool, tuple[str, ...]]] = {
    "BGB": (False, ("BGB", rf"Bürgerliche[nms]?\s+Gesetzbuch{_G}")),
    "SGG": (False, ("SGG", rf"Sozialgerichtsgesetz{_G}")),
    "AsylbLG": (False, ("AsylbLG", "AsylBLG", rf"Asylbewerberleistungsgesetz{_G}")),
    "WoGG": (False, ("WoGG", rf"Wohngeldgesetz{_G}")),
    "BKGG": (False, ("BKGG", rf"Bundeskindergeldgesetz{_G}")),
    "EStG": (False, ("EStG", rf"Einkommen-?s?teuergesetz{_G}")),
    "AO": (False, ("AO", "Abgabenordnung")),
    "ZPO": (False, ("ZPO", "Zivilprozessordnung")),
    "GG": (False, ("GG", rf"Grundgesetz{_G}")),
    "BAföG": (True, ("BAföG", "BAfoeG", rf"Bundesausbildungsförderungsgesetz{_G}")),
    "UVG": (False, ("UVG", "UhVorschG", rf"Unterhaltsvorschussgesetz{_G}")),
    "AufenthG": (False, ("AufenthG", rf"Aufenthaltsgesetz{_G}")),
    "ErrV": (False, ("ErrV", r"Erreichbarkeits-?[Vv]erordnung")),
    "BürgergeldV": (
        True,
        (r"Bürgergeld-?V", r"Alg\s?II-?V(?:\s?2008)?", r"Bürgergeld-?Verordnung",
         r"Arbeitslosengeld\s?II/Sozialgeld-?Verordnung"),
    ),
    "BürgergeldG": (True, (r"Bürgergeld-?G", rf"Bürgergeld-?Gesetz{_G}")),
    "GrusiGV": (False, ("GrusiGV",)),
    "RBEG": (False, ("RBEG", rf"Regelbedarfs-?[Ee]rmittlungsgesetz{_G}")),
    "RBSFV": (False, ("RBSFV", r"Regelbedarfsstufen-?[Ff]ortschreibungsverordnung")),
    "KomtrZV": (False, ("KomtrZV", r"Kommunalträger-?[Zz]ulassungsverordnung")),
    "KtEfV": (False, ("KtEfV", r"Kommunalträger-?[Ee]ignungsfeststellungsverordnung")),
    "EinglMV": (False, ("EinglMV", r"Eingliederungsmittel-?[Vv]erordnung")),
    "VwVfG": (False, ("VwVfG", rf"Verwaltungsverfahrensgesetz{_G}")),
    "VwGO": (False, ("VwGO", "Verwaltungsgerichtsordnung")),
    "BEEG": (False, ("BEEG", rf"Bundeselterngeld-\s?und\s+Elternzeitgesetz{_G}")),
    "StGB": (False, ("StGB", rf"Strafgesetzbuch{_G}")),
    "OWiG": (False, ("OWiG", rf"Ordnungswidrigkeitengesetz{_G}")),
    "BDSG": (False, ("BDSG", rf"Bundesdatenschutzgesetz{_G}")),
    "DSGVO": (False, ("DSGVO", "DS-GVO", "Datenschutz-Grundverordnung")),
}

LAW_SUBJECTS: dict[str, str] = {
    "SGB I": "Allgemeiner Teil Sozialgesetzbuch", "SGB II": "Grundsicherung für Arbeitsuchende",
    "SGB III": "Arbeitsförderung", "SGB IV": "Gemeinsame Vorschriften für die Sozialversicherung",
    "SGB V": "Gesetzliche Krankenversicherung", "SGB VI": "Gesetzliche Rentenversicherung",
    "SGB VII": "Gesetzliche Unfallversicherung", "SGB VIII": "Kinder- und Jugendhilfe",
    "SGB IX": "Rehabilitation und Teilhabe von Menschen mit Behinderungen",
    "SGB X": "Sozialverwaltungsverfahren und Sozialdatenschutz", "SGB XI": "Soziale Pflegeversicherung",
    "SGB XII": "Sozialhilfe", "SGB XIV": "Soziale Entschädigung", "BGB": "Bürgerliches Gesetzbuch",
    "WoGG": "Wohngeld", "BKGG": "Kindergeld Kinderzuschlag", "UVG": "Unterhaltsvorschuss",
    "AsylbLG": "Asylbewerberleistungen", "BAföG": "Ausbildungsförderung", "SGG": "Sozialgericht",
    "EStG": "Einkommensteuer", "AufenthG": "Aufenthalt", "ErrV": "Erreichbarkeit",
}
"""law -> what it is about, in the words a caseworker searches with: a chunk citing "§ 28 SGB XII"
is indexed with "Sozialhilfe" although the text never says so (see kb.services.context)."""

ARTICLE_LAWS = frozenset({"GG", "DSGVO", "BürgergeldG"})
"""Laws divided into Artikel, not §§ (constitution, EU regulation, amending laws). In the text of any
other law an "Artikel 9" without a law name cites a foreign act ("Artikel 9 der Verordnung (EU)
2016/679", "Artikel 238 … des Einführungsgesetzes"), never the law's own text."""

RENAMED: dict[str, str] = {"BürgergeldV": "GrusiGV"}
"""A law an amendment renamed: its former canonical name -> the next one. The Alg II-V became the
Bürgergeld-V (2023) and the Grundsicherungsgeld-Verordnung (G v. 16.4.2026, in force 1.7.2026),
one ordinance (BJNR294200007) throughout: its texts under every name are versions of one law.
Citations keep the name they were written with ("§ 3 Bürgergeld-V" stays `BürgergeldV`)."""

SGB_LAWS = tuple(f"SGB {r}" for r in ROMAN)
KNOWN_LAWS = SGB_LAWS + tuple(LAWS)
"""Every canonical name the parser can produce."""

_NAMES = list(LAWS)


def _law_alternation() -> str:
    """One alternation with a named group per law, so a single regex call finds any law."""
    alts = []
    for i, (ci, spellings) in enumerate(LAWS.values()):
        flag = "(?i:" if ci else "(?:"
        alts.append(f"(?P<L{i}>{flag}{'|'.join(spellings)}))")
    return rf"(?:{'|'.join(alts)})(?!\w)"


_LAW_RE = re.compile(_law_alternation())
_LAW_RE_CI = re.compile(_law_alternation(), re.IGNORECASE)
_PREFIX_RE = re.compile(r"\s*(?:[an]\.\s?F\.\s*)?(?:(?:des|der)\s+)?")  # a. F. = old version
_OTHER_LAW_RE = re.compile(  # "dieses Gesetzes" is the parsed law, "des Gesetzes über …" another
    r"\s*(?:(?P<self>(?:dieses|dieser)\s+(?:Gesetzes|Buches|Verordnung))"
    r"|(?:des|der|eines|einer)\s+(?:[\w.-]{1,40}\s+){0,4}?[\w-]{0,40}?"
    r"(?:[Gg]esetz(?:es|s)?|[Vv]erordnung|[Oo]rdnung|[Gg]esetzbuch(?:es|s)?|Buch(?:es|s)?))(?!\w)")
_WORD_RE = re.compile(r"(?<!\w)[^\W\d_]")


def _book_number(m: re.Match[str]) -> int:
    """The SGB book a match names, whichever of the spelling alternatives matched."""
    num = m["n1"] or m["n2"]
    if num is not None:
        if num.isdigit():
            return int(num)
        return 2 if num.lower() == "ll" else ROMAN.index(num.upper()) + 1
    ordinal = m["o1"] or m["o2"] or m["ob"]
    return _ORDINALS[ordinal.lower()]


def match_law(text: str, pos: int, bare_books: bool = False) -> tuple[str, int] | None:
    """The law named exactly at `pos` and where its name ends, or None.

    `bare_books` admits "des Zehnten Buches" without "Sozialgesetzbuch": the SGB books cite each
    other that way, but in other texts "Buch" means something else.
    """
    m = _SGB_RE.match(text, pos)
    if m and (bare_books or m["ob"] is None):
        return f"SGB {ROMAN[_book_number(m) - 1]}", m.end()
    m = _LAW_RE.match(text, pos)
    if m and m.lastgroup:
        return _NAMES[int(m.lastgroup[1:])], m.end()
    return None


def law_after(text: str, pos: int, bare_books: bool) -> tuple[str | None, str, int] | None:
    """The law named after a cited number: (law, state, end), or None if the text names none.

    state "explicit" comes with the law; "self" ("dieses Gesetzes") means the law whose own text
    is parsed, "foreign" ("des Gesetzes über …") a law this table does not know (law None).
    """
    prefix = _PREFIX_RE.match(text, pos)
    hit = match_law(text, prefix.end() if prefix else pos, bare_books)
    if hit:
        return hit[0], "explicit", hit[1]
    m = _OTHER_LAW_RE.match(text, pos)
    return (None, "self" if m["self"] else "foreign", m.end()) if m else None


def law_before(text: str, pos: int, not_before: int, bare_books: bool) -> tuple[str, int] | None:
    """The law ending right before `pos` ("SGB II § 22") and where its name starts, or None.

    Looks back no further than `not_before` (the previous citation's end) so that one law name
    never serves two citations.
    """
    lo = max(not_before, pos - 60)
    law_end = lo + len(text[lo:pos].rstrip())
    for word in _WORD_RE.finditer(text, lo, law_end):
        hit = match_law(text, word.start(), bare_books)
        if hit and hit[1] == law_end:
            return hit[0], word.start()
    return None


def canonical_law(name: str) -> str | None:
    """Canonical name for a law name written any known way ("SGB 2" -> "SGB II"); else None.

    Case-insensitive, because the input is known to be a law name (filters, metadata).
    """
    name = " ".join(name.split())
    m = _SGB_RE.fullmatch(name)
    if m:
        return f"SGB {ROMAN[_book_number(m) - 1]}"
    m = _LAW_RE_CI.fullmatch(name)
    if m and m.lastgroup:
        return _NAMES[int(m.lastgroup[1:])]
    return None


def current_law_name(law: str) -> str:
    """The name a law bears today ("BürgergeldV" -> "GrusiGV"); any other law is its own."""
    seen = {law}
    while law in RENAMED and RENAMED[law] not in seen:
        law = RENAMED[law]
        seen.add(law)
    return law


def former_law_names(law: str) -> tuple[str, ...]:
    """Every name the law bore before `current_law_name(law)`, newest first."""
    current = current_law_name(law)
    names = [old for old in RENAMED if current_law_name(old) == current and old != current]
    return tuple(reversed(names))


def is_sgb(law: str | None) -> bool:
    """True for the books of the Sozialgesetzbuch, which cite each other as "des ... Buches"."""
    return law is not None and law in SGB_LAWS
