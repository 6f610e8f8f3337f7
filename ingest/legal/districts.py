"""The districts of the Südwestoption network and the ways their names are written.

Letterheads write "St. Wendel", "Sankt Wendel" or "Landkreis Kusel"; filters and statistics need
one spelling per district, so every source of a district name goes through `parse_district`
(what a user states) or `detect_district` (what a document's letterhead says).
"""

from __future__ import annotations

import re

from ingest.errors import IngestError
from ingest.legal.folding import fold

DISTRICTS: tuple[str, ...] = (
    "Saarlouis", "St. Wendel", "Saarpfalz-Kreis", "Südwestpfalz",
    "Vulkaneifel", "Mayen-Koblenz", "Kusel", "Mainz-Bingen",
)
NETWORK = "Südwestoption"
"""Documents of the whole network (no single district) carry the network's name."""

DISTRICT_PATTERNS: dict[str, str] = {
    "Saarlouis": r"Saarlouis", "St. Wendel": r"St\.?\s*Wendel|Sankt\s+Wendel",
    "Saarpfalz-Kreis": r"Saarpfalz(?:-Kreis)?", "Südwestpfalz": r"S(?:ü|ue)dwestpfalz",
    "Vulkaneifel": r"Vulkaneifel", "Mayen-Koblenz": r"Mayen-Koblenz",
    "Kusel": r"\bKusel\b", "Mainz-Bingen": r"Mainz-Bingen",
}
"""district -> regex of its spellings (case is ignored wherever they are used)."""


def parse_district(value: str) -> str:
    """Canonical spelling of a district ('st wendel' → 'St. Wendel', 'netzwerk' → the network).

    Anything else is refused: a district is a filter, a facet and the boundary of internal
    documents, so a typo or `<b>Atlantis</b>` must not become a ninth district.
    """
    cleaned = value.strip()
    for name, pattern in DISTRICT_PATTERNS.items():
        if re.fullmatch(rf"(?:Landkreis\s+|Kreis\s+)?(?:{pattern})", cleaned, re.I):
            return name
    if fold(cleaned) in {fold(NETWORK), "netzwerk"}:
        return NETWORK
    if not cleaned:
        raise IngestError("Leerer Kreisname")
    shown = cleaned if len(cleaned) <= 60 else cleaned[:59] + "…"
    raise IngestError(f"Unbekannter Kreis '{shown}' (erlaubt: {', '.join(DISTRICTS)} oder „netzwerk“)")


def detect_district(text: str) -> str | None:
    """The one network district named in the letterhead; None when none or several compete."""
    counts = {n: len(re.findall(p, text, re.I)) for n, p in DISTRICT_PATTERNS.items()}
    named = sorted(((c, n) for n, c in counts.items() if c), reverse=True)
    if not named or (len(named) > 1 and named[0][0] == named[1][0]):
        return None
    return named[0][1]
