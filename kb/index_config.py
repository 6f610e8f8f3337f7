"""Settings of the vector indexes: the FAISS switch to IVF (`KB_FAISS_ANN_…`) and the memory a
pgvector HNSW build may use (`KB_PG_BUILD_…`).

Its own module so `kb/config.py` stays small; `StorageSettings` inherits the fields, so they are
read as `settings.storage.faiss_ann_threshold` beside `vector_index`, which selects the backend.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

_ENV = SettingsConfigDict(env_prefix="KB_", env_file=".env", extra="ignore")


class FaissAnnSettings(BaseSettings):
    """When `KB_VECTOR_INDEX=ivf` turns exact search into IVF, and how exact IVF must stay."""

    model_config = _ENV
    faiss_ann_threshold: int = Field(
        50_000, ge=1, description="Ab so vielen Vektoren wird der FAISS-Index im Hintergrund zu IVF "
        "umgebaut (bis dahin und währenddessen exakte Suche)")
    faiss_ann_recall: float = Field(
        0.95, gt=0, le=1, description="Geforderter Recall@10 von IVF gegenüber exakter Suche; danach wird "
        "nprobe beim Training gewählt")

    @property
    def faiss_options(self) -> dict:
        """The IVF index's options as `index.backends` passes them."""
        return {"threshold": self.faiss_ann_threshold, "recall": self.faiss_ann_recall}


class PgBuildSettings(BaseSettings):
    """What one pgvector HNSW build (`kb reindex`, a first ingest) may use on the database server.

    pgvector builds the graph in memory while it fits into `maintenance_work_mem` and falls back to
    a build on disk that is many times slower (PostgreSQL's default is 64 MB: ≈ 40 000 vectors of
    384 dimensions). The session of the build raises it; the server's own limits still apply."""

    model_config = _ENV
    pg_build_memory: str = Field(
        "2GB", pattern=r"^[1-9][0-9]*(kB|MB|GB)$", description="Arbeitsspeicher für den Aufbau des "
        "HNSW-Index (maintenance_work_mem, z. B. 2GB; ≈ 2 GB je 1 Mio. Abschnitte)")
    pg_build_workers: int = Field(
        1, ge=0, le=16, description="Zusätzliche PostgreSQL-Prozesse beim Aufbau des HNSW-Index "
        "(max_parallel_maintenance_workers)")

    @property
    def pg_build_options(self) -> dict:
        return {"build_memory": self.pg_build_memory, "build_workers": self.pg_build_workers}
