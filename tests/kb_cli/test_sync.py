"""`kb ingest --sync FOLDER [--prune] [--dry-run]`: only new and changed files are processed,
documents whose files are gone are reported, and removed only with --prune."""

from __future__ import annotations

import json


def _folder(tmp_path):
    folder = tmp_path / "import"
    folder.mkdir()
    for name, text in (("a.md", "# A\n\nMietkaution als Darlehen."), ("b.md", "# B\n\nHeizkosten nach Abrechnung."),
                       ("c.md", "# C\n\nErreichbarkeit und Ortsabwesenheit.")):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_sync_processes_exactly_the_new_changed_and_gone_files(cli, tmp_path):
    folder = _folder(tmp_path)
    assert cli("ingest", folder).exit_code == 0
    (folder / "a.md").write_text("# A\n\nMietkaution als Darlehen, neu gefasst.", encoding="utf-8")
    (folder / "c.md").unlink()
    (folder / "d.md").write_text("# D\n\nUmzugskosten nach Zusicherung.", encoding="utf-8")
    plan = json.loads(cli("ingest", folder, "--sync", "--prune", "--dry-run", "--json").output)
    assert [p.rsplit("/", 1)[1] for p in plan["new"] + plan["changed"] + plan["unchanged"]] == ["d.md", "a.md", "b.md"]
    assert [d["source"] for d in plan["gone"]] == ["c.md"]
    assert json.loads(cli("stats", "--json").output)["documents"] == 3  # the dry run changed nothing
    report = json.loads(cli("ingest", folder, "--sync", "--prune", "--json").output)
    statuses = sorted((f["path"].rsplit("/", 1)[1], f["status"]) for f in report["files"])
    assert statuses == [("a.md", "replaced"), ("b.md", "unchanged"), ("d.md", "added")]
    assert report["pruned"] == ["C"]
    assert json.loads(cli("stats", "--json").output)["documents"] == 3
    deleted = json.loads(cli("audit", "--action", "delete", "--json").output)["entries"]
    assert [e["detail"]["title"] for e in deleted] == ["C"]


def test_without_prune_gone_documents_stay_and_options_are_checked(cli, tmp_path):
    folder = _folder(tmp_path)
    cli("ingest", folder)
    (folder / "b.md").unlink()
    assert json.loads(cli("ingest", folder, "--sync", "--json").output)["pruned"] == []
    assert json.loads(cli("stats", "--json").output)["documents"] == 3
    assert cli("ingest", folder, "--prune").exit_code == 2
    assert cli("ingest", folder / "a.md", "--sync").exit_code == 2


def test_prune_only_removes_what_the_acting_user_may_change(cli, tmp_path):
    folder = _folder(tmp_path)
    cli("ingest", folder, "--district", "Kusel")
    (folder / "a.md").unlink()
    password = "geheim-und-lang-genug"
    cli("user", "add", "sara", "--district", "Saarlouis", "--role", "redakteur", stdin=f"{password}\n{password}\n")
    report = json.loads(cli("--as", "sara", "ingest", folder, "--sync", "--prune", "--json").output)
    assert report["pruned"] == []  # a Saarlouis editor cannot remove a Kusel document
    assert json.loads(cli("stats", "--json").output)["documents"] == 3
