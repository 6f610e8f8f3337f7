"""Find client data (Sozialdaten) in a text before it is posted to the network.

The network's questions and answers are read by staff of every district; client data has no
place there (§ 35 SGB I). The check is conservative in the sense that it flags only patterns
that almost never occur in ordinary SGB II wording: numbers with their check digits verified
(IBAN, Steuer-ID, Rentenversicherungsnummer), the fixed shape of BG- and Kundennummern, a
labelled number ("Kd.-Nr. …"), a date next to "geb." or a named person, and a street with a
house number. Amounts ("563 €"), dates ("ab 01.01.2026"), § citations, court Aktenzeichen,
circular numbers ("Nr. 3/2025") and office phone extensions pass. Each finding carries a German
explanation the user sees, so they can remove exactly what was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["Finding", "find_personal_data", "refusal_message"]


@dataclass(frozen=True)
class Finding:
    """One suspected piece of client data: what kind, where, and why it is refused."""

    kind: str
    text: str
    start: int
    end: int
    explanation: str


_EXPLAIN = {
    "bg_nummer": "Eine BG-Nummer (Nummer der Bedarfsgemeinschaft) bezeichnet einen bestimmten Haushalt.",
    "kundennummer": "Eine Kundennummer bezeichnet eine bestimmte leistungsberechtigte Person.",
    "iban": "Eine IBAN ist die Bankverbindung einer bestimmten Person.",
    "geburtsdatum": "Ein Geburtsdatum zusammen mit einem Namen oder „geb.“ macht eine Person erkennbar.",
    "anschrift": "Straße und Hausnummer sind die Anschrift einer bestimmten Person.",
    "rv_nummer": "Eine Renten- bzw. Sozialversicherungsnummer bezeichnet eine bestimmte Person.",
    "steuer_id": "Eine Steuer-Identifikationsnummer bezeichnet eine bestimmte Person.",
}

_BG_RE = re.compile(r"\b\d{5}\s?BG\s?\d{7}\b")
_KUNDE_RE = re.compile(r"\b\d{3}[A-Z]\d{6}\b")
_LABEL_RE = re.compile(
    r"(?P<label>\bBG-?(?:Nr\.?|Nummer)|\bKd\.?-?\s?Nr\.?|\bKunden-?(?:nummer|nr\.?)"
    r"|\bVersicherungs-?(?:nummer|nr\.?)|\b(?:RV|SV)-(?:Nr\.?|Nummer)|\bRentenversicherungsnummer"
    r"|\bSozialversicherungsnummer|\bSteuer-?ID\b|\bSteueridentifikationsnummer|\bIdNr\.)"
    r"\s*:?\s*(?P<value>[A-Z0-9][A-Z0-9 ]{3,20}\d)", re.IGNORECASE)
_IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_DATE = r"(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>(?:19|20)\d{2})"
_BIRTH_RE = re.compile(r"(?:\bgeb\.(?:\s?am)?|\bgeboren\s(?:am\s)?|\bGeburtsdatum:?|\*)\s?" + _DATE)
_NAMED_DATE_RE = re.compile(
    r"\b(?:Herr|Frau|Hr\.|Fr\.)\s(?:[A-ZÄÖÜ][a-zäöüß]+\.?\s)?[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
    r"\s?(?:,\s?|\(\s?)" + _DATE)
_STREET_RE = re.compile(
    r"\b(?P<street>[A-ZÄÖÜ][a-zäöüß-]*(?:straße|strasse|str\.|gasse|allee|weg|platz|ring|damm|ufer)"
    r"|[A-ZÄÖÜ][a-zäöüß]+\s(?:Straße|Strasse|Str\.|Gasse|Allee))"
    r"\s(?P<number>\d{1,4}\s?[a-f]?)\b(?![/%€]|[.,]\d|\s?(?:€|Euro|Prozent|Abs\b|SGB|Nr\b))")
_NOT_STREETS = {"rechtsweg", "lösungsweg", "verwaltungsweg", "dienstweg", "bildungsweg", "arbeitsplatz",
                "ausbildungsplatz", "kitaplatz", "studienplatz", "stellplatz", "heimplatz", "platz",
                "weg", "ring", "ufer", "damm", "umweg", "zugangsweg", "werdegang", "krippenplatz"}
_RV_RE = re.compile(r"\b(?P<area>\d{2})\s?(?P<birth>\d{6})\s?(?P<letter>[A-Z])\s?(?P<serial>\d{2})(?P<check>\d)\b")
_TAX_RE = re.compile(r"(?<![\d-])(?:[1-9]\d{10}|[1-9]\d \d{3} \d{3} \d{3})(?![\d-])")


def _valid_date(match: re.Match[str]) -> bool:
    """A plausible date of birth: a real calendar day, not in the future."""
    try:
        born = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return False
    return born <= date.today()


def iban_valid(candidate: str) -> bool:
    """ISO 13616 mod-97 check: only real IBANs are flagged, not any long letter-digit code."""
    iban = candidate.replace(" ", "")
    if not 15 <= len(iban) <= 34 or (iban.startswith("DE") and len(iban) != 22):
        return False
    digits = "".join(str(int(ch, 36)) for ch in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def rv_valid(match: re.Match[str]) -> bool:
    """Check digit of the Rentenversicherungsnummer (letter as its alphabet position, weights
    2 1 2 5 7 1 2 1 2 1 2 1, sum of the products' digit sums mod 10)."""
    birth = match["birth"]
    if not (1 <= int(birth[:2]) <= 31 and 1 <= int(birth[2:4]) <= 12):
        return False
    digits = match["area"] + birth + f"{ord(match['letter']) - 64:02d}" + match["serial"]
    weights = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
    total = sum(sum(map(int, str(int(d) * w))) for d, w in zip(digits, weights, strict=True))
    return total % 10 == int(match["check"])


def tax_id_valid(candidate: str) -> bool:
    """Steuer-ID: 11 digits, one digit of the first ten repeated (twice or three times), and the
    ISO 7064 MOD 11,10 check digit; a phone number or amount almost never passes all three."""
    digits = candidate.replace(" ", "")
    counts = sorted((digits[:10].count(d) for d in set(digits[:10])), reverse=True)
    if len(digits) != 11 or digits[0] == "0" or counts[0] not in (2, 3) or counts.count(counts[0]) > 1:
        return False
    product = 10
    for d in digits[:10]:
        total = (int(d) + product) % 10 or 10
        product = (total * 2) % 11
    return (11 - product) % 10 == int(digits[10])


def _finding(kind: str, match: re.Match[str], group: int | str = 0) -> Finding:
    return Finding(kind, match[group].strip(), match.start(group), match.end(group), _EXPLAIN[kind])


def _label_kind(label: str) -> str:
    low = label.lower()
    if low.startswith("bg"):
        return "bg_nummer"
    if low.startswith(("kd", "kunden")):
        return "kundennummer"
    return "steuer_id" if low.startswith(("steuer", "idnr")) else "rv_nummer"


def _labelled(text: str) -> list[Finding]:
    """A number right after its label ("Kd.-Nr. 123D456789"): the label says what it is."""
    found = []
    for match in _LABEL_RE.finditer(text):
        if sum(ch.isdigit() for ch in match["value"]) >= 4:
            found.append(_finding(_label_kind(match["label"]), match))
    return found


def _numbers(text: str) -> list[Finding]:
    """Numbers recognisable by their shape and check digits alone."""
    found = [_finding("bg_nummer", m) for m in _BG_RE.finditer(text)]
    found += [_finding("kundennummer", m) for m in _KUNDE_RE.finditer(text)]
    found += [_finding("iban", m) for m in _IBAN_RE.finditer(text) if iban_valid(m[0])]
    found += [_finding("rv_nummer", m) for m in _RV_RE.finditer(text) if rv_valid(m)]
    found += [_finding("steuer_id", m) for m in _TAX_RE.finditer(text) if tax_id_valid(m[0])]
    return found


def _persons(text: str) -> list[Finding]:
    """Dates of birth and street addresses."""
    found = [_finding("geburtsdatum", m) for m in _BIRTH_RE.finditer(text) if _valid_date(m)]
    found += [_finding("geburtsdatum", m) for m in _NAMED_DATE_RE.finditer(text) if _valid_date(m)]
    for match in _STREET_RE.finditer(text):
        if match["street"].lower() not in _NOT_STREETS:
            found.append(_finding("anschrift", match))
    return found


def _overlaps(finding: Finding, kept: list[Finding]) -> bool:
    return any(finding.start < other.end and other.start < finding.end for other in kept)


def find_personal_data(text: str) -> list[Finding]:
    """All suspected client data in reading order; overlapping findings are reported once."""
    kept: list[Finding] = []
    candidates = _labelled(text) + _numbers(text) + _persons(text)
    for finding in sorted(candidates, key=lambda f: (f.start, -(f.end - f.start))):
        if not _overlaps(finding, kept):
            kept.append(finding)
    return kept


def refusal_message(findings: list[Finding]) -> str:
    """The German message shown when a post is refused: what was found and why."""
    lines = [f"„{f.text}“: {f.explanation}" for f in findings]
    return ("Der Text enthält vermutlich Sozialdaten und wurde nicht gespeichert. Bitte entfernen Sie "
            "diese Angaben (Anonymisieren Sie den Fall): " + " ".join(lines))
