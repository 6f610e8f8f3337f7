"""Shared fixtures for the ingest tests: the real-document corpus and parsed law texts.

The corpus lives next to the repository (`../shared/corpus-real`); CI has it. Parsing the
68-page SGB II PDF takes a few seconds, so it is parsed once per test session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus-real"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """Root of the real test corpus; skips when the shared folder is not available."""
    if not SHARED.exists():
        pytest.skip(f"real corpus not available ({SHARED} does not exist)")
    return CORPUS


@pytest.fixture(scope="session")
def sgb2_pdf_doc(corpus: Path):
    """SGB II (Bürgergeld) PDF from gesetze-im-internet.de, parsed once."""
    from ingest.parsers.pdf import PdfParser

    path = corpus / "pdf/gii-gesetze/SGB_02_Buergergeld.pdf"
    return PdfParser().parse(path.read_bytes(), path.name)


@pytest.fixture(scope="session")
def sgb2_xml_doc(corpus: Path):
    """The same SGB II version as GII XML (raw download with DOCTYPE), parsed once."""
    from ingest.parsers.gii_xml import GiiXmlParser

    path = corpus / "laws/gii-xml_2025-03_daniel-j-h/sgb_2.xml"
    return GiiXmlParser().parse(path.read_bytes(), path.name)
