"""A real Outlook .msg through `kb ingest` and `kb search` (acceptance of issue 18): the mail is
found by its body, the forwarded mail inside it becomes its own document, found by its own body."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ingest.test_parsers_msg_real import MSG


def search(cli, query: str) -> list[dict]:
    return json.loads(cli("search", query, "--mode", "lexical", "--json").output)["results"]


def test_kb_ingest_reads_a_real_msg_and_its_embedded_mail(cli, tmp_path):
    path = tmp_path / "weiterleitung.msg"
    path.write_bytes(MSG.read_bytes())
    mail = json.loads(cli("ingest", path, "--json").output)["files"][0]
    assert mail["status"] == "added"
    assert [(Path(a["path"].split(" › ")[-1]).name, a["status"]) for a in mail["attachments"]] == [
        ("test.msg", "added")]
    outer = search(cli, "Outer body")[0]
    assert (outer["source"], outer["title"]) == ("weiterleitung.msg", "outer subject")
    inner = search(cli, "test body")[0]
    assert inner["source"] == "test.msg" and inner["document_id"] != outer["document_id"]
