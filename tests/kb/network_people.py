"""Accounts of three districts and the network's admin, shared by the network service tests."""

from __future__ import annotations

from kb.access import SYSTEM, Principal

PASSWORD = "geheim-passwort-1"
USERS = {"kusel": ("Kusel", "leser"), "myk": ("Mayen-Koblenz", "redakteur"), "myk2": ("Mayen-Koblenz", "leser"),
         "admin2": ("Südwestoption", "admin")}


def add_people(kb) -> dict[str, Principal]:
    """Create the accounts; their principals by login."""
    for login, (district, role) in USERS.items():
        kb.accounts.add_user(SYSTEM, login, PASSWORD, district, role)
    return {login: kb.accounts.principal(login) for login in USERS}
