"""The `kb` command on a fresh data directory with the fake embedder (these tests are about the CLI)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kb_cli.main import app


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """`cli("ingest", path, stdin="…")` runs `kb ingest PATH` and returns typer's result."""
    monkeypatch.setenv("KB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KB_EMBEDDER", "fake")
    runner = CliRunner()
    return lambda *args, stdin=None: runner.invoke(app, [str(a) for a in args], input=stdin, catch_exceptions=False)
