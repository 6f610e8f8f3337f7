"""PDF tables through `kb ingest` and `kb search` (issue 18): the row of a ruled table is found by
its column name and value, with its page, and the sample Rundschreiben's narrow cell reads
"1 Monat"."""

from __future__ import annotations

import json

from tests.ingest.test_pdf_tables import SAMPLE, table_pdf


def search(cli, query: str) -> list[dict]:
    return json.loads(cli("search", query, "--mode", "lexical", "--json").output)["results"]


def test_kb_search_finds_the_table_row_with_its_header_and_page(cli, tmp_path):
    folder = tmp_path / "eingang"
    folder.mkdir()
    (folder / "mittel.pdf").write_bytes(table_pdf())
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    report = json.loads(cli("ingest", folder, "--json").output)
    assert [f["status"] for f in report["files"]] == ["added", "added"]
    row = search(cli, "Eingliederungsmittel Saarlouis 2026")[0]
    assert (row["source"], row["page_end"]) == ("mittel.pdf", 2)  # one chunk: pages 1–2 of a small PDF
    assert "Kreis: Saarlouis | Jahr: 2026 | Eingliederungsmittel: 2.345.000 €" in row["text"]
    hit = search(cli, "Meldeversäumnis Dauer Monat")[0]
    assert hit["source"] == SAMPLE.name and hit["page"] <= 2 <= hit["page_end"]
    assert "Tatbestand: Meldeversäumnis (§ 32 SGB II) | Minderung des maßgebenden Regelbedarfs: 10 % | " \
           "Dauer: 1 Monat" in hit["text"]
