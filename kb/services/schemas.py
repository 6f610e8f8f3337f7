"""The service's public data: one object per answer, used by the CLI (`--json`), the JSON API and
the HTML pages alike, so that the three never disagree."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field, computed_field, field_validator

from ingest.models import DocType
from kb.services.api_types import RowId, UtcDateTime, Year, as_utc  # noqa: F401  (re-exported)
from kb.services.network_names import thread_url
from kb.services.radar_schemas import RadarFlagOut


class SearchFilters(BaseModel):
    """Several values of one filter are alternatives (OR); different filters combine (AND)."""

    district: list[str] = Field(default_factory=list)
    doc_type: list[str] = Field(default_factory=list)
    year: list[Year] = Field(default_factory=list)
    norm: list[str] = Field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    document_id: RowId | None = None
    as_of: date | None = None  # "Stand am": what was in force that day (default: today)
    include_outdated: bool = False  # also replaced, expired and not yet valid documents

    @field_validator("district", "doc_type", "year", "norm", mode="before")
    @classmethod
    def _as_list(cls, value):
        if value is None or value == "":
            return []
        return [value] if isinstance(value, (str, int)) else [v for v in value if v not in (None, "")]

    @property
    def active(self) -> bool:
        return any(bool(v) for v in self.model_dump().values())


class SearchQuery(BaseModel):
    text: str = Field(..., max_length=1000)
    k: int = Field(10, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1000)
    filters: SearchFilters = Field(default_factory=SearchFilters)
    mode: str | None = None  # dense | lexical | hybrid; None = setting
    sort: str = Field("relevance", pattern="^(relevance|date)$")
    facets: bool = False  # count districts, types, years and norms among the best passages
    highlight: bool = True  # mark the sentences that best answer the query
    spellcheck: bool = True  # correct words the collection has never seen ('Mehrbedraf')


class Highlight(BaseModel):
    start: int
    end: int
    score: float


class SearchHit(BaseModel):
    rank: int
    score: float = Field(description="Wert der Rangfusion (nur zum Sortieren, ohne absolute Bedeutung)")
    confidence: float = Field(0.0, ge=0, le=1, description="Sicherheit, dass dieser Abschnitt die Frage "
                              "beantwortet (0–1, kalibriert)")
    chunk_id: int
    document_id: int
    title: str
    source: str
    district: str | None
    doc_type: str
    visibility: str = "netzwerk"
    date: date | None
    section: str | None
    page: int | None
    text: str
    page_end: int | None = None
    heading_path: list[str] = Field(default_factory=list)
    norms: list[str] = Field(default_factory=list)
    highlights: list[Highlight] = Field(default_factory=list)
    version: int = 1
    valid_from: date | None = None
    valid_to: date | None = None
    superseded_by: int | None = None
    superseded_on: date | None = None
    state: str = "current"  # today: current | superseded | replaced | expired | future
    # norms of the document a newer law version changed, not yet checked (the change radar)
    outdated_norms: list[str] = Field(default_factory=list)
    ocr_confidence: float | None = None  # the passage's page(s) were read by OCR, with this confidence

    @computed_field  # type: ignore[prop-decorator]
    @property
    def url(self) -> str:
        """The document page, opened at this passage (a network post: its thread)."""
        return self.thread_url or f"/dokument/{self.document_id}?chunk={self.chunk_id}#abschnitt-{self.chunk_id}"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def thread_url(self) -> str | None:
        """A `Netzwerkfrage` hit stands for a question or answer: it links to the thread."""
        return thread_url(self.source) if self.doc_type == DocType.NETZWERKFRAGE else None


class FacetValue(BaseModel):
    value: str
    count: int  # documents among the best passages


class SearchResponse(BaseModel):
    query: str
    corrected_query: str | None = None  # what was searched instead of `query` (typos corrected)
    results: list[SearchHit]
    total_candidates: int = 0
    # gut: the best passages answer the question; schwach: they may; keine: none does (the
    # results are the nearest passages, not answers). See kb/services/confidence.py.
    match: str = Field("keine", pattern="^(gut|schwach|keine)$")
    # passages among the ranking's first candidates (KB_CANDIDATES) that may answer
    # (confidence ≥ KB_MATCH_WEAK): the "etwa N Treffer" of the search page
    total_matching: int = 0
    took_ms: float = 0.0
    mode: str = "hybrid"
    facets: dict[str, list[FacetValue]] = Field(default_factory=dict)


class DocumentInfo(BaseModel):
    id: int
    title: str
    source: str
    district: str | None
    doc_type: str
    date: date | None
    format: str
    law: str | None
    page_count: int | None
    chunk_count: int
    size_bytes: int
    visibility: str = "netzwerk"  # netzwerk | intern
    version: int = 1
    valid_from: date | None = None
    valid_to: date | None = None
    superseded_by: int | None = None  # the newer version or the replacing document
    superseded_on: date | None = None
    state: str = "current"  # today: current | superseded | replaced | expired | future


class ChunkInfo(BaseModel):
    id: int
    ordinal: int
    text: str
    section: str | None
    heading_path: list[str]
    page_start: int | None
    page_end: int | None
    norms: list[str] = Field(default_factory=list)
    norm_self: str | None = None
    ocr_uncertain: bool = False  # on a page OCR read with low confidence


class VersionInfo(DocumentInfo):
    """One version in a document's history: who brought it in, and when."""

    created_at: UtcDateTime | None = None
    created_by: str | None = None


