"""Folding for comparing names users type with the names the network uses."""

from __future__ import annotations

import unicodedata


def fold(value: str) -> str:
    """Case, Unicode form and umlaut spelling removed: 'Südwestoption' and 'suedwestoption' meet,
    because names come from keyboards, file names and command lines that spell them either way."""
    text = unicodedata.normalize("NFKC", value).casefold().strip()
    return text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
