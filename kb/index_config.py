"""Settings of the embedded FAISS vector index's switch to IVF (variables `KB_FAISS_ANN_…`).

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
