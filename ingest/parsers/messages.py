"""The German error messages users see when a file cannot be read.

Kept in one place so every parser names the file and says what to do in the same words.
"""

from __future__ import annotations

from ingest.errors import CorruptDocument, EmptyDocument, EncryptedDocument


def corrupt(name: str, kind: str, detail: object = None) -> CorruptDocument:
    """The file claims to be `kind` (e.g. "PDF") but cannot be read as such."""
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
