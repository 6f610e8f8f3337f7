"""A folder uploaded as a ZIP archive, expanded without trusting it.

An archive is input from a browser: its member names may be absolute or climb out with `..`, its
headers may understate what a member inflates to (a zip bomb), it may hold thousands of entries.
So the member count and the declared sizes are checked before anything is read, every member is
read with a bound whatever its header says, and names are reduced to safe relative paths. A
breach refuses the whole upload with a German message (nothing is stored); members that are no
documents (folders, hidden or program files, formats without a parser) are skipped with a reason.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from ingest.errors import IngestError
from ingest.parsers.base import parsers
from ingest.parsers.container import ContainerBreach, ZipBounds, check_declared, read_member
from ingest.pipeline import IGNORED_NAMES
from kb.config import JobSettings

MAX_DEPTH = 8  # folder levels kept of a member's path
SIDECAR = ".meta.json"


class UploadRefused(IngestError):
    """The upload as a whole is refused (limits, a damaged archive); nothing of it is stored."""


@dataclass(frozen=True)
class ZipLimits(ZipBounds):
    """The upload limits of the settings, checked as any container's (`ingest.parsers.container`)."""

    @classmethod
    def of(cls, jobs: JobSettings) -> ZipLimits:
        return cls(jobs.zip_max_members, jobs.zip_max_member_mb * 1_000_000, jobs.zip_max_total_mb * 1_000_000)


def safe_name(raw: str) -> str | None:
    """A relative path without drive, root, `.` or `..` and without control characters;
    None when nothing of the name is left ('../../' → None, '/etc/x.md' → 'etc/x.md')."""
    parts = []
    for part in raw.replace("\\", "/").split("/"):
        part = re.sub(r"[\x00-\x1f\x7f]", "", part).strip()
        if part in ("", ".", "..") or re.fullmatch(r"[A-Za-z]:", part):
            continue
        parts.append(shorten(part))
    return "/".join(parts[-MAX_DEPTH:]) or None


def shorten(part: str, max_bytes: int = 200) -> str:
    """At most `max_bytes` in UTF-8 (file systems allow 255 bytes, and 'ä' is two), the
    extension kept: 500 characters of name still end in '.txt' and can be staged."""
    if len(part.encode()) <= max_bytes:
        return part
    stem, dot, suffix = part.rpartition(".")
    suffix = f".{suffix}" if dot and stem and len(suffix.encode()) <= 16 else ""
    stem = (stem if suffix else part).encode()[: max_bytes - len(suffix.encode())]
    return stem.decode("utf-8", errors="ignore").rstrip() + suffix


def is_sidecar(name: str) -> bool:
    return name.lower().endswith(SIDECAR)


def skip_reason(name: str) -> str | None:
    """Why a member is no document to ingest; None for one that is (sidecars are kept as such)."""
    if is_sidecar(name):
        return None
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip":
        return "ZIP-Archiv im Archiv wird nicht entpackt"
    if IGNORED_NAMES.search(name):
        return "keine Dokumentdatei (versteckte, Begleit- oder Programmdatei)"
    if suffix not in {ext for parser in parsers() for ext in parser.extensions}:
        return f"Format nicht unterstützt ({suffix or 'ohne Endung'})"
    return None


def open_archive(data: bytes, name: str, limits: ZipLimits) -> zipfile.ZipFile:
    """The archive, after checking what its directory declares against the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UploadRefused(f"'{name}' ist kein lesbares ZIP-Archiv ({exc}).") from exc
    try:
        check_declared(archive, limits)
    except ContainerBreach as exc:
        raise UploadRefused(f"'{name}' {exc}. Bitte in kleineren Teilen hochladen.") from exc
    return archive


def read_bounded(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, refusing it as soon as it inflates past `limit` (headers can lie)."""
    try:
        return read_member(archive, member, limit)
    except ContainerBreach as exc:
        raise UploadRefused(f"'{member.filename}' wird entpackt größer als erlaubt "
                            f"({limit / 1e6:.0f} MB); das Archiv wird abgelehnt.") from exc
    except zipfile.BadZipFile as exc:  # damaged data, bad CRC
        raise UploadRefused(f"'{member.filename}' ist im Archiv beschädigt ({exc}).") from exc


def expand(data: bytes, name: str, limits: ZipLimits, skipped: list[dict]) -> Iterator[tuple[str, bytes]]:
    """(safe relative name, bytes) of each document or sidecar in the archive; what is left out
    is appended to `skipped` as {"name", "reason"}."""
    archive = open_archive(data, name, limits)
    for member in archive.infolist():
        reason, clean = _member_check(member)
        if reason:
            skipped.append({"name": clean or member.filename, "reason": reason})
            continue
        try:
            content = read_bounded(archive, member, limits.max_member_bytes)
        except NotImplementedError as exc:  # a compression method zipfile cannot read
            skipped.append({"name": clean, "reason": f"Kompression nicht unterstützt ({exc})"})
            continue
        yield clean, content


def _member_check(member: zipfile.ZipInfo) -> tuple[str | None, str | None]:
    clean = safe_name(member.filename)
    if member.is_dir():
        return "Ordner (sein Inhalt wird einzeln eingelesen)", clean
    if clean is None:
        return "ungültiger Name", None
    if member.flag_bits & 0x1:
        return "verschlüsselt", clean
    return skip_reason(clean), clean
