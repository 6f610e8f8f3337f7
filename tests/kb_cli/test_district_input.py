"""Only the eight districts and the network enter the store, whichever way a district arrives:
the API's form field, `kb ingest --district`, a sidecar file or Markdown front matter."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.webui.logins import bearer
from webui.app import create_app

NOTE = "# Umzug\n\nEin Umzug ohne Zusicherung nach § 22 Abs. 4 SGB II wird gedeckelt.\n"
HOSTILE = ["<b>Atlantis</b>", "Landkreis Bernkastel-Wittlich", "Kusel; DROP TABLE documents"]


@pytest.mark.parametrize("district", HOSTILE)
def test_the_api_refuses_an_unknown_district_and_stores_nothing(fake_kb, district):
    client = TestClient(create_app(fake_kb), headers=bearer(fake_kb))
    files = {"files": ("umzug.md", NOTE.encode(), "text/markdown")}
    response = client.post("/api/documents", files=files, data={"district": district})
    assert response.status_code == 422 and "Unbekannter Kreis" in response.json()["detail"]
    assert fake_kb.documents.list() == []
    ok = client.post("/api/documents", files=files, data={"district": "landkreis kusel"})
    assert ok.status_code == 200 and fake_kb.documents.list()[0].district == "Kusel"


def test_the_cli_refuses_an_unknown_district(cli, tmp_path):
    path = tmp_path / "umzug.md"
    path.write_text(NOTE, encoding="utf-8")
    result = cli("ingest", path, "--district", "<b>Atlantis</b>")
    assert result.exit_code == 2 and "Unbekannter Kreis '<b>Atlantis</b>'" in result.output
    assert json.loads(cli("stats", "--json").output)["documents"] == 0


def test_a_sidecar_or_front_matter_with_an_unknown_district_fails_that_file_only(cli, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.md").write_text(NOTE, encoding="utf-8")
    (folder / "a.md.meta.json").write_text(json.dumps({"district": "Atlantis"}), encoding="utf-8")
    (folder / "b.md").write_text("---\ndistrict: <i>Utopia</i>\n---\n" + NOTE, encoding="utf-8")
    (folder / "c.md").write_text("---\ndistrict: St. Wendel\n---\n" + NOTE.replace("Umzug", "Auszug"), encoding="utf-8")
    report = json.loads(cli("ingest", folder, "--json").output)
    outcome = {f["path"].rsplit("/", 1)[-1]: (f["status"], f.get("reason") or "") for f in report["files"]}
    assert outcome["a.md"][0] == "failed" and "Unbekannter Kreis 'Atlantis'" in outcome["a.md"][1]
    assert outcome["b.md"][0] == "failed" and "Unbekannter Kreis '<i>Utopia</i>'" in outcome["b.md"][1]
    assert outcome["c.md"][0] == "added"
    assert json.loads(cli("stats", "--json").output)["by_district"] == {"St. Wendel": 1}
