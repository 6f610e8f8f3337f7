"""The vocabulary file, `data/fachbegriffe.yaml`: reading and validating what domain experts wrote.

Maintainers edit the file without touching code, so every mistake YAML invites (unquoted
numbers, misspelt keys, a `same_as` pointing nowhere) is reported with where it is; the matcher
in `index.vocabulary` only ever sees valid entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from index.term_forms import phrase_forms, same_words

DEFAULT_PATH = Path(__file__).parent / "data" / "fachbegriffe.yaml"
_FIELDS = {"terms", "norm", "note", "same_as", "law"}
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is 10x faster


@dataclass(frozen=True)
class Entry:
    """One group of equivalent expressions, optionally with the norm it is about."""

    terms: tuple[str, ...]
    norm: str | None = None
    note: str | None = None
    law: str | None = None  # the one law the terms belong to ('Jobcenter' → SGB II)

    @property
    def names_law(self) -> bool:
        """The terms name a whole law ('Sozialhilfe' → norm 'SGB XII'), not one provision."""
        return bool(self.norm) and "§" not in self.norm and "Art." not in self.norm


def read_entries(path: Path | None = None) -> list[Entry]:
    """Read and validate the YAML file (default: the packaged `data/fachbegriffe.yaml`)."""
    source = Path(path) if path is not None else DEFAULT_PATH
    try:
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise ValueError(f"{source.name} ist kein gültiges YAML: {exc}") from exc
    return parse_entries(data, source.name)


def check_entry(entry: Entry, number: int) -> None:
    """A group needs a partner term to expand to; blank terms would match nothing or everything."""
    label = f"Eintrag {number + 1} ({', '.join(map(str, entry.terms)) or 'leer'})"
    if len(entry.terms) < 2:
        raise ValueError(f"{label}: mindestens zwei Begriffe nötig")
    if any(not isinstance(t, str) or not t.strip() or t != t.strip() for t in entry.terms):
        raise ValueError(f"{label}: leerer Begriff oder Leerzeichen am Rand")


def parse_entries(data: Any, source: str) -> list[Entry]:
    """Turn the YAML structure into entries; English `same_as` groups join their German entry."""
    if not isinstance(data, list):
        raise ValueError(f"{source}: erwartet wird eine Liste von Einträgen (- terms: [...])")
    groups: list[dict[str, Any]] = []
    aliases: list[tuple[str, list[str], str]] = []
    for number, item in enumerate(data, start=1):
        where = f"{source}, Eintrag {number}"
        terms = _read_terms(item, where)
        target = _text(item, "same_as", where)
        if target is not None:
            aliases.append((where, terms, target))
        else:
            norm, note, law = (_text(item, name, where) for name in ("norm", "note", "law"))
            groups.append({"terms": terms, "norm": norm, "note": note, "law": law})
    for where, terms, target in aliases:
        wanted = phrase_forms(target)
        group = next((g for g in groups for t in g["terms"]
                      if same_words(phrase_forms(t), wanted)), None)
        if group is None:
            raise ValueError(f"{where}: same_as '{target}' steht in keinem Eintrag")
        group["terms"].extend(terms)
    return [Entry(tuple(g["terms"]), g["norm"], g["note"], g["law"]) for g in groups]


def _read_terms(item: Any, where: str) -> list[str]:
    """The `terms` list, with the mistakes YAML invites (unquoted numbers, typos in keys) named."""
    if not isinstance(item, dict) or "terms" not in item:
        raise ValueError(f"{where}: 'terms:' fehlt")
    if unknown := sorted(set(item) - _FIELDS):
        raise ValueError(f"{where}: unbekannte Felder {unknown}")
    terms = item["terms"]
    if not isinstance(terms, list) or not terms:
        raise ValueError(f"{where}: 'terms' muss eine Liste [a, b, ...] sein")
    for term in terms:
        if not isinstance(term, str) or not term.strip():
            hint = "Zahlen und yes/no/on/off in Anführungszeichen setzen"
            raise ValueError(f"{where}: leerer oder ungültiger Begriff {term!r} ({hint})")
    return list(terms)


def _text(item: dict[str, Any], name: str, where: str) -> str | None:
    """An optional text field; YAML turns some unquoted values into numbers or booleans."""
    value = item.get(name)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ValueError(f"{where}: '{name}' muss ein Text sein")
    return value.strip() if value is not None else None
