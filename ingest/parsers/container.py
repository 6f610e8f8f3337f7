"""ZIP containers read without trusting them: ODF, OOXML (DOCX, PPTX, XLSX) and uploaded archives.

An office file is a ZIP archive, so it can be a zip bomb: a few kilobytes whose members declare
(or inflate to) gigabytes, or hold a million entries. The member count and the declared sizes are
checked before anything is read; every member read here is read in steps and refused as soon as
it, or all members read so far, pass the bound — whatever its header says. The libraries that
read a container themselves (python-docx, python-pptx, openpyxl) go through `zipfile`, which never
inflates a member past its declared size, so the declared check bounds them too.

An office file's total is the parse limit in force (`KB_MAX_UNPACKED_MB`, `ingest.limits`):
declared or actually inflated beyond it, the file is refused with that limit's message.
`kb.services.zip_upload` uses the same checks for uploaded folders, with its own limits.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from ingest import limits

_STEP = 1 << 20
ZIP_MAGIC = b"PK\x03\x04"


class ContainerBreach(Exception):
    """A container passes a bound; the message is German and names the member."""


@dataclass(frozen=True)
class ZipBounds:
    """How much a container may hold: entries, uncompressed bytes per member and in total."""

    max_members: int = 10_000
    max_member_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 512 * 1024 * 1024


OFFICE_BOUNDS = ZipBounds()


def check_declared(archive: zipfile.ZipFile, bounds: ZipBounds) -> None:
    """Refuse what the central directory itself declares beyond the bounds (before any reading)."""
    members = archive.infolist()
    if len(members) > bounds.max_members:
        raise ContainerBreach(f"enthält {len(members)} Einträge; erlaubt sind höchstens {bounds.max_members}")
    biggest = max((m.file_size for m in members), default=0)
    if biggest > bounds.max_member_bytes:
        raise ContainerBreach(f"enthält eine Datei von {biggest / 1e6:.0f} MB (entpackt); erlaubt sind "
                              f"höchstens {bounds.max_member_bytes / 1e6:.0f} MB je Datei")
    total = sum(m.file_size for m in members)
    if total > bounds.max_total_bytes:
        raise ContainerBreach(f"ist entpackt {total / 1e6:.0f} MB groß; erlaubt sind höchstens "
                              f"{bounds.max_total_bytes / 1e6:.0f} MB")


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo | str, limit: int) -> bytes:
    """The member's bytes, refused as soon as it inflates past `limit` (headers can lie).
    Damaged data (bad CRC, truncated stream) raises `zipfile.BadZipFile`."""
    data = bytearray()
    name = member.filename if isinstance(member, zipfile.ZipInfo) else member
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_STEP):
                data += chunk
                if len(data) > limit:
                    raise ContainerBreach(f"'{name}' wird entpackt größer als erlaubt ({limit / 1e6:.0f} MB)")
    except (EOFError, OSError) as exc:
        raise zipfile.BadZipFile(str(exc)) from exc
    return bytes(data)


class Container:
    """An opened, checked container whose members are read with a running total."""

    def __init__(self, data: bytes, bounds: ZipBounds | None = None) -> None:
        """Raises `zipfile.BadZipFile` for a damaged archive, `ContainerBreach` past the bounds,
        `limits.LimitExceeded` past the unpack limit of an office file (`bounds` None)."""
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except ValueError as exc:  # e.g. a negative offset in a forged directory
            raise zipfile.BadZipFile(str(exc)) from exc
        self.unpacked = limits.UnpackBudget() if bounds is None else None
        self.bounds = bounds or office_bounds(self.unpacked.limits)
        if self.unpacked and sum(m.file_size for m in self.archive.infolist()) > self.bounds.max_total_bytes:
            raise limits.too_big_unpacked(self.unpacked.limits)  # the headers alone already say too much
        check_declared(self.archive, self.bounds)
        self.names = set(self.archive.namelist())
        self._read_total = 0

    def read(self, name: str) -> bytes:
        """One member (KeyError if absent), counted against the total of everything read."""
        room = min(self.bounds.max_member_bytes, self.bounds.max_total_bytes - self._read_total)
        if self.unpacked:
            data = limits.read_member(self.archive, name, self.unpacked)
        else:
            data = read_member(self.archive, name, room)
        self._read_total += len(data)
        return data


def office_bounds(bound: limits.Limits) -> ZipBounds:
    """An office file may unpack to the parse limit in force, one member to at most that."""
    total = bound.max_unpacked_bytes
    return ZipBounds(max_member_bytes=min(OFFICE_BOUNDS.max_member_bytes, total), max_total_bytes=total)


_OOXML_KINDS = (
    (b"presentationml.presentation.main+xml", "pptx"), (b"presentationml.slideshow.main+xml", "pptx"),
    (b"presentationml.template.main+xml", "pptx"), (b"ms-powerpoint.presentation.macroEnabled", "pptx"),
    (b"spreadsheetml.sheet.main+xml", "xlsx"), (b"spreadsheetml.template.main+xml", "xlsx"),
    (b"ms-excel.sheet.macroEnabled.main+xml", "xlsx"),
    (b"wordprocessingml.document.main+xml", "docx"), (b"wordprocessingml.template.main+xml", "docx"),
    (b"ms-word.document.macroEnabled.main+xml", "docx"),
)
_ODF_KINDS = {b"application/vnd.oasis.opendocument.text": "odt",
              b"application/vnd.oasis.opendocument.spreadsheet": "ods",
              b"application/vnd.oasis.opendocument.presentation": "odp"}


def container_kind(data: bytes) -> str | None:
    """'odt', 'ods', 'odp', 'docx', 'pptx' or 'xlsx' from the container's own declaration (ODF's
    `mimetype` member, OOXML's `[Content_Types].xml`); None for anything else, a damaged archive
    or one past the bounds (its parser, chosen by the first bytes, then says why)."""
    if not data.startswith(ZIP_MAGIC):
        return None
    try:
        container = Container(data, OFFICE_BOUNDS)  # only sniffing: the parser applies the parse limits
        if "mimetype" in container.names:
            return _ODF_KINDS.get(container.read("mimetype").strip())
        if "[Content_Types].xml" in container.names:
            types = container.read("[Content_Types].xml")
            return next((kind for marker, kind in _OOXML_KINDS if marker in types), None)
    except (zipfile.BadZipFile, ContainerBreach, KeyError, NotImplementedError):
        return None
    return None


def odf_kind_in_head(head: bytes) -> str | None:
    """The ODF kind from the first bytes: ODF requires `mimetype` as the first, stored member,
    so its content stands at byte 38 — readable even when the archive is truncated."""
    if not (head.startswith(ZIP_MAGIC) and head[30:38] == b"mimetype"):
        return None
    return next((kind for marker, kind in _ODF_KINDS.items() if head[38:].startswith(marker)), None)
