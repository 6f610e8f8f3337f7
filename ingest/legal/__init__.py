"""Legal and organisational knowledge of the network in one place: laws, norm ids, document types,
districts.

Parsers, the citation grammar, the search and the norm index all need to know what "SGB 2" is,
which law "SGB II § 22" belongs to, what a "Weisung" is and how "St. Wendel" is spelt; these
tables used to be repeated across packages and drifted apart. Pure data and functions, no I/O,
so `kb` and `webui` can import them as freely as `ingest` does.
"""

from ingest.legal.districts import DISTRICT_PATTERNS, DISTRICTS, NETWORK, detect_district, parse_district
from ingest.legal.doc_types import QUERY_PATTERNS, TITLE_PATTERNS, asked_doc_types, detect_doc_type, parse_doc_type
from ingest.legal.laws import (
    ARTICLE_LAWS,
    KNOWN_LAWS,
    LAW_SUBJECTS,
    LAWS,
    RENAMED,
    ROMAN,
    SGB_LAWS,
    canonical_law,
    current_law_name,
    former_law_names,
    is_sgb,
    law_after,
    law_before,
    match_law,
)
from ingest.legal.norms import NUMBER_PREFIX, law_of_norm, named_laws, norm_sort_key, section_title_without_number

__all__ = [
    "ARTICLE_LAWS", "DISTRICTS", "DISTRICT_PATTERNS", "KNOWN_LAWS", "LAWS", "LAW_SUBJECTS", "NETWORK", "NUMBER_PREFIX",
    "QUERY_PATTERNS", "RENAMED", "ROMAN", "SGB_LAWS", "TITLE_PATTERNS", "asked_doc_types", "canonical_law",
    "current_law_name", "detect_district", "detect_doc_type", "former_law_names", "is_sgb", "law_after",
    "law_before", "law_of_norm", "match_law", "named_laws", "norm_sort_key", "parse_district", "parse_doc_type",
    "section_title_without_number",
]
