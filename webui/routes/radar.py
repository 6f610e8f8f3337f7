"""The Prüfliste of the change radar (`/pruefliste`, CSV, marking; JSON `GET/POST /api/radar`)
and the Atom feeds (`/feeds/{district}.atom`).

Who sees which flags and who may mark them is decided in `kb.services.radar` (a district's
flags for its readers and redakteure, all for admins; marking needs an editor of the district).
The list needs a login: a flag says which circulars of a district may be outdated.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kb.access import Principal
from kb.domain import DISTRICTS, NETWORK, IngestError
from kb.services.feeds import NETWORK_FEED, atom
from kb.services.radar import ChangeRadar
from kb.services.radar_schemas import RadarFilters, RadarFlagOut, RadarMark, RadarPage
from webui.csv_export import csv_response, csv_text
from webui.deps import Editor, Radar, Reader, norm_filter
from webui.flash import flash, pop_flash
from webui.security import check_csrf

router = APIRouter()
Text = Annotated[str, Query(max_length=100)]
State = Annotated[Literal["", "offen", "geprüft", "ersetzt"], Query()]
CSV_HEADERS = ("Nr.", "Dokument", "Dokument-ID", "Kreis", "Datum", "Gesetz", "Fassungen", "Normen", "Stand",
               "Geprüft von", "Geprüft am", "Ersetzt durch")


def _page(radar: ChangeRadar, principal, district: str, law: str, norm: str, state: str) -> RadarPage:
    if principal.anonymous:
        raise HTTPException(401, "Bitte melden Sie sich an.", headers={"WWW-Authenticate": "Bearer"})
    filters = RadarFilters(district=district.strip() or None, law=law.strip() or None,
                           norm=norm_filter(norm) if norm.strip() else None, state=state or None)
    return radar.page(filters)


@router.get("/api/radar", response_model=RadarPage, tags=["Normen"],
            summary="Prüfliste: Dokumente, die geänderte Normen zitieren (eigener Kreis, Admins alle)")
def api_radar(radar: Radar, principal: Reader, district: Text = "", law: Text = "", norm: Text = "",
              state: State = "") -> RadarPage:
    return _page(radar, principal, district, law, norm, state)


def _mark(request: Request, principal: Principal, flag_id: int, decision: RadarMark) -> RadarFlagOut:
    """Mark as the acting editor: 404 for a flag they cannot see, 403 (AccessDenied) for one they
    may not change, 422 with the reason for a bad replacing document."""
    radar = request.app.state.kb.radar.acting(principal)
    try:
        done = radar.mark(flag_id, decision)
    except IngestError as exc:
        raise HTTPException(422, str(exc)) from exc
    if done is None:
        raise HTTPException(404, "Eintrag der Prüfliste nicht gefunden.")
    return done


@router.post("/api/radar/{flag_id}", response_model=RadarFlagOut, tags=["Verwaltung"],
             summary="Eintrag der Prüfliste als geprüft oder ersetzt markieren (Redakteure des Kreises)")
def api_mark(request: Request, flag_id: int, body: RadarMark, principal: Editor) -> RadarFlagOut:
    return _mark(request, principal, flag_id, body)


@router.get("/pruefliste", response_class=HTMLResponse, include_in_schema=False)
def pruefliste(request: Request, radar: Radar, principal: Reader, district: Text = "", law: Text = "",
               norm: Text = "", state: State = "offen"):
    page = _page(radar, principal, district, law, norm, state)
    return request.app.state.templates.TemplateResponse(request, "pruefliste.html", {
        "page": page, "norm": norm, "state": state, "districts": [*DISTRICTS, NETWORK], "flash": pop_flash(request),
        "nav": "pruefliste"})


@router.post("/pruefliste/{flag_id}", include_in_schema=False)
def mark_form(request: Request, flag_id: int, principal: Editor, csrf: Annotated[str, Form()],
              state: Annotated[Literal["geprüft", "ersetzt"], Form()],
              replaced_by: Annotated[str, Form(max_length=20)] = ""):
    check_csrf(request, csrf)
    if state == "ersetzt" and not replaced_by.strip().isdigit():
        raise HTTPException(422, "Bitte die Nummer des ersetzenden Dokuments angeben (z. B. 42).")
    decision = RadarMark(state=state, replaced_by=int(replaced_by) if state == "ersetzt" else None)
    done = _mark(request, principal, flag_id, decision)
    flash(request, f"„{done.title}“: {done.state_label}.", done.id)
    return RedirectResponse("/pruefliste", 303)


def flags_csv(flags: list[RadarFlagOut]) -> str:
    return csv_text(CSV_HEADERS, [(
        f.id, f.title, f.document_id, f.district or "", f"{f.doc_day:%d.%m.%Y}", f.law,
        f"{f.old_version} → {f.new_version}", ", ".join(n.norm for n in f.norms), f.state_label,
        f.checked_by or "", f"{f.checked_at:%d.%m.%Y %H:%M}" if f.checked_at else "", f.replaced_by_id or "")
        for f in flags])


@router.get("/pruefliste.csv", include_in_schema=False)
def pruefliste_csv(radar: Radar, principal: Reader, district: Text = "", law: Text = "", norm: Text = "",
                   state: State = ""):
    """Semicolon-separated with BOM, as German spreadsheet programs open it directly."""
    page = _page(radar, principal, district, law, norm, state)
    return csv_response(flags_csv(page.flags), "pruefliste.csv")


@router.get("/feeds/{name}.atom", include_in_schema=False)
def feed(request: Request, name: str, principal: Reader):
    """Network documents only, whoever reads: a feed URL is passed around."""
    feeds = request.app.state.kb.feeds
    district = feeds.district_of(name)
    if district is None:
        raise HTTPException(404, f"Keinen Feed „{name[:40]}“ gefunden (Kreisname wie st-wendel oder netzwerk).")
    title = "Südwestoption – Neues " + ("im Netzwerk" if district == NETWORK_FEED else f"aus {district}")
    body = atom(feeds.entries(district), name, title, str(request.base_url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")
