"""Import arrows point one way: kb_cli → webui → kb → {ingest, index}.

The contracts are import-linter's, in pyproject.toml ([tool.importlinter]): kb_cli may import
kb and webui, webui only kb, kb only ingest and index; ingest and index import neither each other
nor anything above. import-linter counts every import, also those inside functions.
The second test runs the same contracts over a small package tree with one bad import, so a
check that could never fail would be noticed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kb_cli", "webui", "kb", "ingest", "index")


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    """Run `lint-imports` with the project's contracts over the packages found in `where`."""
    command = [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()",
               "--config", str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo"]
    env = {**os.environ, "PYTHONPATH": str(where), "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(command, cwd=where, env=env, capture_output=True, text=True, timeout=120)


def test_the_code_keeps_the_import_contracts():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "source", "arrow"), [
    ("kb/x.py", "def f():\n    import webui.app\n", "kb.x -> webui.app"),
    ("webui/x.py", "from ingest.models import DocType\n", "webui.x -> ingest.models"),
    ("kb_cli/x.py", "from index import embedder\n", "kb_cli.x -> index.embedder"),
    ("ingest/x.py", "import index.embedder\n", "ingest.x -> index.embedder"),
    ("index/x.py", "import kb.domain\n", "index.x -> kb.domain"),
])
def test_a_forbidden_import_is_reported(tmp_path, module, source, arrow):
    for package in PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "ingest" / "models.py").write_text("")
    (tmp_path / "index" / "embedder.py").write_text("")
    (tmp_path / "kb_cli" / "main.py").write_text("import kb.domain\nimport webui.app\n")
    (tmp_path / "webui" / "app.py").write_text("import kb.domain\n")
    (tmp_path / "kb" / "domain.py").write_text("import index.embedder\nimport ingest.models\n")
    assert lint_imports(tmp_path).returncode == 0, "the allowed arrows alone must pass"

    (tmp_path / module).write_text(source)
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert arrow in result.stdout, result.stdout
