"""A restore proves the archive before it writes: damaged, tampered, hostile or foreign archives
are refused with a German message and leave the target as it was (real archives, real files)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
from pathlib import Path

import pytest

from kb.config import Settings
from kb.services import pg_tools
from kb.services.backup import create_backup
from kb.services.backup_manifest import BackupError
from kb.services.knowledge_base import KnowledgeBase
from kb.services.restore import check_backup, restore_backup

DOC = "# Rundschreiben 3/2025 – Mietkaution\n\nDie Mietkaution wird als Darlehen nach § 22 Abs. 6 SGB II erbracht.\n"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A real backup of a small store; the store's data directory is removed afterwards."""
    source = Settings(data_dir=tmp_path / "quelle", embedder="fake")
    (tmp_path / "kaution.md").write_text(DOC, encoding="utf-8")
    kb = KnowledgeBase(source)
    kb.ingesting.ingest([tmp_path / "kaution.md"])
    kb.close()
    create_backup(source, tmp_path / "sicherung.tar")
    return tmp_path / "sicherung.tar"


@pytest.fixture
def target(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "ziel", embedder="fake")


def members(path: Path) -> list[tuple[tarfile.TarInfo, bytes | None]]:
    with tarfile.open(path) as tar:
        return [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]


def rewrite(path: Path, entries: list[tuple[tarfile.TarInfo, bytes | None]]) -> None:
    with tarfile.open(path, "w") as tar:
        for info, data in entries:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)


def with_manifest(entries, change) -> list:
    """The entries with the manifest edited by `change(dict)` (and moved to the end)."""
    manifest = next(data for info, data in entries if info.name == "manifest.json")
    edited = json.loads(manifest)
    change(edited)
    rest = [(i, d) for i, d in entries if i.name != "manifest.json"]
    return [*rest, (tarfile.TarInfo("manifest.json"), json.dumps(edited).encode())]


def untouched(settings: Settings) -> bool:
    folder = settings.storage.data_dir
    return not folder.exists() or not any(folder.iterdir())


def test_a_tampered_member_is_named_and_nothing_is_written(archive, target):
    entries = members(archive)
    victim = next(i for i, (info, _) in enumerate(entries) if info.name.startswith("data/files/"))
    info, data = entries[victim]
    entries[victim] = (info, data.replace(b"Darlehen", b"Zuschuss"))  # same size, other content
    rewrite(archive, entries)
    with pytest.raises(BackupError, match=re.escape(f"Prüfsumme stimmt nicht: {info.name}")):
        check_backup(archive)
    with pytest.raises(BackupError, match="Prüfsumme stimmt nicht"):
        restore_backup(target, archive)
    assert untouched(target)


@pytest.mark.parametrize("name", ["data/../../ausserhalb.txt", "/tmp/ausserhalb.txt", "ausserhalb.txt",
                                  "data/files/../../../ausserhalb.txt"])
def test_a_member_outside_the_target_is_refused(archive, target, tmp_path, name):
    evil = b"boese"
    entry = {"name": name, "size": len(evil), "sha256": hashlib.sha256(evil).hexdigest()}
    entries = [*members(archive), (tarfile.TarInfo(name), evil)]
    rewrite(archive, with_manifest(entries, lambda m: m["members"].append(entry)))
    with pytest.raises(BackupError, match="Unzulässiger Pfad"):
        restore_backup(target, archive)
    assert untouched(target) and not (tmp_path / "ausserhalb.txt").exists()


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.DIRTYPE])
def test_links_and_folders_are_refused(archive, target, kind):
    link = tarfile.TarInfo("data/files/passwd")
    link.type, link.linkname = kind, "/etc/passwd"
    rewrite(archive, [*members(archive), (link, None)])
    with pytest.raises(BackupError, match=r"Unzulässiger Eintrag.*data/files/passwd"):
        restore_backup(target, archive)
    assert untouched(target)


