"""The backup archive on disk: written atomically with checksums, read back only after proof.

Writing streams every member once through SHA-256 into a tar beside the target and renames it
into place, so a cron job never leaves half an archive under the real name; the file is 0600
from its creation on (it holds internal circulars and password hashes). Reading checks every
member — a plain file, a name that cannot leave the target folder (plus tarfile's `data`
filter), listed in the manifest with the same size and checksum — before a caller writes
anything; extraction checks the extracted files once more against the manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
import lzma
import os
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError

from kb.services.backup_manifest import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    Manifest,
    MemberEntry,
    valid_member_name,
)

WRITE_MODES = {".tar": "w", ".tar.gz": "w:gz", ".tgz": "w:gz", ".tar.xz": "w:xz", ".txz": "w:xz",
               ".tar.bz2": "w:bz2"}
_BROKEN = (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError, OSError)
_CHUNK = 1 << 20
_PROBE_ROOT = "/kb-wiederherstellung"  # where tarfile's data filter imagines the extraction
_MAX_MANIFEST = 64 << 20


@dataclass
class Source:
    """One member to write: a path, or a file already opened (e.g. while the write lock was held,
    so that a later atomic replace of the path does not change what is archived)."""

    name: str
    path: Path | None = None
    handle: BinaryIO | None = None

    def open(self) -> BinaryIO:
        return self.handle if self.handle is not None else open(self.path, "rb")


class _Hashing:
    """A reader that hashes what tarfile copies, at most `size` bytes (the size in the header)."""

    def __init__(self, raw: BinaryIO, size: int) -> None:
        self.raw, self.left, self.sha = raw, size, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(self.left if n < 0 else min(n, self.left))
        self.left -= len(data)
        self.sha.update(data)
        return data


def write_mode(target: Path) -> str:
    name = target.name.lower()
    for suffix in sorted(WRITE_MODES, key=len, reverse=True):
        if name.endswith(suffix):
            return WRITE_MODES[suffix]
    raise BackupError(f"Unbekannte Dateiendung bei '{target.name}': erwartet .tar, .tar.gz (.tgz), .tar.xz "
                      "oder .tar.bz2")


def write_archive(target: Path, sources: Iterable[Source], manifest: Manifest) -> Manifest:
    """Write all sources and then the manifest (with their sizes and checksums) to `target`."""
    mode = write_mode(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as raw:
            options = {"compresslevel": 6} if mode in ("w:gz", "w:bz2") else {}
            with tarfile.open(fileobj=raw, mode=mode, **options) as tar:
                for source in sources:
                    manifest.members.append(_add(tar, source))
                _add_bytes(tar, MANIFEST, manifest.model_dump_json(indent=2).encode())
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)
    return manifest


def _info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(time.time())
    return info


def _add(tar: tarfile.TarFile, source: Source) -> MemberEntry:
    with source.open() as fh:
        size = os.fstat(fh.fileno()).st_size
        reader = _Hashing(fh, size)
        tar.addfile(_info(source.name, size), reader)
    return MemberEntry(name=source.name, size=size, sha256=reader.sha.hexdigest())


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    tar.addfile(_info(name, len(data)), io.BytesIO(data))


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- reading -------------------------------------------------------------------------------
def scan_archive(path: Path) -> Manifest:
    """The archive's manifest, after every member has been checked; raises `BackupError`."""
    if not path.is_file():
        raise BackupError(f"Sicherungsdatei nicht gefunden: {path}")
    try:
        with tarfile.open(path, "r:*") as tar:
            raw, digests = _read_members(tar)
    except BackupError:
        raise
    except _BROKEN as exc:
        raise BackupError(f"Archiv beschädigt oder kein Sicherungsarchiv ({path.name}): {exc}") from exc
    manifest = _parse_manifest(raw)
    _compare(manifest, digests)
    return manifest