class OcrPageInfo(BaseModel):
    page: int
    confidence: float | None  # 0–100, Tesseract's mean word confidence
    uncertain: bool = False  # below KB_OCR_LOW_CONFIDENCE: "Texterkennung unsicher"


class DocumentDetail(DocumentInfo):
    chunks: list[ChunkInfo]
    ocr_pages: list[OcrPageInfo] = Field(default_factory=list)  # pages read by OCR
    extraction_note: str | None = None  # why pages have no text (OCR off, Tesseract missing, …)
    history: list[VersionInfo] = Field(default_factory=list)  # every version of its series, oldest first
    successor: DocumentInfo | None = None  # the newer version or replacing document
    replaces: list[DocumentInfo] = Field(default_factory=list)  # documents this one replaced
    radar: list[RadarFlagOut] = Field(default_factory=list)  # change radar: norms changed since (all states)
    mail: DocumentInfo | None = None  # the e-mail this file came attached to
    attachments: list[DocumentInfo] = Field(default_factory=list)  # an e-mail's attachments

    @property
    def outdated_norms(self) -> list[str]:
        """The norms of the open flags: "möglicherweise veraltet" while there is one."""
        return sorted({n.norm for f in self.radar if f.state == "offen" for n in f.norms})


class FileOutcome(BaseModel):
    """What happened to one file of an ingest batch."""

    path: str
    status: str  # added | unchanged | replaced | failed | duplicate
    reason: str | None = None
    document_id: int | None = None
    chunks: int = 0
    pages: int = 0
    attachments: list[FileOutcome] = Field(default_factory=list)  # a mail's attachments, each its own document


class IngestReport(BaseModel):
    files: list[FileOutcome] = Field(default_factory=list)
    seconds: float = 0.0
    pruned: list[str] = Field(default_factory=list)  # titles removed by a sync with --prune

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def pages(self) -> int:
        return sum(f.pages for f in self.files if f.status in ("added", "replaced"))

    @property
    def chunks(self) -> int:
        return sum(f.chunks for f in self.files if f.status in ("added", "replaced"))


class Stats(BaseModel):
    documents: int  # in force today
    outdated: int = 0  # older versions, replaced, expired or not yet valid documents
    chunks: int
    pages: int
    by_type: dict[str, int]
    by_district: dict[str, int]
    by_format: dict[str, int]
    index_vectors: int
    index_details: dict[str, Any] = {}  # kind and parameters of the vector index (`kb stats --index`)
    database: str
    indexes: str = ""  # where the indexes live and with which parameters
    data_dir: str
    model: str
