"""The authorisation matrix over the real app: roles × own/other district × netzwerk/intern ×
every read surface, plus anonymous with and without `KB_ANONYMOUS_READ`, on SQLite and
PostgreSQL. Real database, real FAISS and FTS5 indexes, the real login form; the fake embedder
(this is about who sees what, not about ranking).

Each internal document carries a marker word, a norm, a title word and a document type that no
other document has, so every surface can be asked about it: a leak shows as the marker in a
result, a count, a corrected word or a suggestion. Each case also asserts that whoever *may*
see the document does see it there — so a surface that shows nothing at all fails too.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kb.access import SYSTEM
from kb.services.feedback import FeedbackIn
from tests.conftest import MODEL_CACHE, POSTGRES_URL, _fresh_postgres_database
from tests.webui.logins import bearer, csrf_of, login
from webui.app import create_app

PASSWORD = "geheim-genug-123"
DOCS = {
    # key: (district, visibility, doc_type, file name, marker, norm, title)
    "kusel_intern": ("Kusel", "intern", "Protokoll", "kusel-intern.md", "Vertretungsampel", "§ 16k SGB II",
                     "Dienstbesprechung Vertretungsampel"),
    "saarlouis_intern": ("Saarlouis", "intern", "Schulung", "saarlouis-intern.md", "Mietschuldenlotse",
                         "§ 16h SGB II", "Arbeitshilfe Mietschuldenlotse"),
    "kusel_netz": ("Kusel", "netzwerk", "Rundschreiben", "kusel-netz.md", "Kautionsdarlehen", "§ 22 SGB II",
                   "Rundschreiben Kautionsdarlehen"),
    "urteil": (None, "netzwerk", "Urteil", "urteil.md", "Zugunstenverfahren", "§ 44 SGB X",
               "Urteil Zugunstenverfahren"),
}
USERS = {  # login: (district, role)
    "kusel.leser": ("Kusel", "leser"), "kusel.redakteur": ("Kusel", "redakteur"),
    "saarlouis.leser": ("Saarlouis", "leser"), "saarlouis.redakteur": ("Saarlouis", "redakteur"),
    "netz.admin": ("netzwerk", "admin"), "netz.leser": ("netzwerk", "leser"),
}


def _text(key: str) -> str:
    district, visibility, doc_type, _name, marker, norm, title = DOCS[key]
    body = (f"Der {marker} regelt im Jobcenter die Zuständigkeit. Nach {norm} gilt: der {marker} "
            f"wird wöchentlich aktualisiert. Mietkaution und Darlehen bleiben unberührt. Der {marker} hilft.")
    where = f"district: {district}\n" if district else ""
    where += "arbeitsgruppe: leistung\n" if doc_type == "Protokoll" else ""  # minutes of a working group
    return (f"---\ntitle: {title}\n{where}doc_type: {doc_type}\ndate: 2026-03-01\n"
            f"visibility: {visibility}\n---\n# 1. {title}\n\n{body}\n")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request, tmp_path_factory):
    """The app with three documents and six users; ids of the documents and a rated chunk each."""
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    if request.param == "postgres" and not POSTGRES_URL:
        pytest.skip("KB_TEST_POSTGRES_URL nicht gesetzt (scripts/postgres.sh start)")
    urls = _fresh_postgres_database(POSTGRES_URL) if request.param == "postgres" else iter([None])
    url = next(urls)
    folder = tmp_path_factory.mktemp("matrix")
    settings = Settings(data_dir=folder / "data", embedder="fake", model_dir=MODEL_CACHE, database_url=url,
                        secret_key="test-secret", match_weak=0.0, match_good=0.0)  # fake vectors: all match
    kb = KnowledgeBase(settings)
    for key, spec in DOCS.items():
        (folder / spec[3]).write_text(_text(key), encoding="utf-8")
    report = kb.ingesting.ingest([folder / spec[3] for spec in DOCS.values()])
    assert report.count("failed") == 0, report.files
    ids = {key: next(d.id for d in kb.documents.list() if d.source == spec[3]) for key, spec in DOCS.items()}
    for login_name, (district, role) in USERS.items():
        kb.accounts.add_user(SYSTEM, login_name, PASSWORD, district, role)
    for key, doc_id in ids.items():
        chunk = kb.documents.detail(doc_id).chunks[0].id
        kb.feedback.add(FeedbackIn(query=f"Frage zu {DOCS[key][4]}", chunk_id=chunk, helpful=True))
    app = create_app(kb)
    yield kb, app, ids
    kb.close()
    next(urls, None)


def may_see(user: str | None, key: str) -> bool:
    """The rule, stated independently of the code under test."""
    district, visibility = DOCS[key][0], DOCS[key][1]
    if user is None:
        return visibility == "netzwerk"
    user_district, role = USERS[user]
    return visibility == "netzwerk" or role == "admin" or user_district == district


# -- the surfaces: each answers "does this client see document `key` here?" ----------------------
def _search_ids(client, q: str) -> set[int]:
    response = client.get("/api/search", params={"q": q, "k": 20})
    assert response.status_code == 200, response.text
    return {hit["document_id"] for hit in response.json()["results"]}


def search_results(client, ids, key):
    return ids[key] in _search_ids(client, DOCS[key][4])


def search_page(client, ids, key):
    page = client.get("/", params={"q": DOCS[key][4]}, headers={"accept": "text/html"})
    assert page.status_code == 200
    return f"/dokument/{ids[key]}?" in page.text or f'/dokument/{ids[key]}"' in page.text


def facet_counts(client, ids, key):
    data = client.get("/api/search", params={"q": "Mietkaution Darlehen Jobcenter", "facets": "true"}).json()
    return any(f["value"] == DOCS[key][2] and f["count"] > 0 for f in data["facets"].get("doc_type", []))


def suggestions_title(client, ids, key):
    items = client.get("/api/suggest", params={"q": DOCS[key][6].split()[1]}).json()["items"]
    return any(i.get("document_id") == ids[key] for i in items)


def suggestions_norm(client, ids, key):
    items = client.get("/api/suggest", params={"q": DOCS[key][5]}).json()["items"]
    return any(i["kind"] == "norm" and i["norm"] == _norm_id(key) for i in items)


def spelling_correction(client, ids, key):
    marker = DOCS[key][4]
    typo = marker[:-2] + marker[-1] + marker[-2]  # two letters swapped at the end
    data = client.get("/api/search", params={"q": f"{typo} Zuständigkeit"}).json()
    corrected = data.get("corrected_query") or ""
    suggested = client.get("/api/suggest", params={"q": f"{typo} Zust"}).json()["items"]
    offered = " ".join(i["label"] for i in suggested if i["kind"] == "correction")
    return marker in corrected or marker in offered


def similar_documents(client, ids, key):
    base = ids["urteil" if key != "urteil" else "kusel_netz"]
    response = client.get(f"/api/documents/{base}/similar")
    assert response.status_code == 200
    return ids[key] in {s["document"]["id"] for s in response.json()["similar"]}


def precedent(client, ids, key):
    data = client.get("/api/precedent", params={"q": DOCS[key][4]}).json()
    groups = [*data["groups"], data["network"]]  # the network's own documents are shown apart
    return any(g and g["hit"] and g["hit"]["document_id"] == ids[key] for g in groups)


def search_csv(client, ids, key):
    response = client.get("/treffer.csv", params={"q": DOCS[key][4]})
    assert response.status_code == 200
    return f"/dokument/{ids[key]}?" in response.text


def precedent_csv(client, ids, key):
    response = client.get("/vergleich.csv", params={"q": DOCS[key][4]})
    assert response.status_code == 200
    return f"/dokument/{ids[key]}?" in response.text


def _norm_id(key: str) -> str:
    number, law = DOCS[key][5].removeprefix("§ ").split(" ", 1)
    return f"{law} § {number}"


def norm_page(client, ids, key):
    response = client.get(f"/api/norms/{_norm_id(key)}")
    if response.status_code == 404:
        return False
    return ids[key] in {d["document"]["id"] for d in response.json()["citing"]}


def norm_index(client, ids, key):
    wanted = _norm_id(key)
    laws = client.get("/api/norms").json()["laws"]
    return any(n["norm"] == wanted and n["documents"] > 0 for law in laws for n in law["norms"])


def browse(client, ids, key):
    data = client.get("/api/browse").json()
    listed = ids[key] in {d["id"] for d in data["documents"]}
    counted = any(f["value"] == DOCS[key][2] for f in data["by_type"])
    assert listed == counted, "list and counts disagree"
    return listed


def newest(client, ids, key):
    return f"/dokument/{ids[key]}\"" in client.get("/neu", headers={"accept": "text/html"}).text


def document_page(client, ids, key):
    api = client.get(f"/api/documents/{ids[key]}").status_code
    html = client.get(f"/dokument/{ids[key]}", headers={"accept": "text/html"}).status_code
    assert api == html and api in (200, 404)
    return api == 200


def download(client, ids, key):
    status = client.get(f"/dokument/{ids[key]}/datei").status_code
    assert status in (200, 404)
    return status == 200


def document_list(client, ids, key):
    return ids[key] in {d["id"] for d in client.get("/api/documents").json()}


def comparison(client, ids, key):
    other = ids["urteil" if key != "urteil" else "kusel_netz"]
    api = client.get(f"/api/documents/{ids[key]}/compare", params={"with": other}).status_code
    html = client.get(f"/dokument/{other}/vergleich", params={"mit": ids[key]},
                      headers={"accept": "text/html"}).status_code
    assert api == html and api in (200, 404)
    return api == 200


def group_minutes(client, ids, key):
    """The group page lists and counts the minutes its reader may see (signed in only)."""
    response = client.get("/api/groups/leistung")
    if response.status_code == 401:
        return False
    listed = ids[key] in {m["id"] for m in response.json()["minutes"]}
    counted = {g["slug"]: g["minutes"] for g in client.get("/api/groups").json()}["leistung"]
    assert counted == len(response.json()["minutes"]), "list and count disagree"
    html = client.get("/netzwerk/gruppen/leistung", headers={"accept": "text/html"}).text
    assert (f'href="/dokument/{ids[key]}"' in html) == listed
    return listed


SURFACES = [search_results, search_page, facet_counts, suggestions_title, suggestions_norm,
            spelling_correction, similar_documents, precedent, search_csv, precedent_csv, norm_page, norm_index,
            browse, newest, document_page, download, document_list, comparison, group_minutes]
# the Kreisvergleich shows districts; a judgment belongs to none
NOT_SHOWN = {(precedent, "urteil"), (precedent_csv, "urteil")}
NOT_SHOWN |= {(group_minutes, key) for key in DOCS if DOCS[key][2] != "Protokoll"}  # only minutes are listed
# Every route of the app, by the surface (or the write test) that covers it. A new route fails
# `test_every_route_is_covered` until it is added here.
COVERED = {
    "/api/search": "search_results", "/": "search_page", "/api/suggest": "suggestions_title",
    "/api/documents/{document_id}/similar": "similar_documents", "/dokument/{document_id}/aehnlich": "similar",
    "/api/precedent": "precedent", "/vergleich": "precedent", "/treffer.csv": "search_csv",
    "/vergleich.csv": "precedent_csv", "/api/norms/{norm}": "norm_page",
    "/normen/{norm}": "norm_page", "/api/norms": "norm_index", "/normen": "norm_index",
    "/api/browse": "browse", "/dokumente": "browse", "/neu": "newest",
    "/api/documents/{document_id}": "document_page", "/dokument/{document_id}": "document_page",
    "/dokument/{document_id}/datei": "download", "/api/documents": "document_list",
    "/api/documents/{document_id}/compare": "comparison", "/dokument/{document_id}/vergleich": "comparison",
    "/rueckmeldung": "feedback", "/api/feedback": "feedback", "/api/feedback/questions": "feedback",
    "/verwaltung/rueckmeldungen": "feedback", "/verwaltung/rueckmeldungen/fragen.jsonl": "feedback",
    "/verwaltung": "writes", "/verwaltung/hochladen": "writes", "/verwaltung/loeschen/{document_id}": "writes",
    "/verwaltung/sichtbarkeit/{document_id}": "visibility",
    "/verwaltung/metadaten/{document_id}": "metadata", "/verwaltung/benutzer": "writes",
    "/verwaltung/benutzer/{login}": "writes", "/verwaltung/protokoll": "writes",
    "/anmelden": "login", "/abmelden": "login",
    "/verwaltung/auftraege": "jobs", "/verwaltung/auftraege/{job_id}": "jobs", "/api/jobs": "jobs",
    "/api/jobs/{job_id}": "jobs", "/verwaltung/neu-indizieren": "jobs",
    # law changes: only versions the reader may see (test_law_change_pages.py::
    # test_readers_see_only_the_versions_they_may_see), nothing without login (below)
    "/rechtsaenderungen": "law_changes", "/rechtsaenderungen/{law}": "law_changes",
    "/api/law-changes": "law_changes", "/api/law-changes/laws": "law_changes",
    "/api/norms/{norm}/history": "law_changes",
    # change radar (test_radar_pages.py): a district's flags for its users, all for admins, marking
    # only by the district's editors (404 other district, 403 reader), CSRF / token; feeds network-only
    "/pruefliste": "radar", "/pruefliste.csv": "radar", "/pruefliste/{flag_id}": "radar",
    "/api/radar": "radar", "/api/radar/{flag_id}": "radar", "/feeds/{name}.atom": "radar",
    # working groups and contacts: signed-in users only (below); membership and contact changes
    # (test_contact_changes_follow_the_district_rule, tests/webui/test_group_pages.py)
    "/api/groups": "group_minutes", "/api/groups/{slug}": "group_minutes", "/netzwerk/gruppen": "group_minutes",
    "/netzwerk/gruppen/{slug}": "group_minutes", "/netzwerk/gruppen/{slug}/beitreten": "groups",
    "/netzwerk/gruppen/{slug}/austreten": "groups", "/netzwerk/kontakte": "contacts", "/api/contacts": "contacts",
    "/netzwerk/kontakte/{contact_id}": "contacts", "/netzwerk/kontakte/{contact_id}/loeschen": "contacts",
    # following (tests/webui/test_follow_pages.py) and "Neu für mich" (test_news_lists_only_visible_threads)
    "/netzwerk/folgen": "follows", "/netzwerk/neu": "news", "/api/news": "news",
    # questions and answers (below): threads like documents, writes by author, asker and admin
    "/api/netzwerk/fragen": "question_list", "/netzwerk/fragen": "question_list",
    "/api/netzwerk/fragen/{question_id}": "thread_page", "/netzwerk/fragen/{question_id}": "thread_page",
    "/netzwerk/fragen/neu": "threads", "/netzwerk/fragen/{question_id}/antworten": "threads",
    "/netzwerk/{kind}/{post_id}/bearbeiten": "post_writes", "/netzwerk/{kind}/{post_id}/zurueckziehen": "post_writes",
    "/netzwerk/{kind}/{post_id}/verbergen": "post_writes", "/netzwerk/antwort/{answer_id}/hilfreich": "post_writes",
    # network feeds (test_network_feeds_show_what_each_may_see, tests/webui/test_network_feed_pages.py)
    "/feeds/ich/{token}.atom": "network_feeds", "/feeds/kreis/{district}/netzwerk.atom": "network_feeds",
    "/feeds/gruppen/{slug}.atom": "network_feeds", "/netzwerk/neu/feed": "network_feeds",
    "/netzwerk/neu/feed/{token_id}/widerrufen": "network_feeds",
}
PUBLIC = {"/openapi.json", "/docs", "/docs/assets", "/static", "/favicon.ico"}


def client_of(app, user: str | None) -> TestClient:
    client = TestClient(app)
    if user is not None:
        assert login(client, user, PASSWORD).status_code == 303
    return client


def api_client_of(app, user: str) -> TestClient:
    """A script's client: the user's personal token, no session."""
    return TestClient(app, headers=bearer(app.state.kb, user))


@pytest.mark.parametrize("user", [*USERS, None])
def test_each_user_sees_exactly_what_they_may_on_every_surface(world, user, monkeypatch):
    kb, app, ids = world
    monkeypatch.setattr(kb.settings.security, "anonymous_read", True)
    client = client_of(app, user)
    wrong = [(surface.__name__, key, may_see(user, key))
             for surface in SURFACES for key in DOCS
             if (surface, key) not in NOT_SHOWN and surface(client, ids, key) != may_see(user, key)]
    assert not wrong, f"{user}: (Fläche, Dokument, sollte sichtbar sein) falsch: {wrong}"


def test_without_anonymous_reading_nothing_is_readable_without_login(world):
    kb, app, ids = world
    assert kb.settings.security.anonymous_read is False
    client = TestClient(app)
    for path in ("/api/search?q=Mietkaution", "/api/suggest?q=Miet", "/api/norms", "/api/browse",
                 "/api/documents", f"/api/documents/{ids['kusel_netz']}", "/api/precedent?q=Kaution",
                 f"/api/documents/{ids['kusel_netz']}/similar", f"/dokument/{ids['kusel_netz']}/datei",
                 "/api/law-changes?law=SGB II", "/api/law-changes/laws", "/api/norms/SGB II § 22/history",
                 "/api/radar", "/feeds/kusel.atom", "/feeds/netzwerk.atom", "/api/groups", "/api/groups/leistung",
                 "/api/contacts", "/api/news", "/feeds/kreis/kusel/netzwerk.atom", "/feeds/gruppen/leistung.atom"):
        assert client.get(path).status_code == 401, path
    for path in ("/?q=Mietkaution", "/rechtsaenderungen", "/rechtsaenderungen/SGB II", "/pruefliste",
                 "/pruefliste.csv", "/netzwerk/gruppen", "/netzwerk/gruppen/leistung", "/netzwerk/kontakte",
                 "/netzwerk/neu"):
        page = client.get(path, headers={"accept": "text/html"}, follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/anmelden"), path


@pytest.mark.parametrize("user", ["kusel.redakteur", "saarlouis.redakteur", "netz.admin"])
def test_feedback_lists_only_ratings_of_visible_passages(world, user):
    _kb, app, _ids = world
    client = client_of(app, user)
    questions = {e["query"] for e in client.get("/api/feedback").json()["entries"]}
    for key in DOCS:
        assert (f"Frage zu {DOCS[key][4]}" in questions) == may_see(user, key), (user, key)
    exported = client.get("/api/feedback/questions").text
    assert ("Mietschuldenlotse" in exported) == may_see(user, "saarlouis_intern")


def test_readers_cannot_see_feedback_nor_rate_what_they_may_not_see(world):
    kb, app, ids = world
    client = client_of(app, "kusel.leser")
    assert client.get("/api/feedback").status_code == 403
    chunk = kb.documents.detail(ids["saarlouis_intern"]).chunks[0].id
    token = csrf_of(client.get("/?q=Kaution", headers={"accept": "text/html"}).text)
    data = {"csrf": token, "query": "x", "chunk_id": chunk, "helpful": "1"}
    assert client.post("/rueckmeldung", data=data).status_code == 404


@pytest.mark.parametrize("user", [*USERS])
def test_stats_count_only_visible_documents(world, user):
    kb, _app, _ids = world
    stats = kb.admin.acting(kb.accounts.principal(user)).stats(with_index=False)
    assert stats.documents == sum(may_see(user, key) for key in DOCS)
    assert ("Schulung" in stats.by_type) == may_see(user, "saarlouis_intern")


def _route_paths(routes):
    """Every route's path; FastAPI ≥ 0.165 keeps an included router as one entry (`original_router`)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _route_paths(inner.routes)
        elif getattr(route, "path", ""):
            yield route.path


