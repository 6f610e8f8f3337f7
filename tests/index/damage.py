"""Ways a backend's files can be damaged on disk, shared by the contract tests.

Each overwrites every file the backend keeps in its folder; a backend that keeps no files (a
database table) overrides the contract's `damage_storage` instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def _garbage(data: bytes) -> bytes:
    return b"not an index of this program\x00" * 64


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _empty(data: bytes) -> bytes:
    return b""


DAMAGES = {"foreign": _garbage, "truncated": _truncated, "empty": _empty}
damages = pytest.mark.parametrize("damage", sorted(DAMAGES))


def damage_files(folder: Path, damage: str) -> None:
    files = [path for path in Path(folder).rglob("*") if path.is_file()]
    assert files, f"no files to damage in {folder}: override damage_storage for this backend"
    for path in files:
        path.write_bytes(DAMAGES[damage](path.read_bytes()))
