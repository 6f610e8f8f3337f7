"""Uploaded files kept on disk until their job has read them: `data_dir/jobs/<job id>/`.

A job must survive a restart of the server, and an upload lives only as long as its request; so
the files are written to a private folder first (0o700, files 0o600: uploads may be internal
circulars) and the folder becomes the job's in the transaction that creates the job. A crash
before that leaves only a `.upload-*` folder, which `sweep` removes later; the job's folder is
removed when the job has finished.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path, PurePosixPath

from kb.services.zip_upload import UploadRefused, ZipLimits, expand, is_sidecar, safe_name

PENDING_PREFIX = ".upload-"


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parents readable by the owner only."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700)
        folder.chmod(0o700)  # mkdir's mode is filtered through the umask
    return path


def write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def jobs_root(data_dir: Path) -> Path:
    return private_dir(data_dir / "jobs")


def job_folder(data_dir: Path, job_id: int) -> Path:
    return data_dir / "jobs" / str(job_id)


def remove_job_folder(data_dir: Path, job_id: int) -> None:
    shutil.rmtree(job_folder(data_dir, job_id), ignore_errors=True)


def sweep(data_dir: Path, older_than_seconds: float = 3600) -> None:
    """Remove the staging folders of uploads whose job was never created (a crash in between)."""
    root = data_dir / "jobs"
    if not root.is_dir():
        return
    for folder in root.glob(PENDING_PREFIX + "*"):
        if time.time() - folder.stat().st_mtime > older_than_seconds:
            shutil.rmtree(folder, ignore_errors=True)


class UploadBatch:
    """The files of one upload request, staged before their job exists. A ZIP archive is
    expanded into its documents (and sidecars); `skipped` says what was left out and why."""

    def __init__(self, data_dir: Path, limits: ZipLimits) -> None:
        self.limits = limits
        self.folder = Path(tempfile.mkdtemp(prefix=PENDING_PREFIX, dir=jobs_root(data_dir)))
        self.documents: list[str] = []  # relative names of the files to ingest, in upload order
        self.skipped: list[dict] = []
        self._names: set[str] = set()
        self._total = 0

    def __enter__(self) -> UploadBatch:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.discard()

    def add(self, name: str, data: bytes) -> None:
        if name.lower().endswith(".zip"):
            for member, content in expand(data, name, self.limits, self.skipped):
                self._stage(member, content)
            return
        base = safe_name(PurePosixPath(name.replace("\\", "/")).name)
        if base is None:
            self.skipped.append({"name": name, "reason": "ungültiger Dateiname"})
        else:
            self._stage(base, data)

    def _stage(self, name: str, data: bytes) -> None:
        if name in self._names:
            self.skipped.append({"name": name, "reason": "kommt im Upload doppelt vor (nur die erste eingelesen)"})
            return
        self._total += len(data)
        if self._total > self.limits.max_total_bytes:
            raise UploadRefused(f"Der Upload ist größer als erlaubt ({self.limits.max_total_bytes / 1e6:.0f} MB "
                                "insgesamt); bitte in kleineren Teilen hochladen.")
        target = self.folder / name
        if not target.resolve().is_relative_to(self.folder.resolve()):  # safe_name should make this impossible
            raise UploadRefused(f"Unzulässiger Dateiname '{name}'.")
        write_private(private_dir(target.parent) / target.name, data)
        self._names.add(name)
        if not is_sidecar(name):
            self.documents.append(name)

    def move_to(self, folder: Path) -> None:
        os.replace(self.folder, folder)
        self.folder = folder

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