def test_every_route_is_covered(world):
    _kb, app, _ids = world
    paths = set(_route_paths(app.routes))
    assert "/netzwerk/fragen/{question_id}" in paths  # routers are looked into, not only the app's own routes
    assert {"/netzwerk/neu", "/feeds/{name}.atom", "/anmelden"} <= paths  # the walk reaches the routers
    uncovered = {p for p in paths if p and p not in COVERED and p not in PUBLIC}
    assert not uncovered, f"Routen ohne Prüfung im Berechtigungstest: {sorted(uncovered)}"


# -- changes: who may change what, and a visibility change is effective at once -------------------
def test_a_visibility_change_is_seen_in_the_next_search_and_audited(world):
    kb, app, ids = world
    editor, other = client_of(app, "kusel.redakteur"), client_of(app, "saarlouis.leser")
    marker, doc = DOCS["kusel_intern"][4], ids["kusel_intern"]
    assert doc not in _search_ids(other, marker)
    token = csrf_of(editor.get(f"/dokument/{doc}", headers={"accept": "text/html"}).text)
    for visibility, seen in (("netzwerk", True), ("intern", False)):
        done = editor.post(f"/verwaltung/sichtbarkeit/{doc}", data={"csrf": token, "visibility": visibility},
                           follow_redirects=False)
        assert done.status_code == 303
        assert (doc in _search_ids(other, marker)) == seen
        assert (other.get(f"/api/documents/{doc}").status_code == 200) == seen
    changes = kb.audit.page(action="visibility").entries[:2]
    assert [(e.login, e.detail["to"]) for e in changes] == [("kusel.redakteur", "intern"),
                                                            ("kusel.redakteur", "netzwerk")]


