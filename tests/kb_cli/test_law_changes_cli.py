"""`kb law-changes` on the two real SGB II texts: the German table, `--json` as the API, versions
by number and by day, exit codes for an unknown law (1) and an unknown version (2)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED

LAWS = SHARED / "corpus-real" / "laws"
OLD = LAWS / "history" / "sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md"
NEW = LAWS / "md_2026-08_kmein" / "sgb_2.md"
pytestmark = pytest.mark.skipif(not OLD.is_file(), reason="../shared fehlt; echte Gesetzestexte nicht verfügbar")


@pytest.fixture
def reform(cli):
    assert cli("ingest", OLD).exit_code == 0
    assert cli("ingest", NEW, "--valid-from", "2026-07-01").exit_code == 0
    return cli


def test_the_table_names_counts_norms_and_the_replaced_term(reform, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = reform("law-changes", "SGB II").output
    assert "39 Normen geändert, 5 neu, 0 aufgehoben, 112 unverändert." in out
    assert "Neu:    Fassung 2, Stand " in out and "gültig ab 01.07.2026" in out
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.startswith("│ §")}
    assert "§ 1" not in rows and "neu" in rows["§ 3a"] and "geändert" in rows["§ 15"]
    assert "Grundsicherungsgeld" in rows["§ 5"] and "Bürgergeld" in rows["§ 5"]
    assert "Ersetzte Begriffe" in out and "│ Bürgergeld │ Grundsicherungsgeld │ 17:" in out


def test_json_is_the_api_answer_and_versions_go_by_number_or_day(reform):
    by_number = json.loads(reform("law-changes", "SGB II", "--from", "1", "--to", "2", "--json").output)
    by_day = json.loads(reform("law-changes", "sgb 2", "--from", "2026-05-01", "--json").output)
    assert by_number == by_day
    assert (by_number["old"]["version"], by_number["new"]["version"], by_number["counts"]["new"]) == (1, 2, 5)
    plan = next(n for n in by_number["norms"] if n["norm"] == "§ 15")
    assert any(op == "insert" and "findet persönlich im Jobcenter statt" in text
               for p in plan["paragraphs"] for op, text in p["tokens"])


def test_unknown_law_and_unknown_version_exit_with_a_german_message(reform):
    missing = reform("law-changes", "SGB III")
    assert missing.exit_code == 1 and "Zu „SGB III“ ist kein Gesetzestext eingelesen." in missing.output
    wrong = reform("law-changes", "SGB II", "--to", "7")
    assert wrong.exit_code == 2 and "SGB II hat keine Fassung 7" in wrong.output


def test_the_stand_comes_from_the_command_line_and_is_checked(cli):
    assert cli("ingest", OLD, "--stand", "2026-04-01").exit_code == 0
    assert cli("ingest", NEW, "--stand", "zuletzt geändert durch Art. 1 G v. 16.4.2026",
               "--valid-from", "2026-07-01").exit_code == 0
    report = json.loads(cli("law-changes", "SGB II", "--json").output)
    assert (report["old"]["stand"], report["new"]["stand"]) == ("2026-04-01", "2026-04-16")
    assert report["new"]["stand_note"] and "16.4.2026" in report["new"]["stand_note"]
    refused = cli("ingest", NEW, "--stand", "Entwurf")
    assert refused.exit_code == 2 and "enthält kein Datum" in refused.output