def test_damaged_foreign_or_incomplete_archives_are_refused(archive, target, tmp_path):
    broken = tmp_path / "kaputt.tar.gz"
    broken.write_bytes(archive.read_bytes()[:1500])
    with pytest.raises(BackupError, match="beschädigt"):
        check_backup(broken)
    foreign = tmp_path / "fremd.tar"
    rewrite(foreign, [(info, data) for info, data in members(archive) if info.name != "manifest.json"])
    with pytest.raises(BackupError, match=r"Kein manifest\.json"):
        check_backup(foreign)
    rewrite(foreign, with_manifest(members(archive), lambda m: m.update(format="anderes-programm")))
    with pytest.raises(BackupError, match="stammt nicht von `kb backup`"):
        check_backup(foreign)
    entries = members(archive)
    dropped = entries.pop(1)[0].name
    rewrite(archive, entries)
    with pytest.raises(BackupError, match=re.escape(f"Eintrag fehlt im Archiv: {dropped}")):
        restore_backup(target, archive)
    assert untouched(target)


def test_a_newer_schema_or_format_is_refused(archive, target):
    rewrite(archive, with_manifest(members(archive), lambda m: m["database"].update(schema_revision="9999")))
    with pytest.raises(BackupError, match="neueren Programmversion"):
        restore_backup(target, archive)
    rewrite(archive, with_manifest(members(archive), lambda m: m.update(format_version=2)))
    with pytest.raises(BackupError, match="neueres Format"):
        check_backup(archive)
    assert untouched(target)


def test_a_sqlite_backup_does_not_go_into_postgresql(archive, tmp_path):
    postgres = Settings(data_dir=tmp_path / "ziel", embedder="fake",
                        database_url="postgresql+psycopg://kb@127.0.0.1:1/kb")  # never contacted
    with pytest.raises(BackupError, match=r"Falsche Datenbankart: .*SQLite-Datenbank, eingestellt ist PostgreSQL"):
        restore_backup(postgres, archive)


def test_a_missing_pg_dump_is_a_clear_german_error(monkeypatch, tmp_path):
    monkeypatch.setattr(pg_tools.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pg_tools, "PG_ROOT", str(tmp_path / "keine-postgresql"))
    settings = Settings(data_dir=tmp_path / "d", embedder="fake", database_url="postgresql+psycopg://kb@127.0.0.1:1/kb")
    with pytest.raises(BackupError, match=r"pg_dump nicht gefunden .*Client-Programme"):
        create_backup(settings, tmp_path / "s.tar")
    assert not (tmp_path / "s.tar").exists()


def test_pg_tools_take_the_newest_debian_version_and_keep_the_password_off_the_command_line(monkeypatch, tmp_path):
    for version in ("9", "15", "13"):
        tool = tmp_path / version / "bin" / "pg_dump"
        tool.parent.mkdir(parents=True)
        tool.write_text("")
    monkeypatch.setattr(pg_tools.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pg_tools, "PG_ROOT", str(tmp_path))
    assert pg_tools.find_tool("pg_dump") == tmp_path / "15" / "bin" / "pg_dump"
    env = pg_tools.libpq_env("postgresql+psycopg://kb:g%40heim@db.example:5433/wissen?sslmode=require")
    assert (env["PGPASSWORD"], env["PGUSER"], env["PGHOST"], env["PGPORT"], env["PGDATABASE"], env["PGSSLMODE"]) \
        == ("g@heim", "kb", "db.example", "5433", "wissen", "require")


def test_unknown_suffix_and_missing_folder_are_refused_before_any_work(tmp_path):
    settings = Settings(data_dir=tmp_path / "d", embedder="fake")
    with pytest.raises(BackupError, match="Unbekannte Dateiendung"):
        create_backup(settings, tmp_path / "sicherung.zip")
    with pytest.raises(BackupError, match="Zielordner fehlt"):
        create_backup(settings, tmp_path / "fehlt" / "sicherung.tar")


def test_the_snapshot_waits_for_the_ingestors_write_lock(tmp_path, monkeypatch):
    """The backup takes the same lock as every committing writer (here held by the Ingestor)."""
    from kb.services import backup

    settings = Settings(data_dir=tmp_path / "d", embedder="fake")
    kb = KnowledgeBase(settings)
    monkeypatch.setattr(backup, "LOCK_TIMEOUT", 0.2)
    with kb.ingesting.write_lock, pytest.raises(BackupError, match=r"Schreibsperre .* nicht erhalten"):
        create_backup(settings, tmp_path / "s.tar")
    assert not (tmp_path / "s.tar").exists()
    create_backup(settings, tmp_path / "s.tar")  # free again: it works
    kb.close()