@pytest.mark.parametrize(("user", "key", "status"), [
    ("saarlouis.redakteur", "kusel_intern", 404),  # cannot even see it
    ("saarlouis.redakteur", "kusel_netz", 403),  # sees it, may not change it
    ("kusel.leser", "kusel_netz", 403),
    ("kusel.redakteur", "urteil", 403),  # no district: only admins
])
def test_only_own_district_editors_and_admins_change_documents(world, user, key, status):
    kb, app, ids = world
    client = api_client_of(app, user)
    response = client.patch(f"/api/documents/{ids[key]}", json={"visibility": "intern"})
    assert response.status_code == status
    assert client.delete(f"/api/documents/{ids[key]}").status_code == status
    assert kb.documents.detail(ids[key]).visibility == DOCS[key][1]


def test_an_admin_may_change_any_district_and_a_document_without_district_stays_netzwerk(world):
    _kb, app, ids = world
    admin = api_client_of(app, "netz.admin")
    assert client_of(app, "netz.admin").patch(f"/api/documents/{ids['kusel_netz']}", json={"visibility": "intern"}
                                              ).status_code == 401  # a session cookie alone writes nothing
    assert admin.patch(f"/api/documents/{ids['kusel_netz']}", json={"visibility": "intern"}).status_code == 200
    assert admin.patch(f"/api/documents/{ids['kusel_netz']}", json={"visibility": "netzwerk"}).status_code == 200
    assert admin.patch(f"/api/documents/{ids['urteil']}", json={"visibility": "intern"}).status_code == 422


