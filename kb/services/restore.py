"""`kb restore`: an archive back into the configured data directory and database, proven first.

Order, so that a bad archive or a wrong target never costs data: the whole archive is checked
(`scan_archive`: names, types, every checksum) and the target is checked (same database kind, a
schema this program knows, empty unless `--force`) before anything is written. Then the archive
is extracted into a hidden folder inside the data directory — on the same file system even when
the data directory is a mount point, so every later move is a rename — and checked once more;
the database is restored (PostgreSQL: `pg_restore` in one transaction); finally the old entries
of the data directory are moved aside and the new ones moved in, each a rename, undone if one
fails. The model and the embedding cache stay where they are: they are not in an archive.

The server must be stopped while restoring: it holds the old database open.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import func, select

from kb.access import SYSTEM
from kb.config import Settings
from kb.db.engine import MIGRATIONS, make_engine, migrate, session_factory
from kb.db.models import User
from kb.services import audit, pg_tools, store
from kb.services.backup import write_lock
from kb.services.backup_archive import extract_archive, scan_archive
from kb.services.backup_manifest import (
    DATA,
    KIND_DE,
    PG_MEMBER,
    SQLITE_MEMBER,
    BackupError,
    Counts,
    DatabaseKind,
    Manifest,
)
from kb.services.db_snapshot import database_kind, sqlite_path

KEEP = frozenset({".write.lock", "models", "cache"})  # never in an archive; kept through --force


@dataclass
class RestoreReport:
    manifest: Manifest
    data_dir: Path
    counts: Counts  # read from the restored database
    generation: int
    replaced: list[str]  # what --force replaced (empty: the target was empty)


def check_backup(archive: Path) -> Manifest:
    """Everything a restore checks about the archive itself; nothing is written."""
    manifest = scan_archive(archive)
    revision = manifest.database.schema_revision
    if revision and revision not in _known_revisions():
        raise BackupError(f"Die Sicherung stammt von einer neueren Programmversion (Datenbankschema {revision}); "
                          "bitte zuerst das Programm aktualisieren")
    return manifest


def _known_revisions() -> set[str]:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}


def restore_backup(settings: Settings, archive: Path, force: bool = False) -> RestoreReport:
    manifest = check_backup(archive)
    target = Target.of(settings, manifest.database.kind)
    occupied = target.occupied()
    if occupied and not force:
        raise BackupError(f"Nicht leer: {', '.join(occupied)}. Mit --force wird der Inhalt ersetzt "
                          "(Modell und Zwischenspeicher bleiben).")
    target.data_dir.mkdir(parents=True, exist_ok=True)
    with write_lock(settings.storage), _staging(target.data_dir) as staging:
        extract_archive(archive, manifest, staging)
        target.place_database(staging, clean=bool(occupied))
        swap_contents(target.data_dir, staging / DATA, staging)
    counts, generation = _opened(target.url, manifest)
    return RestoreReport(manifest, target.data_dir, counts, generation, occupied)


@dataclass
class Target:
    """Where the configured store lives: data directory and database."""

    data_dir: Path
    url: str
    kind: DatabaseKind

    @classmethod
    def of(cls, settings: Settings, archived: DatabaseKind) -> Target:
        url = settings.storage.sqlalchemy_url
        kind = database_kind(url)
        if kind != archived:
            raise BackupError(f"Falsche Datenbankart: Die Sicherung enthält eine {KIND_DE[archived]}-Datenbank, "
                              f"eingestellt ist {KIND_DE[kind]} (KB_DATABASE_URL)")
        return cls(settings.storage.resolved_data_dir, url, kind)

    @property
    def outside_sqlite(self) -> Path | None:
        """An SQLite file configured outside the data directory (it is restored on its own)."""
        if self.kind != "sqlite":
            return None
        path = sqlite_path(self.url)
        return None if path.is_relative_to(self.data_dir) else path

    def occupied(self) -> list[str]:
        found = []
        if self.data_dir.is_dir() and any(entry.name not in KEEP for entry in self.data_dir.iterdir()):
            found.append(f"Datenverzeichnis {self.data_dir}")
        if self.outside_sqlite and self.outside_sqlite.exists():
            found.append(f"Datenbankdatei {self.outside_sqlite}")
        if self.kind == "postgresql" and pg_tools.user_tables(self.url):
            found.append(f"Datenbank {pg_tools.describe(self.url)}")
        return found

    def place_database(self, staging: Path, clean: bool) -> None:
        if self.kind == "postgresql":
            pg_tools.restore_dump(staging / PG_MEMBER, self.url, clean)
            (staging / PG_MEMBER).unlink()
            return
        source, outside = staging / SQLITE_MEMBER, self.outside_sqlite
        if outside is None:
            inside = staging / DATA / sqlite_path(self.url).relative_to(self.data_dir)
            inside.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, inside)
        else:
            _replace_file(source, outside)


def _replace_file(source: Path, target: Path) -> None:
    """Put an SQLite file in place; the old one's WAL must go too, or SQLite would replay it
    into the restored database."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.wiederherstellung")
    shutil.copyfile(source, tmp)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(tmp, target)


@contextmanager
def _staging(data_dir: Path) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=".wiederherstellung-", dir=data_dir))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def swap_contents(data_dir: Path, new: Path, staging: Path) -> None:
    """Move the old entries aside (into `staging`) and the new ones in, each by a rename; when
    one fails, every move is undone and the old state stays."""
    old = staging / "alt"
    old.mkdir()
    new.mkdir(exist_ok=True)
    moves: list[tuple[Path, Path]] = []
    try:
        for entry in sorted(data_dir.iterdir()):
            if entry.name not in KEEP and entry != staging:
                os.replace(entry, old / entry.name)
                moves.append((entry, old / entry.name))
        for entry in sorted(new.iterdir()):
            if entry.name not in KEEP:
                os.replace(entry, data_dir / entry.name)
                moves.append((entry, data_dir / entry.name))
    except OSError as exc:
        for origin, moved in reversed(moves):
            os.replace(moved, origin)
        raise BackupError(f"Austausch im Datenverzeichnis fehlgeschlagen, alter Stand bleibt: {exc}") from exc


def _opened(url: str, manifest: Manifest) -> tuple[Counts, int]:
    """Open the restored database (migrating an older schema), record the restore, and check
    it holds what the manifest says."""
    engine = make_engine(url)
    try:
        migrate(engine)
        with session_factory(engine).begin() as session:
            documents, chunks, _pages = store.count_rows(session)
            counts = Counts(documents=documents, chunks=chunks, users=session.scalar(select(func.count(User.id))))
            generation = store.generation(session)
            audit.record(session, SYSTEM, "restore", "backup", None,
                         {"created_at": manifest.created_at.isoformat(), "generation": manifest.generation})
    finally:
        engine.dispose()
    if counts != manifest.counts or generation != manifest.generation:
        raise BackupError(f"Wiederhergestellt, aber der Bestand weicht vom Manifest ab: {counts} (Generation "
                          f"{generation}) statt {manifest.counts} (Generation {manifest.generation})")
    return counts, generation
