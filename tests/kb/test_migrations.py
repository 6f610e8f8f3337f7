"""Schema migrations keep the data they migrate, and the models match the newest schema."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from kb.db.engine import alembic_config, make_engine, migrate
from kb.db.models import Base

_DOC = ("INSERT INTO documents (id, source_key, source_name, content_hash, stored_file, format, "
        "title, doc_type, size_bytes, chunk_count, created_at, updated_at, visibility) VALUES "
        "(1, 'a.md', 'a.md', 'h', 'f', 'md', 'A', 'Sonstiges', 0, 1, '2026-01-01', '2026-01-01', 'intern')")
_CHUNK = ("INSERT INTO chunks (id, document_id, ordinal, text, heading_path, vector) "
          "VALUES (1, 1, 0, 'Text', '[]', :vector)")


def _engine(settings):
    return make_engine(settings.storage.sqlalchemy_url)


def _upgrade_to(engine, revision: str) -> None:
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_lifecycle_migration_keeps_documents_and_their_chunks(settings):
    engine = _engine(settings)
    _upgrade_to(engine, "0003")
    with engine.begin() as conn:
        conn.execute(text(_DOC))
        conn.execute(text(_CHUNK), {"vector": b"\x00" * 4})
    migrate(engine)  # SQLite copies the table; the chunks must not cascade away with the copy
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM chunks")).scalar() == 1
        row = conn.execute(text("SELECT series_key, version, visibility FROM documents")).one()
    assert tuple(row) == ("a.md", 1, "intern")
    engine.dispose()


def test_models_match_the_newest_migration(settings):
    engine = _engine(settings)
    migrate(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()


def test_a_deleted_document_id_is_never_handed_out_again(settings):
    """Old bookmarks must not open another document: SQLite AUTOINCREMENT, PostgreSQL sequences."""
    engine = _engine(settings)
    migrate(engine)
    insert = _DOC.replace("(id, ", "(").replace("(1, 'a.md'", "('a.md'")
    with engine.begin() as conn:
        conn.execute(text(insert))
        first = conn.execute(text("SELECT max(id) FROM documents")).scalar()
        conn.execute(text("DELETE FROM documents"))
        conn.execute(text(insert))
        second = conn.execute(text("SELECT max(id) FROM documents")).scalar()
    assert second > first
    engine.dispose()


def test_the_extraction_migration_keeps_documents_and_their_chunks(settings):
    engine = _engine(settings)
    _upgrade_to(engine, "0006")
    with engine.begin() as conn:
        conn.execute(text(_DOC))
        conn.execute(text(_CHUNK), {"vector": b"\x00" * 4})
    migrate(engine)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM chunks")).scalar() == 1
        row = conn.execute(text("SELECT ocr_pages, attached_to_id FROM documents")).one()
    assert tuple(row) == (None, None)
    engine.dispose()


def test_the_head_read_from_the_files_is_alembics_head_and_a_current_store_skips_alembic(settings):
    from alembic.script import ScriptDirectory

    from kb.db.engine import current_revision, head_revision

    engine = make_engine(settings.storage.sqlalchemy_url)
    assert [head_revision()] == ScriptDirectory.from_config(alembic_config(engine)).get_heads()
    assert current_revision(engine) is None  # a new store
    with engine.begin() as conn:  # an older store ...
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
    assert current_revision(engine) == "0006"
    migrate(engine)  # ... is brought to the newest migration on open
    assert current_revision(engine) == head_revision()