def test_a_redakteur_uploads_into_their_own_district_only(world):
    kb, app, _ids = world
    client = api_client_of(app, "kusel.redakteur")
    files = {"files": ("notiz.md", b"---\ndistrict: Saarlouis\n---\n# Notiz\n\nErreichbarkeit nach \xc2\xa7 7b SGB II.",
                      "text/markdown")}
    created = client.post("/api/documents", files=files, data={"visibility": "intern"})
    assert created.status_code == 200, created.text
    doc = kb.documents.detail(created.json()["document_id"])
    assert (doc.district, doc.visibility) == ("Kusel", "intern")
    assert client.delete(f"/api/documents/{doc.id}").status_code == 200
    assert [e.action for e in kb.audit.page(login="kusel.redakteur").entries[:2]] == ["delete", "upload"]


@pytest.mark.parametrize(("user", "status"), [("kusel.leser", 403), ("kusel.redakteur", 403), ("netz.admin", 200)])
def test_user_pages_and_audit_log_are_for_admins(world, user, status):
    _kb, app, _ids = world
    client = client_of(app, user)
    for path in ("/verwaltung/benutzer", "/verwaltung/protokoll"):
        assert client.get(path, headers={"accept": "text/html"}).status_code == status
    assert client.get("/verwaltung", headers={"accept": "text/html"}).status_code == (403 if user == "kusel.leser"
                                                                                       else 200)


