"""The change radar in the web app (SQLite and PostgreSQL, fake embedder): the Prüfliste per
district, marking through the form (CSRF) and the API (token), audited; the CSV export; the Atom
feeds; the badge "möglicherweise veraltet" on hits and on the document page. The world is the
sample circulars of `corpus/` and SGB II before and after the reform of 1.7.2026."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.access import SYSTEM
from kb.domain import DocType, MetaHints
from tests.webui.logins import bearer, csrf_of, login
from webui.app import create_app

ROOT = Path(__file__).resolve().parents[2]
SGB2 = ("laws/history/sgb_2_md_2026-04-01_kmein_pre-neue-grundsicherung.md", "laws/md_2026-08_kmein/sgb_2.md")
KUSEL = "kusel/rs-2026-03-kooperationsplan-fortschreibung.md"
SAARLOUIS = "saarlouis/rs-2026-02-pflichtverletzungen-rechtsfolgenbelehrung.md"
UNCHANGED = "st-wendel/rs-2026-01-ziele-der-grundsicherung.md"
PASSWORD = "geheim-genug-123"
USERS = {"kusel.leser": ("Kusel", "leser"), "kusel.redakteur": ("Kusel", "redakteur"),
         "saarlouis.redakteur": ("Saarlouis", "redakteur"), "netz.admin": ("Südwestoption", "admin")}
HTML = {"accept": "text/html"}
ATOM = "{http://www.w3.org/2005/Atom}"


def _ingest(kb, path: Path, hints: MetaHints | None = None) -> int:
    outcome = kb.ingesting.ingest([path], hints).files[0]
    assert outcome.status in ("added", "replaced"), outcome.reason
    return outcome.document_id


@pytest.fixture
def world(fake_kb, shared, tmp_path):
    kb = fake_kb
    ids = {name: _ingest(kb, ROOT / "corpus" / name) for name in (KUSEL, SAARLOUIS, UNCHANGED)}
    formula = tmp_path / "formel.md"  # a title a spreadsheet would run as a formula
    formula.write_text("# =SUMME(A1:A9)\n\nKusel, 2. Mai 2026\n\nDie Belehrung nach § 31 Abs. 1 SGB II.\n",
                       encoding="utf-8")
    ids["formula"] = _ingest(kb, formula, MetaHints(district="Kusel", doc_type=DocType.RUNDSCHREIBEN,
                                                    date=date(2026, 5, 2), title="=SUMME(A1:A9)"))
    older = tmp_path / Path(SGB2[0]).name
    older.write_bytes((shared / "corpus-real" / SGB2[0]).read_bytes())
    (tmp_path / f"{older.name}.meta.json").write_text(json.dumps({"stand": "2026-04-01"}), encoding="utf-8")
    _ingest(kb, older)
    _ingest(kb, shared / "corpus-real" / SGB2[1], MetaHints(valid_from=date(2026, 7, 1)))
    for name, (district, role) in USERS.items():
        kb.accounts.add_user(SYSTEM, name, PASSWORD, district, role)
    return kb, create_app(kb), ids


def client_of(app, user: str | None) -> TestClient:
    client = TestClient(app)
    if user:
        assert login(client, user, PASSWORD).status_code == 303
    return client


def flag_of(client, document_id: int) -> dict:
    return next(f for f in client.get("/api/radar", params={"state": ""}).json()["flags"]
                if f["document_id"] == document_id)


def test_each_district_sees_its_flags_and_admins_all(world):
    _kb, app, ids = world
    leser = client_of(app, "kusel.leser").get("/api/radar").json()
    assert {f["district"] for f in leser["flags"]} == {"Kusel"} and not leser["can_mark"]
    assert {f["document_id"] for f in leser["flags"]} == {ids[KUSEL], ids["formula"]}
    admin = client_of(app, "netz.admin").get("/api/radar").json()
    assert {f["document_id"] for f in admin["flags"]} == {ids[KUSEL], ids["formula"], ids[SAARLOUIS]}
    only = client_of(app, "netz.admin").get("/api/radar", params={"district": "Saarlouis", "norm": "§ 31 SGB II"})
    assert [f["document_id"] for f in only.json()["flags"]] == [ids[SAARLOUIS]]
    page = client_of(app, "kusel.leser").get("/pruefliste", headers=HTML).text
    assert "Fortschreibung des Kooperationsplans" in page and "Pflichtverletzungen" not in page
    assert 'action="/pruefliste/' not in page  # a reader has no marking form
    assert 'href="/rechtsaenderungen/SGB II?from=1&amp;to=2#norm-15"' in page
    assert TestClient(app).get("/api/radar").status_code == 401


def test_marking_through_the_form_and_the_api_is_checked_and_audited(world):
    kb, app, ids = world
    kusel, formula = flag_of(client_of(app, "kusel.leser"), ids[KUSEL]), flag_of(client_of(app, "kusel.leser"),
                                                                                  ids["formula"])
    other = client_of(app, "saarlouis.redakteur")
    token = csrf_of(other.get("/pruefliste", headers=HTML).text)
    assert other.post(f"/pruefliste/{kusel['id']}", data={"csrf": token, "state": "geprüft"}).status_code == 404
    leser = client_of(app, "kusel.leser")
    token = csrf_of(leser.get("/?q=Kooperationsplan", headers=HTML).text)
    assert leser.post(f"/pruefliste/{kusel['id']}", data={"csrf": token, "state": "geprüft"}).status_code == 403
    editor = client_of(app, "kusel.redakteur")
    assert editor.post(f"/pruefliste/{kusel['id']}", data={"csrf": "falsch", "state": "geprüft"}).status_code == 403
    token = csrf_of(editor.get("/pruefliste", headers=HTML).text)
    done = editor.post(f"/pruefliste/{kusel['id']}", data={"csrf": token, "state": "geprüft"}, follow_redirects=False)
    assert done.status_code == 303 and flag_of(editor, ids[KUSEL])["state"] == "geprüft"
    assert editor.post(f"/api/radar/{formula['id']}", json={"state": "geprüft"}).status_code == 401  # no token
    api = TestClient(app, headers=bearer(kb, "kusel.redakteur"))
    bad = api.post(f"/api/radar/{formula['id']}", json={"state": "ersetzt"})
    assert bad.status_code == 422 and "ersetzende" in bad.json()["detail"]
    replaced = api.post(f"/api/radar/{formula['id']}", json={"state": "ersetzt", "replaced_by": ids[KUSEL]})
    assert replaced.status_code == 200 and replaced.json()["replaced_by_id"] == ids[KUSEL]
    assert kb.documents.detail(ids["formula"]).superseded_by == ids[KUSEL]
    entries = kb.audit.page(action="radar_check").entries
    assert sorted((e.login, e.object_id, e.detail["state"]) for e in entries) == [
        ("kusel.redakteur", str(ids[KUSEL]), "geprüft"), ("kusel.redakteur", str(ids["formula"]), "ersetzt")]


def test_the_csv_has_german_headers_and_no_formulas(world):
    _kb, app, ids = world
    response = client_of(app, "kusel.redakteur").get("/pruefliste.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Nr.", "Dokument", "Dokument-ID", "Kreis", "Datum"] and "Normen" in rows[0]
    by_id = {int(r[2]): r for r in rows[1:]}
    assert set(by_id) == {ids[KUSEL], ids["formula"]}
    assert by_id[ids["formula"]][1] == "'=SUMME(A1:A9)" and "SGB II § 31" in by_id[ids["formula"]][7]
    assert not any(cell[:1] in "=+-@" for row in rows for cell in row if cell)


def test_the_feed_is_atom_with_the_new_flags_newest_first(world, tmp_path):
    kb, app, _ids = world
    secret = tmp_path / "intern.md"
    secret.write_text("# Vertretungsampel intern\n\nKusel, 3. Mai 2026\n\nNach § 15 SGB II gilt die Ampel.\n",
                      encoding="utf-8")
    _ingest(kb, secret, MetaHints(district="Kusel", doc_type=DocType.PROTOKOLL, visibility="intern"))
    client = client_of(app, "kusel.leser")
    response = client.get("/feeds/kusel.atom")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert "Möglicherweise veraltet: Fortschreibung des Kooperationsplans nach § 15 SGB II" in titles
    assert not any("Pflichtverletzungen und Rechtsfolgenbelehrung" in t for t in titles)  # Saarlouis
    assert any(t.startswith("Neue Fassung 2:") for t in titles)  # the law version
    assert not any("Vertretungsampel" in t for t in titles)  # intern: never in a feed
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    network = ET.fromstring(client.get("/feeds/netzwerk.atom").content)
    assert any("Pflichtverletzungen" in (e.findtext(f"{ATOM}title") or "") for e in network.iter(f"{ATOM}entry"))
    assert client.get("/feeds/atlantis.atom").status_code == 404


def test_feeds_need_a_login_unless_anonymous_reading_is_on(world, monkeypatch):
    kb, app, _ids = world
    anonymous = TestClient(app)
    assert ET.fromstring(anonymous.get("/feeds/kusel.atom").content).tag == f"{ATOM}feed"  # reading is on here
    monkeypatch.setattr(kb.settings.security, "anonymous_read", False)
    assert anonymous.get("/feeds/kusel.atom").status_code == 401
    assert client_of(app, "kusel.leser").get("/feeds/kusel.atom").status_code == 200


def test_hits_and_the_document_page_carry_the_badge(world):
    _kb, app, ids = world
    client = client_of(app, "kusel.leser")
    hits = client.get("/api/search", params={"q": "Kooperationsplan Potenzialanalyse", "k": 20}).json()["results"]
    by_doc = {h["document_id"]: h for h in hits}
    assert "SGB II § 15" in by_doc[ids[KUSEL]]["outdated_norms"]
    assert by_doc.get(ids[UNCHANGED], {"outdated_norms": []})["outdated_norms"] == []
    page = client.get("/", params={"q": "Kooperationsplan Potenzialanalyse"}, headers=HTML).text
    assert "möglicherweise veraltet" in page
    detail = client.get(f"/api/documents/{ids[KUSEL]}").json()
    assert detail["radar"][0]["state"] == "offen"
    assert detail["radar"][0]["change_url"] == "/rechtsaenderungen/SGB II?from=1&to=2"
    doc_page = client.get(f"/dokument/{ids[KUSEL]}", headers=HTML).text
    assert "möglicherweise veraltet" in doc_page and "/rechtsaenderungen/SGB II?from=1&amp;to=2#norm-15" in doc_page
    assert "möglicherweise veraltet" not in client.get(f"/dokument/{ids[UNCHANGED]}", headers=HTML).text
