"""The law-change pages and API on the real SGB II before and after G v. 16.4.2026 (fake
embedder): counts, the real words of a changed norm, no unchanged norm in the list, versions by
number and by day, German errors; the norm history on the norm page; who sees which versions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from kb.access import SYSTEM
from kb.domain import MetaHints
from tests.webui.logins import login
from webui.app import create_app

SGB2 = ("laws/history/sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md", "laws/md_2026-08_kmein/sgb_2.md")
HTML = {"accept": "text/html"}


@pytest.fixture
def reform(fake_kb, shared, tmp_path):
    older = tmp_path / Path(SGB2[0]).name
    older.write_bytes((shared / "corpus-real" / SGB2[0]).read_bytes())
    (tmp_path / f"{older.name}.meta.json").write_text(json.dumps({"stand": "2026-04-01"}), encoding="utf-8")
    old = fake_kb.ingesting.ingest([older]).files[0].document_id
    new = fake_kb.ingesting.ingest([shared / "corpus-real" / SGB2[1]],
                                   MetaHints(valid_from=date(2026, 7, 1))).files[0].document_id
    return TestClient(create_app(fake_kb)), old, new


def section(page: str, anchor: str) -> str:
    """The HTML of one norm's section on the change page ('' if it is not there)."""
    start = page.find(f'id="{anchor}"')
    return page[start:page.find("</section>", start)] if start >= 0 else ""


def inserted(html: str) -> str:
    return html.replace('<span class="visually-hidden">[eingefügt:] </span>', "")


def test_the_change_page_counts_and_shows_the_real_words(reform):
    client, old, new = reform
    listing = client.get("/rechtsaenderungen", headers=HTML).text
    assert '<a href="/rechtsaenderungen/SGB%20II">' in listing and "Fassung 2" in listing
    page = client.get("/rechtsaenderungen/SGB II", headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "39 Normen geändert, 5 neu, 0 aufgehoben, 112 unverändert." in text
    assert f'href="/dokument/{old}">Fassung 1, Stand 01.04.2026</a>' in text
    assert f'href="/dokument/{new}">Fassung 2, Stand ' in text and "(eingelesen), gültig ab 01.07.2026" in text
    plan = section(text, "norm-15")
    assert "geändert</span>" in plan and "<ins>findet persönlich im Jobcenter statt." in inserted(plan)
    assert f'href="/normen/{quote("SGB II § 15", safe="")}"' in plan
    assert section(text, "norm-1") == "" and section(text, "norm-3a") != ""  # § 1 is unchanged
    assert "<del>Bürgergeld</del>" in text and "<ins>Grundsicherungsgeld</ins>" in text


def test_the_api_picks_versions_by_number_and_by_day(reform):
    client, old, new = reform
    by_number = client.get("/api/law-changes", params={"law": "SGB II", "from": 1, "to": 2}).json()
    by_day = client.get("/api/law-changes", params={"law": "sgb 2", "from": "2026-05-01", "to": "2026-07-01"}).json()
    for data in (by_number, by_day):
        assert (data["old"]["id"], data["new"]["id"], data["counts"]["changed"]) == (old, new, 39)
    assert by_number["norm_states"]["§ 1"] == "unchanged" and "§ 1" not in {n["norm"] for n in by_number["norms"]}
    assert [(t["old"], t["new"]) for t in by_number["terms"]] == [("Bürgergeld", "Grundsicherungsgeld")]
    assert client.get("/api/law-changes", params={"law": "SGB II", "min_norms": 100}).json()["terms"] == []
    laws = client.get("/api/law-changes/laws").json()
    assert [(law["law"], len(law["versions"])) for law in laws] == [("SGB II", 2)]


def test_unknown_laws_and_versions_are_refused_in_german(reform):
    client, _old, _new = reform
    missing = client.get("/api/law-changes", params={"law": "SGB III"})
    assert missing.status_code == 404 and missing.json()["detail"] == "Zu „SGB III“ ist kein Gesetzestext eingelesen."
    wrong = client.get("/api/law-changes", params={"law": "SGB II", "from": "9"})
    assert wrong.status_code == 422 and "SGB II hat keine Fassung 9" in wrong.json()["detail"]
    page = client.get("/rechtsaenderungen/SGB III", headers=HTML)
    assert page.status_code == 404 and "kein Gesetzestext eingelesen" in page.text
    assert client.get("/rechtsaenderungen/SGB II", params={"from": "morgen"}, headers=HTML).status_code == 422


def test_the_norm_page_shows_the_history_and_leads_to_the_diff(reform):
    client, _old, new = reform
    page = client.get("/normen/SGB II § 15", headers=HTML).text
    history = page[page.find('class="norm-history"'):page.find('aria-labelledby="zitiert"')]
    assert "erste eingelesene Fassung" in history and "<td>geändert</td>" in history
    assert "/rechtsaenderungen/SGB%20II?from=1&amp;to=2#norm-15" in history
    assert "<td>unverändert</td>" in client.get("/normen/SGB II § 1", headers=HTML).text
    data = client.get("/api/norms/SGB II § 3a/history").json()
    assert [e["state"] for e in data["entries"]] == ["absent", "new"]
    assert client.get("/api/norms/SGB XII § 27/history").status_code == 404
    assert "Rechtsänderungen von SGB II" in client.get(f"/dokument/{new}", headers=HTML).text


def _law_text(folder: Path, name: str, words: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: Testverordnung\ndoc_type: Gesetz\nnorm: KtEfV\n---\n# Testverordnung\n\n"
                    f"# § 1 – Zweck\n\nDie Eignung wird {words} geprüft.\n", encoding="utf-8")
    return path


def test_readers_see_only_the_versions_they_may_see(fake_kb, tmp_path):
    ids = [fake_kb.ingesting.ingest([_law_text(tmp_path, f"v{i}.md", words)], hints).files[0].document_id
           for i, (words, hints) in enumerate([("einmal", None), ("jährlich", None),
                                               ("vierteljährlich", MetaHints(district="Kusel", visibility="intern"))])]
    for user, district in (("saarlouis.leser", "Saarlouis"), ("kusel.leser", "Kusel")):
        fake_kb.accounts.add_user(SYSTEM, user, "geheim-genug-123", district, "leser")
    app = create_app(fake_kb)
    expected = {"saarlouis.leser": ids[1], "kusel.leser": ids[2], None: ids[1]}  # None: anonymous reading
    for user, newest in expected.items():
        client = TestClient(app)
        if user:
            assert login(client, user, "geheim-genug-123").status_code == 303
        data = client.get("/api/law-changes", params={"law": "KtEfV"}).json()
        assert data["new"]["id"] == newest, user
        page = client.get("/rechtsaenderungen/KtEfV", headers=HTML).text
        assert ("vierteljährlich" in page) == (newest == ids[2]), user
        history = client.get("/api/norms/KtEfV § 1/history").json()["entries"]
        assert len(history) == (3 if newest == ids[2] else 2), user
