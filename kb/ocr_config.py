"""Settings of OCR for scans (group `scans` of `kb.config.Settings`; variables `KB_OCR…`).

Its own module so `kb/config.py` stays small; the group is not called `ocr` because the
top-level group would then read `KB_OCR` (the switch) as its whole value.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.parsers.ocr_options import OcrOptions

_ENV = SettingsConfigDict(env_prefix="KB_", env_file=".env", extra="ignore")


class ScanSettings(BaseSettings):
    """Tesseract OCR of PDF pages without a text layer and of image files."""

    model_config = _ENV
    ocr: Literal["auto", "off"] = Field(
        "auto", description="Texterkennung für Scans: auto = mit Tesseract, wenn installiert; off = nie")
    ocr_language: str = Field(
        "deu", pattern=r"^[a-z_]{3,16}(\+[a-z_]{3,16})*$",
        description="Tesseract-Sprachmodell(e), z. B. deu oder deu+eng")
    ocr_page_timeout: float = Field(
        120.0, gt=0, le=3600, description="Sekunden je Seite, danach wird die Erkennung der Seite abgebrochen")
    ocr_max_image_pixels: int = Field(
        100_000_000, ge=1_000_000, description="Größere Bilder werden abgelehnt (auch Pillows Schutz vor "
        "Dekompressionsbomben); PDF-Seiten werden darunter gerastert")
    ocr_dpi: int = Field(
        300, ge=100, le=600, description="Auflösung, in der PDF-Seiten für die Erkennung gerastert werden")
    ocr_min_letters: int = Field(
        20, ge=1, le=1000, description="Eine PDF-Seite mit weniger Buchstaben in der Textebene gilt als Scan")
    ocr_low_confidence: float = Field(
        70.0, ge=0, le=100, description="Seiten mit geringerer Erkennungssicherheit (0–100) werden als "
        "„Texterkennung unsicher“ markiert")

    def options(self) -> OcrOptions:
        """What the parsers get (`ingest.parsers.ocr_options`)."""
        return OcrOptions(mode=self.ocr, language=self.ocr_language, page_timeout=self.ocr_page_timeout,
                          max_image_pixels=self.ocr_max_image_pixels, dpi=self.ocr_dpi,
                          min_letters=self.ocr_min_letters)
