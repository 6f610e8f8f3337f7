"""An HTML original shown as a page, not downloaded — cleaned first.

Intranet pages are the one original format a browser could render, but their markup is foreign:
scripts, event handlers, forms, iframes, tracking images. Served as they are from our origin they
would run with a signed-in user's rights. So the page is sanitised with nh3 (the Ammonia
sanitizer: an allow-list of tags and attributes, no scripts, no styles, no images, only
http/https/mailto links), wrapped in a plain page that says what it is, and sent with a CSP of its
own that allows nothing but our stylesheet, in a sandbox. `?download=1` still gives the file.
"""

from __future__ import annotations

from html import escape

import nh3
from fastapi.responses import HTMLResponse

ORIGINAL_CSP = ("default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; "
                "frame-ancestors 'none'; sandbox allow-popups allow-popups-to-escape-sandbox")
DROPPED = {"img", "picture", "source"}  # remote images would call home (tracking pixels)


def sanitized(html: str) -> str:
    tags = set(nh3.ALLOWED_TAGS) - DROPPED
    return nh3.clean(html, tags=tags, link_rel="noopener noreferrer nofollow", url_schemes={"http", "https", "mailto"})


def original_page(html: str, name: str, document_id: int) -> HTMLResponse:
    body = sanitized(html)
    page = (f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{escape(name)} – Original'
            '</title><link rel="stylesheet" href="/static/original.css"></head><body>'
            f'<p class="original-note">Originaldatei „{escape(name)}“, bereinigt angezeigt: ohne Skripte, Formulare, '
            f'eingebettete Inhalte und Bilder. <a href="/dokument/{document_id}">Zur Dokumentseite</a> · '
            f'<a href="/dokument/{document_id}/datei?download=1">Datei herunterladen</a></p>'
            f'<main>{body}</main></body></html>')
    return HTMLResponse(page, headers={"Content-Security-Policy": ORIGINAL_CSP})
