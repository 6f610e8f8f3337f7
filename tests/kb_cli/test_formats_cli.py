"""The formats of issue 18 through `kb ingest` and `kb search` (fake embedder, real store): each is
found by what it says, with its slide/sheet as page; a mail's attachment becomes its own document
linked to the mail; bad variants fail in German and change nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import office_files as files
from tests.ingest.test_parsers_rtf import WEISUNG as RTF_WEISUNG


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "eingang"
    path.mkdir()
    (path / "mittel.xlsx").write_bytes(files.xlsx_bytes())
    (path / "schulung.pptx").write_bytes(files.pptx_bytes())
    (path / "rundschreiben.odt").write_bytes(files.odt_bytes())
    (path / "bg.ods").write_bytes(files.ods_bytes())
    (path / "folien.odp").write_bytes(files.odp_bytes())
    pdf = files.pdf_bytes(files.BESCHEID_LINES)
    (path / "rundmail.eml").write_bytes(files.eml_bytes([("merkblatt.pdf", pdf), ("leer.pdf", b"")]))
    return path


def search(cli, query: str, *args) -> list[dict]:
    return json.loads(cli("search", query, "--mode", "lexical", "--json", *args).output)["results"]


def test_every_new_format_is_ingested_and_found(cli, folder):
    report = json.loads(cli("ingest", folder, "--district", "Kusel", "--json").output)
    status = {Path(f["path"]).name: f["status"] for f in report["files"]}
    assert status == dict.fromkeys(["bg.ods", "folien.odp", "mittel.xlsx", "rundmail.eml", "rundschreiben.odt",
                                    "schulung.pptx"], "added")
    row = search(cli, "Eingliederungsmittel Kusel 2026")[0]
    assert row["source"] == "mittel.xlsx" and row["page"] == 1 and row["section"] == "Mittel 2026"
    assert "Kreis: Kusel | Jahr: 2026 | Eingliederungsmittel: 1.234.000 €" in row["text"]
    slide = search(cli, "Karenzzeit")[0]
    assert (slide["source"], slide["page"], slide["section"]) == ("schulung.pptx", 1, "Angemessenheit der Unterkunft")
    assert search(cli, "Fallzahlen Vulkaneifel")[0]["page"] == 2
    circular = search(cli, "Lernförderung Vorabprüfung")[0]
    assert circular["source"] == "rundschreiben.odt" and circular["section"] == "1. Lernförderung"
    assert search(cli, "Bedarfsgemeinschaften")[0]["source"] == "bg.ods"
    assert search(cli, "Vermittlungsbudget")[0]["source"] == "folien.odp"
    mail = search(cli, "Heizkostenpauschale Anerkennung")[0]
    assert mail["source"] == "rundmail.eml" and mail["date"] == "2026-03-03"
    assert mail["title"] == "Rundschreiben Heizkostenpauschale 2026"


def test_mail_attachment_is_its_own_document_linked_to_the_mail(cli, folder, tmp_path):
    report = json.loads(cli("ingest", folder / "rundmail.eml", "--json").output)
    mail = report["files"][0]
    assert mail["status"] == "added"
    assert [(Path(a["path"].split(" › ")[-1]).name, a["status"]) for a in mail["attachments"]] == [
        ("merkblatt.pdf", "added")]
    assert "Anhang 'leer.pdf' ist leer (0 Bytes) und wurde übersprungen." in mail["reason"]
    hit = search(cli, "Ölheizung Bevorratung")[0]
    assert hit["source"] == "merkblatt.pdf" and hit["page"] == 1
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", embedder="fake"))
    try:
        attachment = kb.documents.detail(hit["document_id"])
        assert attachment.mail is not None and attachment.mail.id == mail["document_id"]
        assert [a.id for a in kb.documents.detail(mail["document_id"]).attachments] == [hit["document_id"]]
    finally:
        kb.close()
    again = json.loads(cli("ingest", folder / "rundmail.eml", "--json").output)["files"][0]
    assert again["status"] == "unchanged"  # and the attachment is not read twice
    assert len(search(cli, "Ölheizung Bevorratung")) == 1


def test_bad_variants_fail_in_german_and_store_nothing(cli, tmp_path):
    bad = tmp_path / "schlecht"
    bad.mkdir()
    (bad / "kaputt.xlsx").write_bytes(files.truncated(files.xlsx_bytes()))
    (bad / "kaputt.pptx").write_bytes(files.truncated(files.pptx_bytes()))
    (bad / "kaputt.odt").write_bytes(files.truncated(files.odt_bytes()))
    (bad / "geheim.xlsx").write_bytes(files.encrypted_xlsx())
    (bad / "bombe.odt").write_bytes(files.with_declared_size(files.odt_bytes(), "content.xml", 3 * 2**30))
    result = cli("ingest", bad, "--json")
    report = json.loads(result.output)
    reasons = {Path(f["path"]).name: (f["status"], f["reason"]) for f in report["files"]}
    assert all(status == "failed" for status, _ in reasons.values()) and result.exit_code == 1
    for name in ("kaputt.xlsx", "kaputt.pptx", "kaputt.odt"):
        assert reasons[name][1].startswith(f"'{name}' ist beschädigt")
    assert "passwortgeschützt" in reasons["geheim.xlsx"][1]
    assert "KB_MAX_UNPACKED_MB" in reasons["bombe.odt"][1]
    stats = json.loads(cli("stats", "--json").output)
    assert stats["documents"] == 0 and stats["chunks"] == 0


def test_a_new_version_of_a_mail_takes_over_its_unchanged_attachment(cli, tmp_path):
    mail = tmp_path / "rundmail.eml"
    pdf = files.pdf_bytes(files.BESCHEID_LINES)
    mail.write_bytes(files.eml_bytes([("merkblatt.pdf", pdf)]))
    first = json.loads(cli("ingest", mail, "--json").output)["files"][0]
    mail.write_bytes(files.eml_bytes([("merkblatt.pdf", pdf)]).replace(b"Sehr geehrte", b"Liebe"))
    second = json.loads(cli("ingest", mail, "--json").output)["files"][0]
    assert second["status"] == "replaced" and second["attachments"][0]["status"] == "unchanged"
    assert second["attachments"][0]["document_id"] == first["attachments"][0]["document_id"]
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", embedder="fake"))
    try:
        assert kb.documents.detail(first["attachments"][0]["document_id"]).mail.id == second["document_id"]
    finally:
        kb.close()


def test_kb_ingest_reads_an_rtf_file_and_search_finds_it(cli, tmp_path):
    (tmp_path / "weisung.rtf").write_bytes(RTF_WEISUNG)
    report = json.loads(cli("ingest", tmp_path / "weisung.rtf", "--json").output)
    assert [f["status"] for f in report["files"]] == ["added"]
    hits = json.loads(cli("search", "Fahrtkosten Meldetermine Pauschale Kusel", "--json").output)["results"]
    assert hits and hits[0]["title"].startswith("Weisung Fahrtkosten")
