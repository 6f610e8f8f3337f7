"""`kb ingest --group`: minutes get their working group from the command line; an unknown group
is refused with the known ones named, and a group that is not a slug before anything is read."""

from __future__ import annotations

import json

from kb.config import Settings
from kb.services.knowledge_base import KnowledgeBase


def test_ingest_with_group_tags_the_minutes_and_an_unknown_group_is_refused(cli, tmp_path):
    path = tmp_path / "sitzung.md"
    path.write_text("# Sitzung der AG\n\nBeschlossen: gemeinsame Arbeitshilfe Kosten der Unterkunft.\n",
                    encoding="utf-8")
    done = cli("ingest", path, "--type", "Protokoll", "--group", "finanzen", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["files"][0]["status"] == "added"
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", embedder="fake"))
    try:
        assert [m.title for m in kb.groups.page("finanzen").minutes] == ["Sitzung der AG"]
    finally:
        kb.close()
    other = tmp_path / "andere.md"
    other.write_text("# Andere Sitzung\n\nText.\n", encoding="utf-8")
    refused = cli("ingest", other, "--type", "Protokoll", "--group", "wohnen", "--json")
    assert refused.exit_code == 1
    assert "Unbekannte Arbeitsgruppe 'wohnen'" in json.loads(refused.output)["files"][0]["reason"]
    bad = cli("ingest", other, "--group", "AG Finanzen")
    assert bad.exit_code == 2 and "kein Kürzel" in bad.output
