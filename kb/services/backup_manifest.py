"""What a backup archive is: its manifest, its member names, and the one error type.

The manifest (`manifest.json`, the last member) lists every other member with size and SHA-256,
so a restore can prove the archive is complete and undamaged before it writes anything, and it
records what the snapshot holds (database kind, schema revision, generation, counts) so a restore
can refuse a wrong target and check the result against it.

Member names are fixed and few: `database/kb.sqlite3` or `database/kb.pgdump`, and the parts of
the data directory under `data/` (`data/index/…`, `data/files/…`, `data/jobs/…`,
`data/.secret_key`). Anything else in an archive is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import metadata
from pathlib import PurePosixPath
from typing import Literal

from pydantic import BaseModel, Field

FORMAT = "suedwestoption-kb-sicherung"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data"  # members below this name are restored into the data directory
DATABASE = "database"
SQLITE_MEMBER = f"{DATABASE}/kb.sqlite3"
PG_MEMBER = f"{DATABASE}/kb.pgdump"
DatabaseKind = Literal["sqlite", "postgresql"]
KIND_DE = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is German and says what to do."""


class MemberEntry(BaseModel):
    name: str
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class DatabaseInfo(BaseModel):
    kind: DatabaseKind
    member: str
    schema_revision: str | None = None
    server_version: str | None = None  # PostgreSQL: the server the dump was taken from


class Counts(BaseModel):
    documents: int = 0
    chunks: int = 0
    users: int = 0


class Manifest(BaseModel):
    format: Literal["suedwestoption-kb-sicherung"] = FORMAT
    format_version: int = FORMAT_VERSION
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    product_version: str = ""
    database: DatabaseInfo
    generation: int = 0
    counts: Counts = Field(default_factory=Counts)
    missing_files: list[str] = Field(default_factory=list)  # referenced originals not found on disk
    skipped: list[str] = Field(default_factory=list)  # staged files whose names cannot be archived safely
    members: list[MemberEntry] = Field(default_factory=list)

    def member(self, name: str) -> MemberEntry | None:
        return next((m for m in self.members if m.name == name), None)


def product_version() -> str:
    try:
        return metadata.version("suedwestoption-kb")
    except metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return "unbekannt"


def valid_member_name(name: str) -> bool:
    """A plain relative path below `data/` or `database/` (no '.', '..', '\\' or empty parts):
    such a name cannot point outside the folder it is extracted into."""
    if not name or "\\" in name or name.startswith("/") or "\x00" in name:
        return False
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return False
    return PurePosixPath(name).parts[0] in (DATA, DATABASE) and len(parts) >= 2


def data_member(relative: PurePosixPath | str) -> str:
    """The member name of a path relative to the data directory."""
    return f"{DATA}/{PurePosixPath(relative).as_posix()}"