def _read_members(tar: tarfile.TarFile) -> tuple[bytes | None, dict[str, MemberEntry]]:
    raw: bytes | None = None
    digests: dict[str, MemberEntry] = {}
    for member in tar:
        check_member(member)
        if member.name in digests or (member.name == MANIFEST and raw is not None):
            raise BackupError(f"Eintrag doppelt im Archiv: {member.name}")
        fh = tar.extractfile(member)
        if member.name == MANIFEST:
            raw = fh.read(_MAX_MANIFEST)
            continue
        digests[member.name] = MemberEntry(name=member.name, size=member.size, sha256=file_digest(fh))
    return raw, digests


def check_member(member: tarfile.TarInfo) -> None:
    """Only plain files with a known, contained name; links, devices and folders are refused."""
    if not member.isfile():
        raise BackupError(f"Unzulässiger Eintrag im Archiv (Verknüpfung, Gerät oder Ordner): {member.name}")
    if member.name != MANIFEST and not valid_member_name(member.name):
        raise BackupError(f"Unzulässiger Pfad im Archiv (außerhalb des Zielordners oder unbekannt): {member.name}")
    try:
        tarfile.data_filter(member, _PROBE_ROOT)
    except tarfile.FilterError as exc:
        raise BackupError(f"Unzulässiger Eintrag im Archiv: {member.name} ({exc})") from exc


def file_digest(fh: BinaryIO) -> str:
    sha = hashlib.sha256()
    while block := fh.read(_CHUNK):
        sha.update(block)
    return sha.hexdigest()


def _parse_manifest(raw: bytes | None) -> Manifest:
    if raw is None:
        raise BackupError(f"Kein {MANIFEST} im Archiv: keine Sicherung dieses Programms")
    try:
        data = json.loads(raw)
        version = int(data.get("format_version", 0))
    except (ValueError, TypeError, AttributeError) as exc:
        raise BackupError(f"{MANIFEST} ist unlesbar: {exc}") from exc
    if data.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} stammt nicht von `kb backup` (Format {data.get('format')!r})")
    if version > FORMAT_VERSION:
        raise BackupError(f"Die Sicherung hat ein neueres Format (Version {version}); bitte zuerst das Programm "
                          "aktualisieren")
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        field = ".".join(str(part) for part in exc.errors()[0]["loc"])
        raise BackupError(f"{MANIFEST} ist ungültig (Feld {field})") from exc


def _compare(manifest: Manifest, found: dict[str, MemberEntry]) -> None:
    listed = {m.name: m for m in manifest.members}
    if missing := sorted(listed.keys() - found.keys()):
        raise BackupError(f"Eintrag fehlt im Archiv: {missing[0]}")
    if unlisted := sorted(found.keys() - listed.keys()):
        raise BackupError(f"Eintrag nicht im Manifest verzeichnet: {unlisted[0]}")
    if changed := [name for name in sorted(listed) if listed[name] != found[name]]:
        raise BackupError(f"Prüfsumme stimmt nicht: {changed[0]} (Archiv beschädigt oder verändert)")
    if manifest.database.member not in listed:
        raise BackupError(f"Die Datenbank ({manifest.database.member}) fehlt im Archiv")


def extract_archive(path: Path, manifest: Manifest, staging: Path) -> None:
    """Extract the listed members into `staging` (data filter on) and check them once more: the
    archive could have changed since it was scanned."""
    try:
        listed = {entry.name for entry in manifest.members}
        with tarfile.open(path, "r:*") as tar:
            members = [m for m in tar.getmembers() if m.name in listed]
            for member in members:
                check_member(member)
            tar.extractall(staging, members=members, filter="data")
    except BackupError:
        raise
    except _BROKEN as exc:
        raise BackupError(f"Archiv beim Auspacken unlesbar: {exc}") from exc
    for entry in manifest.members:
        with open(staging / entry.name, "rb") as fh:
            if file_digest(fh) != entry.sha256:
                raise BackupError(f"Prüfsumme stimmt nicht: {entry.name} (Archiv während der Wiederherstellung "
                                  "verändert)")
