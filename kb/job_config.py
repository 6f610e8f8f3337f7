"""Settings of background jobs (group `jobs` of `kb.config.Settings`): the worker in the server,
resuming interrupted jobs, watched import folders, ZIP uploads.

Its own module so `kb/config.py` stays small; `kb.config` re-exports both names.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_ENV = SettingsConfigDict(env_prefix="KB_", env_file=".env", extra="ignore")


class JobSettings(BaseSettings):
    """Background jobs: the worker in the server, resuming interrupted jobs, import folders, ZIP uploads."""

    model_config = _ENV
    job_worker: bool = Field(True, description="Aufträge im Server abarbeiten (aus: nur anlegen, z. B. wenn "
                                               "ein anderer Server sie ausführt)")
    job_stale_seconds: int = Field(
        60, ge=2, le=24 * 3600, description="Ein laufender Auftrag ohne Lebenszeichen seit so vielen Sekunden "
        "gilt als unterbrochen und wird fortgesetzt")
    job_poll_seconds: float = Field(5.0, gt=0, le=600, description="So oft sieht der Server nach neuen Aufträgen")
    import_dirs: str = Field(
        "", description="Überwachte Importordner je Kreis: 'kreis:/pfad,kreis:/pfad' "
        "(z. B. mayen-koblenz:/srv/import/myk)")
    import_interval_minutes: int = Field(15, ge=1, description="Abstand der Abgleiche eines Importordners")
    import_prune: bool = Field(False, description="Beim Abgleich Dokumente entfernen, deren Datei fehlt")
    zip_max_members: int = Field(1000, ge=1, description="Höchstzahl der Einträge eines hochgeladenen ZIP-Archivs")
    zip_max_member_mb: int = Field(100, ge=1, description="Höchstgröße einer entpackten Datei aus einem ZIP")
    zip_max_total_mb: int = Field(500, ge=1, description="Höchstgröße aller entpackten Dateien eines Uploads")

    @field_validator("import_dirs")
    @classmethod
    def _import_dirs_are_district_folders(cls, value: str) -> str:
        """A wrong district or a missing ':' fails at start, not silently at the first sync."""
        parse_import_dirs(value)
        return value

    @property
    def import_folders(self) -> list[tuple[str, Path]]:
        """(district, folder) of each watched import folder."""
        return parse_import_dirs(self.import_dirs)


def parse_import_dirs(value: str) -> list[tuple[str, Path]]:
    """'mayen-koblenz:/srv/import/myk,kusel:/srv/import/kus' → [('Mayen-Koblenz', Path(…)), …]."""
    from ingest.legal import DISTRICTS, NETWORK, parse_district

    folders = []
    for entry in filter(None, (part.strip() for part in value.split(","))):
        name, sep, folder = entry.partition(":")
        district = parse_district(name) if name.strip() else ""
        if not sep or not folder.strip() or district not in (*DISTRICTS, NETWORK):
            raise ValueError(f"KB_IMPORT_DIRS: '{entry}' ist nicht 'kreis:/pfad' mit einem der Kreise "
                             f"{', '.join(DISTRICTS)} oder netzwerk")
        folders.append((district, Path(folder.strip()).expanduser()))
    return folders
