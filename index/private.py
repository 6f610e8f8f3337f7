"""Files and folders only their owner can read: the store holds internal circulars, feedback and
account data of eight public bodies, so nothing in it is readable by other users of the machine.

Folders are created 0700 and files 0600 where they are made (an SQLite file is created empty
with 0600 before SQLite opens it; its WAL and shared-memory files then get the same mode).
`restrict_tree` tightens a store created before this rule, or restored from elsewhere.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) owner-only; an existing folder is tightened."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    _tighten(path)
    return path


def private_file(path: Path) -> Path:
    """Make sure `path` exists with mode 0600 before a library (SQLite) opens it."""
    path = Path(path)
    private_dir(path.parent)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        _tighten(path)
    return path


def restrict_tree(root: Path) -> int:
    """Remove group and other permissions below `root` (symlinks are not followed); returns how
    many entries changed."""
    changed = _tighten(root)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            changed += _tighten(Path(folder, name))
        for name in files:
            changed += _tighten(Path(folder, name))
    return changed


def _tighten(path: Path) -> int:
    """Drop the rights of group and others (the owner's stay as they are)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return 0
    if stat.S_ISLNK(info.st_mode) or not info.st_mode & 0o077:
        return 0
    try:
        os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o077)
    except PermissionError:  # not ours (a shared model folder): leave it to its owner
        return 0
    return 1
