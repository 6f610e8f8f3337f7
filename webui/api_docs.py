"""`/docs`: the OpenAPI of the JSON API in Swagger UI, served from this server under its own CSP.

FastAPI's default page loads Swagger UI from a CDN and starts it with an inline script; the
product's `Content-Security-Policy: default-src 'self'` blocks both, so the page stayed blank.
Here the assets come from the PyPI package `fastapi-offline` (Swagger UI 5, which reads
OpenAPI 3.1) and are served under `/docs/assets`; a static file of ours (`static/api-docs.js`)
starts Swagger UI with the schema URL from a data attribute — no inline script or style, no
nonce, no external host. ReDoc is not offered: its styles are injected inline and would need
`'unsafe-inline'`.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from webui.openapi_schema import install_openapi

ASSETS = "/docs/assets"


def install_api_docs(app: FastAPI) -> None:
    """The completed schema (`webui.openapi_schema`), the Swagger UI files and the `/docs` page
    (the app is built with docs_url=None)."""
    install_openapi(app)
    app.mount(ASSETS, StaticFiles(directory=str(files("fastapi_offline") / "static")), name="api-docs-assets")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        return request.app.state.templates.TemplateResponse(request, "api_docs.html", {
            "title": app.title, "openapi_url": app.openapi_url, "assets": ASSETS})
