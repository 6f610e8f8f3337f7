"""The core's public domain vocabulary: document types, districts, metadata hints, norm ids, errors.

These are defined in `ingest` (which needs them to parse) and re-exported here unchanged. Callers
above the core (`webui`, `kb_cli`) depend on `kb` only, never on `ingest` directly, so `ingest` can
change behind this module without touching them.
"""

from __future__ import annotations

from ingest.chunking import TABLE_SEPARATOR
from ingest.citations import parse_norm_query
from ingest.errors import IngestError
from ingest.legal import DISTRICTS, NETWORK, parse_district
from ingest.metadata import MetaHints, hints_from_mapping, parse_date
from ingest.models import DocType

__all__ = ["DISTRICTS", "NETWORK", "TABLE_SEPARATOR", "DocType", "IngestError", "MetaHints", "hints_from_mapping",
           "parse_date", "parse_district", "parse_norm_query"]