def test_metadata_edits_are_checked_applied_and_audited(world):
    kb, app, ids = world
    doc = ids["kusel_netz"]
    assert api_client_of(app, "saarlouis.redakteur").patch(f"/api/documents/{doc}", json={"title": "X"}
                                                           ).status_code == 403
    editor = client_of(app, "kusel.redakteur")
    token = csrf_of(editor.get(f"/dokument/{doc}", headers={"accept": "text/html"}).text)
    form = {"csrf": token, "title": "Rundschreiben Kautionsdarlehen (neu)", "doc_type": "Weisung", "when": "2026-04-01"}
    assert editor.post(f"/verwaltung/metadaten/{doc}", data=form, follow_redirects=False).status_code == 303
    changed = editor.get(f"/api/documents/{doc}").json()
    assert (changed["title"], changed["doc_type"], changed["date"]) == (form["title"], "Weisung", "2026-04-01")
    entry = kb.audit.page(action="metadata").entries[0]
    assert entry.login == "kusel.redakteur" and entry.detail["doc_type"] == {"von": "Rundschreiben", "nach": "Weisung"}
    restore = {"title": DOCS["kusel_netz"][6], "doc_type": "Rundschreiben", "date": "2026-03-01"}
    script = api_client_of(app, "kusel.redakteur")
    assert script.patch(f"/api/documents/{doc}", json=restore).status_code == 200
    assert script.patch(f"/api/documents/{doc}", json={"title": "  "}).status_code == 422


