"""`kb backup`: one archive with database, indexes, originals and staged uploads, taken online.

The snapshot is fixed under the Ingestor's write lock (`data_dir/.write.lock`, the lock every
committing writer holds): the database snapshot is opened, the SQLite files among the indexes get
a read transaction, the other index files are opened. That takes milliseconds; the lock is then
released and the copies are written from what was fixed, while ingesting goes on. The index files
may lag behind the database (the FAISS file is saved once per ingest batch): the manifest's
generation is the database's, and on opening a restored store every index whose own stamp
differs is rebuilt from the stored vectors — the existing rule, so the pair is never
inconsistent, only sometimes rebuilt.

Not archived: the embedding cache and the model (both rebuildable, large), the lock file, the
database's own files (the snapshot stands for them). Originals are content-addressed and never
changed, so they are copied after the lock; staged uploads (`jobs/`) are copied first, since a
running job may still write there.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path, PurePosixPath

from filelock import FileLock, Timeout

from index.private import FILE_MODE
from kb.config import Settings, StorageSettings
from kb.services.backup_archive import Source, write_archive, write_mode
from kb.services.backup_manifest import (
    BackupError,
    DatabaseInfo,
    Manifest,
    data_member,
    product_version,
    valid_member_name,
)
from kb.services.db_snapshot import SnapshotFacts, SqliteReader, open_snapshot

OnSnapshot = Callable[[SnapshotFacts], None]
SQLITE_HEADER = b"SQLite format 3\x00"
_DERIVED_SUFFIXES = ("-wal", "-shm", "-journal")
LOCK_TIMEOUT = 300.0


@contextmanager
def write_lock(storage: StorageSettings) -> Iterator[None]:
    """The lock `Ingestor` holds for every commit (same file, so also across processes)."""
    lock = FileLock(str(storage.resolved_data_dir / ".write.lock"), timeout=LOCK_TIMEOUT, mode=FILE_MODE)
    try:
        lock.acquire()
    except Timeout as exc:
        raise BackupError(f"Schreibsperre {exc.lock_file} nach {LOCK_TIMEOUT:.0f} s nicht erhalten: hängt ein "
                          "Schreibvorgang?") from exc
    try:
        yield
    finally:
        lock.release()


def create_backup(settings: Settings, target: Path, on_snapshot: OnSnapshot | None = None) -> Manifest:
    """Write the archive `target`; `on_snapshot` is told what was captured once the lock is free."""
    target = _checked_target(target)
    storage = settings.storage
    database = open_snapshot(storage.sqlalchemy_url)
    with ExitStack() as stack:
        stack.callback(database.close)
        staging = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=".kb-sicherung-", dir=target.parent)))
        facts, indexes = _fix_snapshot(storage, database, stack)
        if on_snapshot:
            on_snapshot(facts)
        sources = [Source(database.member, database.dump(staging))]
        database.close()  # ends the read transaction: the dump is written
        sources += [finish(staging) for finish in indexes]
        manifest = _manifest(database, facts)
        sources += _jobs(storage, staging, manifest) + _originals(storage, facts, manifest) + _secret(storage)
        return write_archive(target, sources, manifest)


def _checked_target(target: Path) -> Path:
    target = target.expanduser().absolute()
    write_mode(target)  # an unknown suffix is refused before anything is done
    if not target.parent.is_dir():
        raise BackupError(f"Zielordner fehlt: {target.parent}")
    if target.is_dir():
        raise BackupError(f"{target} ist ein Ordner; bitte einen Dateinamen angeben, z. B. kb-sicherung.tar.gz")
    return target


def _fix_snapshot(storage: StorageSettings, database, stack: ExitStack):
    """Under the write lock: database snapshot, facts and index files belong to one moment."""
    with write_lock(storage):
        facts = database.begin()
        return facts, _capture_indexes(storage.index_path, stack)


def _capture_indexes(folder: Path, stack: ExitStack) -> list[Callable[[Path], Source]]:
    """Fix each index file now; each returned step writes its member later, outside the lock."""
    steps: list[Callable[[Path], Source]] = []
    for path in _plain_files(folder):
        name = data_member(PurePosixPath("index", path.name))
        with open(path, "rb") as fh:
            is_sqlite = fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
        if is_sqlite:
            reader = SqliteReader(path)
            stack.callback(reader.close)
            reader.begin()
            steps.append(lambda staging, r=reader, n=name: Source(n, r.copy_to(_staged(staging, n))))
        else:  # replaced atomically by rename: the open file keeps the content of this moment
            handle = stack.enter_context(open(path, "rb"))  # noqa: SIM115
            steps.append(lambda _staging, h=handle, n=name: Source(n, handle=h))
    return steps


def _plain_files(folder: Path) -> list[Path]:
    """Regular files of a folder, without hidden temporary files and SQLite's side files."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink()
                  and not p.name.startswith(".") and not p.name.endswith(_DERIVED_SUFFIXES))


def _staged(staging: Path, member: str) -> Path:
    path = staging / member
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _manifest(database, facts: SnapshotFacts) -> Manifest:
    return Manifest(product_version=product_version(), generation=facts.generation, counts=facts.counts,
                    database=DatabaseInfo(kind=database.kind, member=database.member,
                                          schema_revision=facts.schema_revision,
                                          server_version=facts.server_version))


def _originals(storage: StorageSettings, facts: SnapshotFacts, manifest: Manifest) -> list[Source]:
    """Every stored original (at least those the snapshot's documents refer to)."""
    files = {p.name: p for p in _plain_files(storage.files_path)}
    manifest.missing_files = sorted(name for name in facts.stored_files if name not in files)
    return [Source(data_member(PurePosixPath("files", name)), path) for name, path in sorted(files.items())]


def _jobs(storage: StorageSettings, staging: Path, manifest: Manifest) -> list[Source]:
    """Staged uploads of jobs, copied first (a running job may still add or remove files)."""
    root = storage.resolved_data_dir / "jobs"
    if not root.is_dir():
        return []
    sources = []
    for path in sorted(root.rglob("*")):
        name = data_member(PurePosixPath("jobs", *path.relative_to(root).parts))
        if path.is_symlink() or not path.is_file():
            continue
        if not valid_member_name(name):
            manifest.skipped.append(name)
            continue
        try:
            shutil.copyfile(path, _staged(staging, name))
        except FileNotFoundError:  # the job finished and cleaned up meanwhile
            continue
        sources.append(Source(name, staging / name))
    return sources


def _secret(storage: StorageSettings) -> list[Source]:
    """The session key: with it, sessions and signed cookies stay valid after a restore."""
    path = storage.resolved_data_dir / ".secret_key"
    return [Source(data_member(".secret_key"), path)] if path.is_file() else []
