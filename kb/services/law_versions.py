"""The versions of a law as the principal may see them, and picking two of them to compare.

Every ingested law text is a version in the series `law:<name of today>`
(`kb.services.versions.law_series`). Versions are picked by number ("2") or by a day
("2026-05-01": the version in force then, `kb.services.validity.state_on`); by default the two
newest. Only versions the principal may see count — an internal district copy of a law is no
version for a reader of another district.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from ingest.legal import canonical_law, current_law_name, former_law_names
from kb.db.models import Document
from kb.domain import DocType
from kb.services.law_schemas import LawVersion
from kb.services.validity import state_on
from kb.services.versions import law_series


class VersionNotFound(LookupError):
    """A `from`/`to` that names no version of the law; the message is German, for the user."""


class NothingToCompare(VersionNotFound):
    """The law has a single version (for this principal): there is no change to show."""


def law_name(law: str) -> str:
    """The name of today of a law written any known way ("Bürgergeld-V" → "GrusiGV")."""
    cleaned = " ".join(law.split())
    return current_law_name(canonical_law(cleaned) or cleaned)


def former_names(law: str) -> list[str]:
    return list(former_law_names(law))


def versions_of(session: Session, law: str, visible: ColumnElement[bool]) -> list[Document]:
    """The visible texts of the law (its name of today), oldest version first."""
    return list(session.scalars(select(Document).where(Document.series_key == law_series(law), visible)
                                .order_by(Document.version, Document.id)))


def laws_with_versions(session: Session, visible: ColumnElement[bool]) -> dict[str, list[Document]]:
    """Every law with more than one visible version: name of today → versions, oldest first."""
    rows = session.scalars(select(Document).where(Document.doc_type == DocType.GESETZ.value,
                                                  Document.series_key.like("law:%"), visible)
                           .order_by(Document.version, Document.id))
    found: dict[str, list[Document]] = defaultdict(list)
    for doc in rows:
        found[doc.series_key.removeprefix("law:")].append(doc)
    return {law: docs for law, docs in sorted(found.items()) if len(docs) > 1}


def version_info(doc: Document, today: date | None = None) -> LawVersion:
    stated = doc.stand is not None
    return LawVersion(
        id=doc.id, version=doc.version, title=doc.title, source=doc.source_name, law=doc.law,
        stand=doc.stand if stated else doc.created_at.date(), stand_note=doc.stand_note,
        stand_stated=stated, valid_from=doc.valid_from, state=state_on(doc, today or date.today()),
        district=doc.district, visibility=doc.visibility)


def pick_pair(versions: list[Document], law: str, first: str | None, second: str | None,
              ) -> tuple[Document, Document]:
    """The two versions to compare, older first: as asked, else the two newest; `from` alone
    compares with the newest, `to` alone with the version before it."""
    if len(versions) < 2:
        raise NothingToCompare(f"Von {law} ist nur eine Fassung eingelesen; zum Vergleich braucht es zwei.")
    newer = pick(versions, law, second) if second else versions[-1]
    if first:
        older = pick(versions, law, first)
    else:
        before = [v for v in versions if (v.version, v.id) < (newer.version, newer.id)]
        if not before:
            raise VersionNotFound(f"Vor Fassung {newer.version} von {law} ist keine Fassung eingelesen.")
        older = before[-1]
    if older.id == newer.id:
        raise VersionNotFound(f"„Von“ und „bis“ bezeichnen dieselbe Fassung ({older.version}) von {law}.")
    return tuple(sorted((older, newer), key=lambda d: (d.version, d.id)))  # type: ignore[return-value]


def pick(versions: list[Document], law: str, spec: str) -> Document:
    """One version: by its number, or by a day (the version in force then)."""
    spec = spec.strip()
    if spec.isascii() and spec.isdigit():  # '²'.isdigit() is True, int('²') fails
        found = [v for v in versions if v.version == int(spec)]
        if not found:
            numbers = ", ".join(str(v.version) for v in versions)
            raise VersionNotFound(f"{law} hat keine Fassung {spec} (eingelesen: {numbers}).")
        return found[-1]
    day = _day(spec)
    in_force = [v for v in versions if state_on(v, day) == "current"]
    if not in_force:
        raise VersionNotFound(f"Am {day:%d.%m.%Y} galt keine eingelesene Fassung von {law}.")
    return in_force[-1]


def _day(spec: str) -> date:
    try:
        return date.fromisoformat(spec)
    except ValueError:
        raise VersionNotFound(f"„{spec[:40]}“ ist weder eine Fassungsnummer noch ein Datum "
                              "(JJJJ-MM-TT).") from None
