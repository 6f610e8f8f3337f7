"""The OpenAPI schema, completed with the answers the API really gives besides success.

FastAPI documents 200 and, for routes with parameters, 422 with a list of field errors. The API
also answers 401 (no or a revoked token), 403 (role or district does not allow it), 404 (an id
or norm that does not exist or is not visible), 413 (upload too large) and 422 with one German
sentence (a date, a norm or a file that cannot be read). A client generated from the schema, and
the schema fuzzing test (`tests/webui/test_api_fuzz.py`), must be able to rely on every status
and body being described; this module adds them in one place instead of on every route.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR = {"title": "Fehler", "type": "object", "required": ["detail"],
         "properties": {"detail": {"title": "Meldung", "type": "string", "description": "deutsche Meldung"}}}
ERROR_REF = {"$ref": "#/components/schemas/Fehler"}
VALIDATION_DETAIL = {"title": "Detail", "description": "Feldfehler (Liste) oder eine deutsche Meldung",
                     "anyOf": [{"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}},
                               {"type": "string"}]}
ANSWERS = {
    "400": "Anfrage fehlerhaft aufgebaut (z. B. ein beschädigter Upload)",
    "401": "Nicht angemeldet: Token fehlt, ist ungültig oder widerrufen",
    "403": "Keine Berechtigung (Rolle oder Kreis)",
    "404": "Nicht gefunden oder nicht sichtbar",
    "413": "Datei zu groß",
    "429": "Zu viele ungültige Tokens von dieser Adresse (Anmeldesperre)",
}


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": ANSWERS["404"]}}
"""For `responses=` of a route that looks something up by a query parameter (a path parameter
gets its 404 documented anyway)."""


def install_openapi(app: FastAPI) -> None:
    """Replace `app.openapi` by the completed schema (built once, like FastAPI's)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            app.openapi_schema = completed(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def completed(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Fehler"] = ERROR
    if "HTTPValidationError" in components:
        components["HTTPValidationError"]["properties"]["detail"] = VALIDATION_DETAIL
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation["responses"]
            for status in _statuses(path, operation):
                responses.setdefault(status, {"description": ANSWERS[status]})
            for status, answer in responses.items():
                if status[0] in "45" and status != "422":
                    answer.setdefault("content", {"application/json": {"schema": ERROR_REF}})
    return schema


def _statuses(path: str, operation: dict[str, Any]) -> list[str]:
    statuses = ["401", "403", "429"]
    if "{" in path:
        statuses.append("404")
    body = operation.get("requestBody", {}).get("content", {})
    if body:
        statuses.append("400")
    if "multipart/form-data" in body:
        statuses.append("413")
    return statuses
