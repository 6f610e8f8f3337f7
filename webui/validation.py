"""German messages for rejected input: FastAPI's and pydantic's validation errors, translated.

Pydantic says "csrf: Field required" or "Input should be less than or equal to 9999"; people
here read German, and so should the JSON API (scripts show `msg` to their users). The error
*types* are stable across pydantic releases, the English texts are not, so the translation goes
by type and the numbers come from the error's context. Unknown types get a neutral German
sentence rather than the English original.

The JSON keeps FastAPI's shape (`detail`: list of `loc`, `msg`, `type`) without the rejected
`input` (it may be megabytes, or a password) and without `ctx` (it may hold exception objects
that cannot be serialised).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

LABELS = {
    "q": "Suchanfrage", "csrf": "Sicherheitstoken", "year": "Jahr", "k": "Trefferzahl",
    "offset": "Versatz", "limit": "Anzahl", "page": "Seite", "document_id": "Dokument-ID",
    "chunk_id": "Abschnitts-ID", "job_id": "Auftrags-ID", "chunk": "Abschnitts-ID", "with": "Vergleichsdokument",
    "mit": "Vergleichsdokument", "file": "Datei", "files": "Datei", "visibility": "Sichtbarkeit",
    "district": "Kreis", "doc_type": "Dokumenttyp", "type": "Dokumenttyp", "title": "Titel",
    "login": "Benutzername", "password": "Passwort", "role": "Rolle", "query": "Suchanfrage",
    "helpful": "Bewertung", "sort": "Sortierung", "mode": "Suchart", "date": "Datum",
    "valid_from": "Gültig ab", "valid_to": "Gültig bis", "replaces": "Ersetzt Dokument",
    "section": "Abschnitt", "abschnitt": "Abschnitt", "action": "Aktion", "hl": "Markierung",
}
_NUMBER = "muss eine ganze Zahl sein"
_DATE = "muss ein Datum im Format JJJJ-MM-TT sein"
_OBJECT = "muss ein JSON-Objekt sein"
MESSAGES = {
    "missing": "fehlt", "int_parsing": _NUMBER, "int_type": _NUMBER, "int_from_float": _NUMBER,
    "int_parsing_size": _NUMBER, "float_parsing": "muss eine Zahl sein", "float_type": "muss eine Zahl sein",
    "bool_parsing": "muss ja oder nein sein (true/false, 1/0)", "bool_type": "muss ja oder nein sein",
    "greater_than_equal": "muss mindestens {ge} sein", "greater_than": "muss größer als {gt} sein",
    "less_than_equal": "darf höchstens {le} sein", "less_than": "muss kleiner als {lt} sein",
    "string_too_long": "ist zu lang (höchstens {max_length} Zeichen)",
    "string_too_short": "ist zu kurz (mindestens {min_length} Zeichen)",
    "too_long": "hat zu viele Einträge (höchstens {max_length})",
    "too_short": "hat zu wenige Einträge (mindestens {min_length})",
    "string_pattern_mismatch": "hat ein ungültiges Format", "string_type": "muss Text sein",
    "string_unicode": "enthält ungültige Zeichen", "literal_error": "muss einer dieser Werte sein: {expected}",
    "enum": "muss einer dieser Werte sein: {expected}", "date_parsing": _DATE, "date_type": _DATE,
    "date_from_datetime_parsing": _DATE, "date_from_datetime_inexact": _DATE,
    "json_invalid": "ist kein gültiges JSON", "json_type": "ist kein gültiges JSON",
    "model_attributes_type": _OBJECT, "model_type": _OBJECT, "dict_type": _OBJECT,
    "list_type": "muss eine Liste sein", "extra_forbidden": "ist hier nicht erlaubt",
    "none_required": "muss leer sein",
}


def label(loc: Iterable[Any]) -> str:
    """'Jahr' for ('query', 'year', 0); the request body itself is 'Anfrage'."""
    names = [str(p) for p in loc if not isinstance(p, int) and p not in ("query", "path", "body", "form",
                                                                          "header", "cookie")]
    if not names:
        return "Anfrage"
    return LABELS.get(names[-1], f"„{'.'.join(names)}“")


def message(error: Mapping[str, Any]) -> str:
    """One error as a German sentence fragment: 'Jahr darf höchstens 9999 sein'."""
    context = {k: _german(v) for k, v in (error.get("ctx") or {}).items()}
    template = MESSAGES.get(str(error.get("type")), "ist ungültig")
    try:
        text = template.format(**context)
    except (KeyError, IndexError):  # a context pydantic did not send: the sentence without it
        text = template.split(" {")[0].split(":")[0]
    return f"{label(error.get('loc', ()))} {text}"


def _german(value: Any) -> str:
    return str(value).replace(" or ", " oder ").replace("'", "")


def german_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """FastAPI's error list with German `msg` and only JSON-safe fields."""
    return [{"loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
             "msg": message(e), "type": str(e.get("type", "value_error"))} for e in errors]


def summary(errors: Iterable[Mapping[str, Any]]) -> str:
    """All errors as one sentence for the HTML error page."""
    return "Ungültige Eingabe – " + "; ".join(dict.fromkeys(message(e) for e in errors)) + "."
