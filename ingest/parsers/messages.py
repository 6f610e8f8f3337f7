"""The German error messages users see when a file cannot be read.

Kept in one place so every parser names the file and says what to do in the same words. What a
library said about a damaged file ("Invalid object in /Pages", "File is not a zip file") is
English and means nothing to a caseworker: it goes to the log for the administrator, the user
reads a German sentence.
"""

from __future__ import annotations

import errno
import logging

from ingest.errors import CorruptDocument, EmptyDocument, EncryptedDocument, IngestError

log = logging.getLogger(__name__)


def corrupt(name: str, kind: str, detail: object = None) -> CorruptDocument:
    """The file claims to be `kind` (e.g. "PDF") but cannot be read as such. A German `detail`
    is shown; an exception (a library's English words) is only logged."""
    if isinstance(detail, BaseException):
        log.warning("%s: keine lesbare %s-Datei: %s: %s", name, kind, type(detail).__name__, detail)
        detail = None
    reason = f" ({_short(detail)})" if detail else ""
    return CorruptDocument(
        f"'{name}' ist beschädigt oder keine gültige {kind}-Datei{reason}. "
        f"Bitte die Datei im Originalprogramm öffnen, neu speichern und erneut hochladen."
    )


def encrypted(name: str) -> EncryptedDocument:
    """The file needs a password we do not have."""
    return EncryptedDocument(
        f"'{name}' ist passwortgeschützt und kann nicht gelesen werden. "
        "Bitte eine Fassung ohne Kennwort bzw. Verschlüsselung hochladen."
    )


def empty(name: str, hint: str = "") -> EmptyDocument:
    """The file was read but holds no usable text; `hint` names the likely cause."""
    cause = f" ({hint})" if hint else ""
    return EmptyDocument(
        f"'{name}' enthält keinen Text{cause}. "
        "Bitte eine Fassung mit Text hochladen (bei Scans: vorher Texterkennung/OCR ausführen)."
    )


def unreadable(name: str, cause: BaseException) -> CorruptDocument:
    """A parser failed in a way it did not foresee; the cause is logged with its traceback."""
    log.warning("%s: Einlesen fehlgeschlagen: %s: %s", name, type(cause).__name__, cause, exc_info=cause)
    return CorruptDocument(
        f"'{name}' konnte nicht gelesen werden: Die Datei ist beschädigt oder in einer Form "
        "gespeichert, die nicht unterstützt wird. Bitte im Originalprogramm öffnen, neu speichern "
        "(z. B. als PDF oder DOCX) und erneut hochladen."
    )


_OS_REASONS = {errno.ENOENT: "nicht vorhanden", errno.EACCES: "keine Leseberechtigung",
               errno.EPERM: "keine Leseberechtigung", errno.EISDIR: "ist ein Ordner"}


def not_readable(path: object, cause: OSError) -> IngestError:
    """The operating system refused the file (its English `strerror` goes to the log)."""
    log.warning("%s: nicht lesbar: %s", path, cause)
    return IngestError(f"Datei nicht lesbar ({_OS_REASONS.get(cause.errno, 'Lesefehler')})")


def require_content(data: bytes, name: str) -> None:
    """Raise EmptyDocument for a 0-byte (or whitespace-only) upload before any parsing."""
    if not data.strip():
        raise EmptyDocument(
            f"'{name}' ist leer (0 Bytes Inhalt). Bitte prüfen, ob die Datei vollständig "
            "gespeichert bzw. heruntergeladen wurde, und erneut hochladen."
        )


def _short(detail: object, limit: int = 120) -> str:
    text = " ".join(str(detail).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
