"""Reading canonical norm ids ("SGB II § 22", "BGB Art. 3") and the section titles of law texts.

Norm ids are produced in one format by `ingest.citations.Citation.norm_id`; the search, the norm
index and the lexical context each needed the law of an id or a title without its number and had
written its own split or regex. They live here so that the format is read the way it is written.
"""

from __future__ import annotations

import re

NUMBER_PREFIX = re.compile(r"^(?:§+|Art\.?)\s*[\w.]+\s*[–-]?\s*")
"""The number a law-text heading opens with ("§ 22 –", "Art. 3"), without the title after it."""

_NORM_PARTS = re.compile(r"^(?P<law>.+?)\s+(?P<kind>§|Art\.)\s*(?P<num>\d+)(?P<suffix>\w*)$")


def law_of_norm(norm_id: str) -> str:
    """The law of a norm id: "SGB II § 22 Abs. 1" -> "SGB II", "BGB Art. 3" -> "BGB".

    Everything before the first " §" and then before the first " Art."; an id without either
    (a whole law, "SGB XII") is its own law.
    """
    return norm_id.split(" §")[0].split(" Art.")[0]


def norm_sort_key(norm: str) -> tuple:
    """§ 6, § 6a, § 7, § 11 – numeric, not alphabetic ("§ 11" < "§ 6" would confuse lawyers)."""
    match = _NORM_PARTS.match(norm)
    if not match:
        return (norm, 0, "")
    return (match["law"], int(match["num"]), match["suffix"])


def section_title_without_number(section: str | None) -> str:
    """A law section's title without its number ("§ 22 – Bedarfe für …" -> "Bedarfe für …").

    The number is already the norm id; as words for a search index only the title says
    something. None (a chunk without section) gives "".
    """
    return NUMBER_PREFIX.sub("", section or "").strip()


def named_laws(norms: list[str], vocabulary_laws: list[str]) -> list[str]:
    """Laws a query names: cited ('§ 35 SGB XII' in `norms`) or by field terms (`vocabulary_laws`,
    from `index.vocabulary.laws_of`); unique, cited ones first."""
    cited = [law_of_norm(n) for n in norms]
    return list(dict.fromkeys(cited + vocabulary_laws))
