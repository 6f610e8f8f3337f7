"""The sample corpus ships SGB II before and after the reform of 1.7.2026 and SGB X (public-domain
law texts, `corpus/gesetze/`): the norm pages show the text, the change page the reform, and the
change radar flags the sample circulars that cite changed norms — what the demo shows."""

from __future__ import annotations

from kb.access import Principal

ADMIN = Principal(user_id=1, login="netz.admin", district="Südwestoption", role="admin")


def test_both_sgb_ii_versions_form_one_series_with_the_reform_between(corpus_client):
    report = corpus_client.get("/api/law-changes", params={"law": "SGB II"}).json()
    assert (report["old"]["stand"], report["new"]["stand"]) == ("2026-04-01", "2026-08-19")
    assert report["new"]["valid_from"] == "2026-07-01" and report["new"]["state"] == "current"
    assert report["counts"]["changed"] >= 30 and report["norm_states"]["§ 22"] == "changed"
    assert any(t["old"] == "Bürgergeld" and t["new"] == "Grundsicherungsgeld" for t in report["terms"])


def test_norm_pages_show_the_current_law_text(corpus_client):
    for path, heading in (("SGB%20II%20%C2%A7%2022", "§ 22"), ("SGB%20X%20%C2%A7%2044", "§ 44")):
        norm = corpus_client.get(f"/api/norms/{path}").json()
        assert norm["law_text"] and norm["law_text"][0]["passages"][0]["section"].startswith(heading)
        page = corpus_client.get(f"/normen/{path}").text
        assert "ist nicht eingelesen" not in page
    text = " ".join(p["text"] for p in corpus_client.get("/api/norms/SGB%20II%20%C2%A7%2022").json()
                    ["law_text"][0]["passages"])
    assert "Grundsicherungsgeld" in text or "Unterkunft und Heizung" in text


def test_the_radar_flags_sample_circulars_written_before_the_reform(corpus_kb):
    flags = corpus_kb.radar.acting(ADMIN).page().flags
    assert flags, "circulars citing changed SGB II norms before 1.7.2026 are flagged"
    assert {f.law for f in flags} == {"SGB II"}
    assert len({f.district for f in flags}) >= 3
