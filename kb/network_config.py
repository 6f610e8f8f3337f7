"""Settings of the network's exchange: group `network` of `kb.config.Settings` (the configured
working groups and the mail providers a contact entry may not use) and group `network_posts`
(the limits of questions and answers).

Its own module so `kb/config.py` stays small. The working groups are configuration, not data:
the list is synchronised into `working_groups` at every start (`kb.services.groups.sync_groups`),
so adding a group is a setting change and removing one deactivates it without losing its minutes.
"""

from __future__ import annotations

import re

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_ENV = SettingsConfigDict(env_prefix="KB_", env_file=".env", extra="ignore")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
PRIVATE_DOMAINS = ("gmail.com,googlemail.com,web.de,gmx.de,gmx.net,gmx.at,gmx.ch,t-online.de,freenet.de,"
                   "arcor.de,online.de,email.de,1und1.de,posteo.de,mailbox.org,yahoo.com,yahoo.de,outlook.com,"
                   "outlook.de,hotmail.com,hotmail.de,live.com,live.de,msn.com,icloud.com,me.com,aol.com,aol.de,"
                   "protonmail.com,proton.me,gmx.com,mail.de,vodafone.de,kabelmail.de")


class NetworkSettings(BaseSettings):
    """Working groups, contact directory and the limits of their pages."""

    model_config = _ENV
    working_groups: str = Field(
        "leistung=AG Leistung;finanzen=AG Finanzen;it=AG Software/IT",
        description="Arbeitsgruppen als 'kürzel=Name;kürzel=Name' (Kürzel: Kleinbuchstaben, Ziffern, "
                    "Bindestrich); entfernte Gruppen werden beim Start deaktiviert, nie gelöscht")
    contact_private_domains: str = Field(
        PRIVATE_DOMAINS, description="Private E-Mail-Anbieter, die im Kontaktverzeichnis abgelehnt werden "
                                     "(durch Komma getrennt, Unterdomänen eingeschlossen)")
    group_minutes_limit: int = Field(50, ge=1, le=1000, description="Höchstzahl der Protokolle auf einer "
                                                                    "Gruppenseite")
    group_posts_limit: int = Field(20, ge=1, le=500, description="Höchstzahl offener Fragen und neuester "
                                                                 "Antworten auf einer Gruppenseite")
    news_days: int = Field(14, ge=1, le=3650, description="„Neu für mich“ beim ersten Besuch: Beiträge so vieler "
                                                          "Tage")
    news_limit: int = Field(100, ge=1, le=1000, description="Höchstzahl der Einträge auf „Neu für mich“")
    contacts_limit: int = Field(2000, ge=1, le=100_000, description="Höchstzahl der Einträge im "
                                                                    "Kontaktverzeichnis")

    @field_validator("working_groups")
    @classmethod
    def _groups_parse(cls, value: str) -> str:
        """A typo fails at start with the entry named, not as a silently missing group."""
        parse_working_groups(value)
        return value

    @property
    def groups(self) -> dict[str, str]:
        """slug → name of each configured working group, in the configured order."""
        return parse_working_groups(self.working_groups)

    @property
    def private_domains(self) -> frozenset[str]:
        return frozenset(d.strip().lower().lstrip("@") for d in self.contact_private_domains.split(",") if d.strip())


def parse_working_groups(value: str) -> dict[str, str]:
    """'leistung=AG Leistung;it=AG Software/IT' → {'leistung': 'AG Leistung', 'it': 'AG Software/IT'}."""
    groups: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in value.split(";"))):
        slug, sep, name = (p.strip() for p in entry.partition("="))
        if not sep or not SLUG.fullmatch(slug) or not name or len(name) > 200:
            raise ValueError(f"KB_WORKING_GROUPS: '{entry}' ist nicht 'kürzel=Name' (Kürzel aus Kleinbuchstaben, "
                             "Ziffern und Bindestrich, höchstens 64 Zeichen; Name höchstens 200 Zeichen)")
        if slug in groups:
            raise ValueError(f"KB_WORKING_GROUPS: Kürzel '{slug}' ist doppelt")
        groups[slug] = name
    return groups


class NetworkPostSettings(BaseSettings):
    """Limits of questions and answers: a post is a question between colleagues, not a document."""

    model_config = _ENV
    network_title_max_chars: int = Field(200, ge=10, le=300, description="Höchstlänge des Titels einer Frage")
    network_body_max_chars: int = Field(8000, ge=100, le=100_000,
                                        description="Höchstlänge des Textes einer Frage oder Antwort")
    network_max_links: int = Field(20, ge=1, le=200,
                                   description="Höchstzahl der Normen und Dokumente, die ein Beitrag nennt")
    network_list_size: int = Field(50, ge=1, le=1000, description="Einträge je Liste offener Fragen")
