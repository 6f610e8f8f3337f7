"""The comparison of two versions of SGB II (before and after G v. 16.4.2026) on its page and in
the API: § 15 (Kooperationsplan) and § 31 show the real change word by word, § 1 none."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from kb.domain import MetaHints
from webui.app import create_app

LAWS = ("laws/history/sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md", "laws/md_2026-08_kmein/sgb_2.md")


@pytest.fixture
def versions(fake_kb, shared):
    old = fake_kb.ingesting.ingest([shared / "corpus-real" / LAWS[0]]).files[0].document_id
    new = fake_kb.ingesting.ingest([shared / "corpus-real" / LAWS[1]],
                                   MetaHints(valid_from=date(2026, 7, 1))).files[0].document_id
    return TestClient(create_app(fake_kb)), old, new


def page(client, doc: int, other: int, section: str = "") -> str:
    response = client.get(f"/dokument/{doc}/vergleich", params={"mit": other, "abschnitt": section})
    assert response.status_code == 200
    return response.text


def test_section_15_and_31_show_the_real_change_and_section_1_none(versions):
    client, old, new = versions
    kooperationsplan = page(client, new, old, "§ 15")
    assert "geändert</span>" in kooperationsplan and "<ins>" in kooperationsplan and "<del>" in kooperationsplan
    assert "findet persönlich im Jobcenter statt" in kooperationsplan
    sanctions = page(client, new, old, "§ 31")
    inserted = sanctions.replace('<span class="visually-hidden">[eingefügt:] </span>', "")
    assert "Grundsicherungsgeldes</ins>" in inserted
    aim = page(client, new, old, "§ 1")
    assert "Keine Änderung in diesem Abschnitt" in aim and "<ins>" not in aim and "<del>" not in aim
    assert "kommt in keiner der beiden Fassungen vor" in page(client, new, old, "§ 999")


def test_the_order_of_the_two_ids_does_not_matter_and_the_api_counts_norms(versions):
    client, old, new = versions
    data = client.get(f"/api/documents/{old}/compare", params={"with": new}).json()
    assert (data["old"]["id"], data["new"]["id"]) == (old, new)
    assert data["norm_states"]["§ 1"] == "unchanged"
    assert data["norm_states"]["§ 15"] == data["norm_states"]["§ 31"] == "changed"
    assert data["norm_states"]["§ 3a"] == "new"
    one = client.get(f"/api/documents/{new}/compare", params={"with": old, "section": "§ 15"}).json()
    assert [s["norm"] for s in one["sections"]] == ["§ 15"]


def test_the_version_history_links_to_the_comparison(versions):
    client, old, new = versions
    history = client.get(f"/dokument/{new}").text
    assert f"/dokument/{new}/vergleich?mit={old}" in history
    assert client.get(f"/dokument/{new}/vergleich", params={"mit": 999999}).status_code == 404
