"""Verb forms and -ung nouns back to the infinitive, before stemming.

The Snowball stemmer strips inflection, not derivation: 'gekürzt', 'Kürzung' and 'kürzen' keep
three different stems (gekurzt, kurzung, kurz), so 'Ab wann wird gekürzt?' misses a text about
'Kürzung', and 'bewilligt' misses 'Bewilligungszeitraum'. Caseworkers ask with verbs, the law
answers with nouns. This module maps participles ('gekürzt', 'abgelehnt', 'angerechnet'),
third-person forms ('zahlt') and -ung nouns ('Kürzung', 'Anrechnung') to their infinitive,
which the stemmer then reduces like the verb itself.

A form is only mapped when the infinitive it would produce is a known German word (the
`wordfreq` list the compound splitter uses), so nouns that merely look like participles
('Gericht', 'Gehalt', 'Arbeit') stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterator

from index.compounds import word_frequency

MIN_INFINITIVE_ZIPF = 2.8  # 'bewilligen' 2.8; 'gehalen', 'richen' (from Gehalt, Gericht) are below
MIN_LENGTH = 5
# Separable prefixes before the participle's 'ge' ('ab-ge-lehnt', 'an-ge-rechnet').
SEPARABLE = ("ab", "an", "auf", "aus", "bei", "dar", "ein", "fest", "fort", "her", "hin", "los",
             "mit", "nach", "vor", "weg", "zu", "zurück", "zusammen")


def infinitive(word: str) -> str | None:
    """The infinitive a lower-case verb form or -ung noun comes from, if it is a known word."""
    if len(word) < MIN_LENGTH:
        return None
    for candidate in _candidates(word):
        if len(candidate) >= MIN_LENGTH and word_frequency(candidate) >= 10 ** MIN_INFINITIVE_ZIPF / 1e9:
            return candidate
    return None


def _candidates(word: str) -> Iterator[str]:
    if word.endswith(("ung", "ungen")):
        base = word[: word.rindex("ung")]
        yield from (base + "en", base + "n")
    elif word.endswith("t") and not word.endswith(("st", "heit", "keit", "schaft")):
        bodies = [word[:-1]] + ([word[:-2]] if word.endswith("et") else [])
        for body in bodies:
            for stem in (*_without_ge(body), body):
                yield from (stem + "en", stem + "n")


def _without_ge(body: str) -> list[str]:
    """'gekürz' → 'kürz', 'abgelehn' → 'ablehn': the participle's 'ge', alone or after a prefix."""
    out = [body[2:]] if body.startswith("ge") else []
    out += [p + body[len(p) + 2:] for p in SEPARABLE if body.startswith(p + "ge")]
    return out