def test_an_admin_reading_another_districts_internal_document_is_audited(world):
    kb, app, ids = world
    client_of(app, "netz.admin").get(f"/api/documents/{ids['saarlouis_intern']}")
    entry = kb.audit.page(action="read_internal").entries[0]
    assert (entry.login, entry.object_id) == ("netz.admin", str(ids["saarlouis_intern"]))


def test_admins_manage_users_in_the_web_and_every_change_is_audited(world):
    kb, app, _ids = world
    admin = client_of(app, "netz.admin")
    token = csrf_of(admin.get("/verwaltung/benutzer", headers={"accept": "text/html"}).text)
    form = {"csrf": token, "login": "neu.leserin", "password": PASSWORD, "district": "Vulkaneifel", "role": "leser"}
    assert "Benutzer neu.leserin angelegt" in admin.post("/verwaltung/benutzer", data=form).text
    assert admin.post("/verwaltung/benutzer", data={**form, "password": "kurz"}).status_code == 422
    for change in ({"action": "role", "role": "redakteur"}, {"action": "password", "password": PASSWORD + "x"},
                   {"action": "disable"}):
        assert admin.post("/verwaltung/benutzer/neu.leserin", data={"csrf": token, **change}).status_code == 200
    user = kb.accounts.user("neu.leserin")
    assert (user.role, user.active) == ("redakteur", False)
    assert login(TestClient(app), "neu.leserin", PASSWORD + "x").status_code == 401  # disabled
    actions = [e.action for e in kb.audit.page(login="netz.admin").entries[:4]]
    assert actions == ["user_change", "password", "user_change", "user_create"]
    log = admin.get("/verwaltung/protokoll", params={"user": "netz.admin", "action": "user_create"},
                    headers={"accept": "text/html"})
    assert log.status_code == 200 and "Benutzer angelegt" in log.text and "1 Einträge" in log.text


@pytest.fixture(scope="module")
def kusel_job(world):
    """An upload job of kusel.redakteur, queued through the API (not run: no worker here)."""
    _kb, app, _ids = world
    files = [("files", ("auftrag.md", b"# Auftrag\n\nMietkaution nach \xc2\xa7 22 SGB II.", "text/markdown"))]
    created = api_client_of(app, "kusel.redakteur").post("/api/jobs", files=files, data={"visibility": "intern"})
    assert created.status_code == 202, created.text
    return created.json()["id"]


def job_status(user: str | None) -> int:
    """The rule for a job: its creator and admins see it, other editors get 404 (it does not
    exist for them), readers 403 (no jobs at all), anonymous 401."""
    if user is None:
        return 401
    if USERS[user][1] == "leser":
        return 403
    return 200 if user in ("kusel.redakteur", "netz.admin") else 404


