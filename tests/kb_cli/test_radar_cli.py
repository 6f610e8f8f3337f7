"""`kb radar` and the badge in `kb search` on the sample circulars and the real SGB II reform."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
LAWS = SHARED / "corpus-real" / "laws"
OLD = LAWS / "history" / "sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md"
NEW = LAWS / "md_2026-08_kmein" / "sgb_2.md"
KUSEL = ROOT / "corpus" / "kusel" / "rs-2026-03-kooperationsplan-fortschreibung.md"
UNCHANGED = ROOT / "corpus" / "st-wendel" / "rs-2026-01-ziele-der-grundsicherung.md"
pytestmark = pytest.mark.skipif(not OLD.is_file(), reason="../shared fehlt; echte Gesetzestexte nicht verfügbar")


@pytest.fixture
def reform(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert cli("ingest", KUSEL, UNCHANGED).exit_code == 0
    assert cli("ingest", OLD).exit_code == 0
    assert cli("ingest", NEW, "--valid-from", "2026-07-01").exit_code == 0
    return cli


def test_search_shows_the_badge_and_the_list_the_flag(reform):
    out = reform("search", "Kooperationsplan fortschreiben Potenzialanalyse", "-k", "5").output
    assert "möglicherweise veraltet: SGB II § 15" in out
    listing = reform("radar", "list").output
    assert "Fortschreibung des Kooperationsplans" in listing and "Ziele der Grundsicherung" not in listing
    data = json.loads(reform("radar", "list", "--json").output)
    assert [f["title"] for f in data["flags"]] == ["Fortschreibung des Kooperationsplans nach § 15 SGB II"]
    hits = json.loads(reform("search", "Kooperationsplan fortschreiben Potenzialanalyse", "--json").output)["results"]
    assert any("SGB II § 15" in h["outdated_norms"] for h in hits)


def test_rebuild_is_idempotent_and_names_unknown_laws(reform):
    assert "SGB II: 0 neue Markierung(en)" in reform("radar", "rebuild").output
    assert reform("radar", "rebuild", "SGB XII").exit_code == 1
    assert reform("radar", "list", "--state", "falsch").exit_code == 2
