"""Two texts of SGB II as two versions through the command line: `--valid-from` ends the older
one, `kb search` shows what is in force today, `--as-of` what was in force on a day, and
`--replaces` hides a replaced circular unless `--all-versions` is asked for."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED

LAWS = SHARED / "corpus-real" / "laws"
OLD = LAWS / "history" / "sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md"
NEW = LAWS / "md_2026-08_kmein" / "sgb_2.md"


def sources(cli, *args) -> dict[str, str]:
    result = cli("search", *args, "--mode", "lexical", "-k", "20", "--json")
    assert result.exit_code == 0, result.output
    return {h["source"]: h["state"] for h in json.loads(result.output)["results"]}


@pytest.mark.skipif(not OLD.is_file(), reason="../shared fehlt; echte Gesetzestexte nicht verfügbar")
def test_sgb2_of_2026_04_and_2026_08_are_versions_and_as_of_picks_the_one_in_force(cli):
    assert cli("ingest", OLD).exit_code == 0
    second = cli("ingest", NEW, "--valid-from", "2026-07-01")
    assert second.exit_code == 0 and "1 neue Fassung" in second.output
    query = "Kooperationsplan Eingliederungsvereinbarung"
    assert set(sources(cli, query)) == {NEW.name}
    assert set(sources(cli, query, "--as-of", "2026-05-01")) == {OLD.name}
    assert sources(cli, query, "--all-versions") == {NEW.name: "current", OLD.name: "superseded"}
    printed = cli("search", query, "--mode", "lexical", "-k", "20", "--all-versions").output
    assert "Ältere Fassung 1" in printed


def test_replaces_hides_the_old_circular_unless_all_versions_are_asked_for(cli, tmp_path):
    (tmp_path / "rs-alt.md").write_text("# Umzug\n\nUmzugskosten werden pauschal erstattet.\n", encoding="utf-8")
    (tmp_path / "rs-neu.md").write_text("# Umzug\n\nUmzugskosten werden nach Angebot erstattet.\n", encoding="utf-8")
    assert cli("ingest", tmp_path / "rs-alt.md").exit_code == 0
    assert cli("ingest", tmp_path / "rs-neu.md", "--replaces", "rs-alt.md").exit_code == 0
    assert sources(cli, "Umzugskosten erstattet") == {"rs-neu.md": "current"}
    assert sources(cli, "Umzugskosten erstattet", "--all-versions") == {"rs-neu.md": "current", "rs-alt.md": "replaced"}
    assert "Ersetzt (Nachfolger: Dokument 2)" in cli("search", "Umzugskosten", "--all-versions").output


def test_bad_validity_flags_are_refused_in_german(cli, tmp_path):
    (tmp_path / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    result = cli("ingest", tmp_path / "a.md", "--valid-from", "2026-07-01", "--valid-to", "2026-01-01")
    assert result.exit_code == 2 and "liegt vor" in result.output
    assert cli("search", "Text", "--as-of", "morgen").exit_code == 2
