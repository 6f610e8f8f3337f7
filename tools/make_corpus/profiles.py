"""Letterhead data of the eight districts and the network (public administrative names only)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    folder: str
    org: str  # first letterhead line
    unit: str  # issuing unit
    subline: str  # second letterhead line
    city: str  # seat of the administration, used in "Kusel, 14. April 2025"
    state: str


ZKT = "zugelassener kommunaler Träger nach § 6a SGB II"

PROFILES: dict[str, Profile] = {
    "Saarlouis": Profile(
        "saarlouis", "Landkreis Saarlouis", "Jobcenter Landkreis Saarlouis",
        f"Der Landrat – Jobcenter ({ZKT})", "Saarlouis", "Saarland"),
    "St. Wendel": Profile(
        "st-wendel", "Landkreis St. Wendel", "Kommunales Jobcenter St. Wendel",
        f"Der Landrat – Kommunales Jobcenter ({ZKT})", "St. Wendel", "Saarland"),
    "Saarpfalz-Kreis": Profile(
        "saarpfalz-kreis", "Saarpfalz-Kreis", "Jobcenter Saarpfalz-Kreis",
        f"Der Landrat – Jobcenter ({ZKT})", "Homburg", "Saarland"),
    "Südwestpfalz": Profile(
        "suedwestpfalz", "Kreisverwaltung Südwestpfalz", "Jobcenter Landkreis Südwestpfalz",
        f"Abteilung Jobcenter ({ZKT})", "Pirmasens", "Rheinland-Pfalz"),
    "Vulkaneifel": Profile(
        "vulkaneifel", "Kreisverwaltung Vulkaneifel", "Jobcenter Vulkaneifel",
        f"Fachbereich Jobcenter ({ZKT})", "Daun", "Rheinland-Pfalz"),
    "Mayen-Koblenz": Profile(
        "mayen-koblenz", "Kreisverwaltung Mayen-Koblenz", "Jobcenter Landkreis Mayen-Koblenz",
        f"Referat Jobcenter ({ZKT})", "Koblenz", "Rheinland-Pfalz"),
    "Kusel": Profile(
        "kusel", "Kreisverwaltung Kusel", "Jobcenter Landkreis Kusel",
        f"Abteilung Jobcenter ({ZKT})", "Kusel", "Rheinland-Pfalz"),
    "Mainz-Bingen": Profile(
        "mainz-bingen", "Kreisverwaltung Mainz-Bingen", "Jobcenter Mainz-Bingen",
        f"Fachbereich Jobcenter ({ZKT})", "Ingelheim am Rhein", "Rheinland-Pfalz"),
    "Südwestoption": Profile(
        "netzwerk", "Südwestoption", "Netzwerk Südwestoption",
        "Netzwerk der Optionskommunen in Rheinland-Pfalz und im Saarland",
        "Kusel", "Rheinland-Pfalz/Saarland"),
}