@pytest.mark.parametrize("user", [*USERS, None])
def test_jobs_are_seen_by_their_creator_and_admins_only(world, kusel_job, user):
    _kb, app, _ids = world
    client = client_of(app, user)
    expected = job_status(user)
    assert client.get(f"/api/jobs/{kusel_job}").status_code == expected
    page = client.get(f"/verwaltung/auftraege/{kusel_job}", headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == (303 if user is None else expected)  # a page asks for the login
    listing = client.get("/api/jobs")
    assert listing.status_code == (expected if expected != 404 else 200)
    if listing.status_code == 200:
        assert (kusel_job in {j["id"] for j in listing.json()}) == (expected == 200)


@pytest.mark.parametrize(("user", "status"), [("kusel.leser", 403), ("netz.leser", 403), ("kusel.redakteur", 202)])
def test_only_editors_queue_uploads_and_only_admins_rebuild_indexes(world, user, status):
    _kb, app, _ids = world
    files = [("files", (f"{user}.md", b"# Notiz\n\nErreichbarkeit.", "text/markdown"))]
    assert api_client_of(app, user).post("/api/jobs", files=files).status_code == status
    client = client_of(app, user)
    token = csrf_of(client.get("/", headers={"accept": "text/html"}).text)
    assert client.post("/verwaltung/neu-indizieren", data={"csrf": token}).status_code == 403


CONTACT = {"topic": "Eingliederung", "name": "Team Eingliederung", "email": "eingliederung@kreis.example.de",
           "phone": "0681 123-45"}


@pytest.mark.parametrize(("user", "district", "allowed"), [
    ("kusel.redakteur", "Kusel", True), ("kusel.redakteur", "Saarlouis", False), ("kusel.leser", "Kusel", False),
    ("netz.leser", "Kusel", False), ("netz.admin", "Saarlouis", True), ("saarlouis.redakteur", "Kusel", False),
])
def test_contact_changes_follow_the_district_rule(world, user, district, allowed):
    """Every signed-in user reads the directory; only the district's redakteure and admins change it."""
    kb, app, _ids = world
    client = client_of(app, user)
    page = client.get("/netzwerk/kontakte", headers={"accept": "text/html"})
    assert page.status_code == 200
    before = len(client.get("/api/contacts").json()["contacts"])
    topic = f"{CONTACT['topic']} {user} {district}"
    done = client.post("/netzwerk/kontakte", data={**CONTACT, "topic": topic, "district": district,
                                                   "csrf": csrf_of(page.text)}, follow_redirects=False)
    assert done.status_code == (303 if allowed else 403)
    listed = client_of(app, "saarlouis.leser").get("/api/contacts").json()["contacts"]
    assert len(listed) == before + allowed and any(c["topic"] == topic for c in listed) == allowed
    if allowed:
        entry = next(e for e in kb.audit.page(action="contact_create").entries if e.detail["topic"] == topic)
        assert (entry.login, entry.detail["district"]) == (user, district)


@pytest.mark.parametrize("user", [*USERS])
def test_news_lists_only_visible_threads(world, user):
    """A follower of a group sees its internal threads only where they may see internal documents."""
    kb, app, _ids = world
    from tests.network_posts import add_question

    questions = {key: add_question(kb, f"Frage {key} {user}", DOCS[key][0], "it", visibility=DOCS[key][1])
                 for key in ("kusel_intern", "saarlouis_intern", "kusel_netz")}
    client = client_of(app, user)
    page = client.get("/netzwerk/gruppen/it", headers={"accept": "text/html"})
    done = client.post("/netzwerk/folgen", data={"csrf": csrf_of(page.text), "kind": "gruppe", "target": "it",
                                                 "back": "/netzwerk/gruppen/it"})
    assert done.status_code == 200 and "Nicht mehr folgen" in done.text
    listed = {i["question_id"] for i in client.get("/api/news").json()["items"]}
    assert {key for key, q in questions.items() if q in listed} == {key for key in questions if may_see(user, key)}


# -- the network's threads: same rules as documents (`intern`: own district only), writes by role --
THREAD_MARKERS = {"intern": "Fristenampel", "netz": "Umzugslotse", "answer": "Wiedervorlagekalender"}


def _post(client, path: str, form: dict) -> object:
    token = csrf_of(client.get("/netzwerk/fragen/neu", headers={"accept": "text/html"}).text)
    return client.post(path, data={"csrf": token, **form}, follow_redirects=False)


def _ask(client, title: str, body: str, visibility: str) -> int:
    done = _post(client, "/netzwerk/fragen/neu", {"title": title, "body": body, "visibility": visibility,
                                                  "step": "stellen"})
    assert done.status_code == 303, done.text
    return int(done.headers["location"].rsplit("/", 1)[1])


def _answer(client, question_id: int, body: str) -> int:
    done = _post(client, f"/netzwerk/fragen/{question_id}/antworten", {"body": body})
    assert done.status_code == 303, done.text
    return int(done.headers["location"].rsplit("-", 1)[1])


@pytest.fixture(scope="module")
def threads(world):
    """Readers ask and answer (any signed-in user may): an internal question of Kusel answered
    within Kusel, and a network question of Saarlouis answered by Kusel. Asked after the
    document rows above ran, so their counts are not changed."""
    _kb, app, _ids = world
    kusel, kusel_editor, saarlouis = (client_of(app, u) for u in ("kusel.leser", "kusel.redakteur",
                                                                   "saarlouis.leser"))
    intern = _ask(kusel, "Fristenampel in der Leistungssachbearbeitung",
                  f"Wie nutzt ihr die {THREAD_MARKERS['intern']} für Weiterbewilligungen?", "intern")
    intern_answer = _answer(kusel_editor, intern, f"Mit dem {THREAD_MARKERS['answer']} der Teamleitung.")
    netz = _ask(saarlouis, "Umzugslotse beim Wohnungswechsel",
                f"Hat jemand einen {THREAD_MARKERS['netz']} nach § 22 SGB II eingerichtet?", "netzwerk")
    netz_answer = _answer(kusel, netz, "Ja, seit dem Frühjahr mit einer festen Ansprechperson.")
    return {"intern": intern, "intern_answer": intern_answer, "netz": netz, "netz_answer": netz_answer}


def thread_page(client, ids, key):
    api = client.get(f"/api/netzwerk/fragen/{ids[key]}").status_code
    html = client.get(f"/netzwerk/fragen/{ids[key]}", headers={"accept": "text/html"}).status_code
    assert api == html and api in (200, 404), (api, html)
    return api == 200


def question_list(client, ids, key):
    listed = ids[key] in {q["id"] for q in client.get("/api/netzwerk/fragen").json()}
    html = client.get("/netzwerk/fragen", headers={"accept": "text/html"}).text
    assert (f'href="/netzwerk/fragen/{ids[key]}"' in html) == listed, "page and API disagree"
    return listed


def thread_search(client, ids, key):
    """The question and its answer are found by the one search, linked to the thread."""
    marker = THREAD_MARKERS[key]
    urls = {h["url"] for h in client.get("/api/search", params={"q": marker, "k": 20}).json()["results"]}
    page = client.get("/", params={"q": marker}, headers={"accept": "text/html"}).text
    found = f"/netzwerk/fragen/{ids[key]}" in urls
    assert (f'/netzwerk/fragen/{ids[key]}"' in page) == found, "search page and API disagree"
    if key == "intern":  # the answer is as internal as its question
        answer = f"/netzwerk/fragen/{ids[key]}#antwort-{ids['intern_answer']}"
        assert (answer in {h["url"] for h in client.get("/api/search", params={
            "q": THREAD_MARKERS["answer"], "k": 20}).json()["results"]}) == found
    return found


@pytest.mark.parametrize("user", [*USERS, None])
def test_an_internal_question_is_seen_in_its_district_only(world, threads, user, monkeypatch):
    kb, app, _ids = world
    monkeypatch.setattr(kb.settings.security, "anonymous_read", True)
    client = client_of(app, user)
    expected = {"intern": may_see(user, "kusel_intern"), "netz": True}
    wrong = [(surface.__name__, key) for surface in (thread_page, question_list, thread_search)
             for key in expected if surface(client, threads, key) != expected[key]]
    assert not wrong, f"{user}: (Fläche, Frage) falsch: {wrong}"


@pytest.mark.parametrize(("user", "action", "status"), [
    ("kusel.redakteur", "edit", 403), ("netz.admin", "edit", 403), ("saarlouis.leser", "edit", 404),
    ("kusel.leser", "edit", 303),  # only the author
    ("kusel.redakteur", "withdraw", 403), ("netz.admin", "withdraw", 403), ("saarlouis.redakteur", "withdraw", 404),
    ("kusel.redakteur", "hide", 403), ("kusel.leser", "hide", 403), ("saarlouis.leser", "hide", 404),
    ("kusel.redakteur", "helpful", 403), ("netz.admin", "helpful", 403), ("saarlouis.leser", "helpful", 404),
    ("kusel.leser", "helpful", 303),  # only the asker
])
def test_only_authors_edit_and_withdraw_admins_hide_askers_mark_helpful(world, threads, user, action, status):
    kb, app, _ids = world
    forms = {"edit": (f"/netzwerk/frage/{threads['intern']}/bearbeiten",
                      {"title": "Fristenampel in der Leistungssachbearbeitung",
                       "body": f"Wie nutzt ihr die {THREAD_MARKERS['intern']} für Weiterbewilligungen (ergänzt)?"}),
             "withdraw": (f"/netzwerk/frage/{threads['intern']}/zurueckziehen", {}),
             "hide": (f"/netzwerk/frage/{threads['intern']}/verbergen", {"reason": "Doppelt gestellt"}),
             "helpful": (f"/netzwerk/antwort/{threads['intern_answer']}/hilfreich", {"value": "1"})}
    path, form = forms[action]
    assert _post(client_of(app, user), path, form).status_code == status
    view = kb.network_reads.thread(threads["intern"])
    assert view.question.status == "sichtbar"
    assert view.answers[0].helpful == (action == "helpful" and status == 303)
    if action == "helpful" and status == 303:  # undone for the other rows
        assert _post(client_of(app, user), path, {"value": "0"}).status_code == 303


def test_an_admin_hides_a_post_with_a_reason_and_it_leaves_the_search(world, threads):
    kb, app, _ids = world
    admin, reader = client_of(app, "netz.admin"), client_of(app, "saarlouis.leser")
    answer = threads["netz_answer"]
    path = f"/netzwerk/antwort/{answer}/verbergen"
    assert _post(admin, path, {"reason": ""}).status_code == 400  # a reason is required
    assert _post(admin, path, {"reason": "Enthält eine Vermutung über einen Einzelfall"}).status_code == 303
    view = reader.get(f"/api/netzwerk/fragen/{threads['netz']}").json()
    hidden = next(a for a in view["answers"] if a["id"] == answer)
    assert hidden["status"] == "verborgen"
    assert kb.audit.page(action="net_hide").entries[0].login == "netz.admin"


def _atom_titles(response) -> set[str]:
    from lxml import etree

    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    root = etree.fromstring(response.content)
    return {e.findtext("{http://www.w3.org/2005/Atom}title") for e in root.iter("{http://www.w3.org/2005/Atom}entry")}


@pytest.mark.parametrize("user", [*USERS])
def test_network_feeds_show_what_each_may_see(world, user):
    """District and group feeds: network threads only, for everyone; the personal feed: the user's view."""
    kb, app, _ids = world
    from tests.network_posts import add_question

    questions = {key: f"Feed {key} {user}" for key in ("kusel_intern", "saarlouis_intern", "kusel_netz")}
    for key, title in questions.items():
        add_question(kb, title, DOCS[key][0], "finanzen", visibility=DOCS[key][1])
    client = client_of(app, user)
    kb.following.acting(kb.accounts.principal(user)).follow("gruppe", "finanzen")
    token = kb.network_feeds.acting(kb.accounts.principal(user)).create_token()
    mine = _atom_titles(TestClient(app).get(f"/feeds/ich/{token}.atom"))  # the token alone, no session
    assert {k for k, t in questions.items() if any(title.endswith(t) for title in mine)} == {
        k for k in questions if may_see(user, k)}
    public = (_atom_titles(client.get("/feeds/gruppen/finanzen.atom")) | _atom_titles(client.get(
        "/feeds/kreis/kusel/netzwerk.atom")) | _atom_titles(client.get("/feeds/kreis/saarlouis/netzwerk.atom")))
    assert {k for k, t in questions.items() if any(title.endswith(t) for title in public)} == {"kusel_netz"}
