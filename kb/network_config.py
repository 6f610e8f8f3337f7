"""Settings of the network's questions and answers (group `network_posts` of `kb.config.Settings`).

Its own module so `kb/config.py` stays small; the name leaves `network` free for the working
groups, contacts and feeds, which have settings of their own.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

_ENV = SettingsConfigDict(env_prefix="KB_", env_file=".env", extra="ignore")


class NetworkPostSettings(BaseSettings):
    """Limits of questions and answers: a post is a question between colleagues, not a document."""

    model_config = _ENV
    network_title_max_chars: int = Field(200, ge=10, le=300, description="Höchstlänge des Titels einer Frage")
    network_body_max_chars: int = Field(8000, ge=100, le=100_000,
                                        description="Höchstlänge des Textes einer Frage oder Antwort")
    network_max_links: int = Field(20, ge=1, le=200,
                                   description="Höchstzahl der Normen und Dokumente, die ein Beitrag nennt")
    network_list_size: int = Field(50, ge=1, le=1000, description="Einträge je Liste offener Fragen")
