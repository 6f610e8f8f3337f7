"""Ingest speed on this machine: parsing alone, and the whole pipeline with the real model.

Usage: python bench/ingest_speed.py [FOLDER ...] [--no-embed]
Default folder: ../shared/corpus-real/pdf/ba-fachliche-weisungen. The embedding cache is switched
off, so the figures are those of a first ingest. Prints pages/s and chunks/s.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "corpus-real" / "pdf" / "ba-fachliche-weisungen"


def parse_only(folders: list[Path]) -> None:
    from ingest.chunking import Chunker
    from ingest.errors import IngestError
    from ingest.pipeline import prepare_path
    from kb.services.ingest_service import expand_paths

    pages = chunks = 0
    started = time.perf_counter()
    for path in expand_paths(folders):
        try:
            doc = prepare_path(path, Chunker())
        except IngestError:
            continue
        pages += doc.meta.page_count or 0
        chunks += len(doc.chunks)
    report("parse + chunk + metadata", pages, chunks, time.perf_counter() - started)


def full(folders: list[Path]) -> None:
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase

    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(Settings(data_dir=Path(tmp), model_dir=REPO / "data" / "models",
                                    embed_cache="off"))
        kb.components.embedder  # load the model before the clock starts  # noqa: B018
        result = kb.ingesting.ingest(folders)
        report("whole pipeline, real model", result.pages, result.chunks, result.seconds)
        again = kb.ingesting.ingest(folders)
        print(f"{'re-ingest (all unchanged)':32s} {again.seconds:6.1f} s "
              f"({again.seconds / result.seconds:.1%} of the first run)")
        kb.close()


def report(label: str, pages: int, chunks: int, seconds: float) -> None:
    print(f"{label:32s} {pages:5d} pages {chunks:6d} chunks {seconds:7.1f} s   "
          f"{pages / seconds:6.2f} pages/s {chunks / seconds:7.2f} chunks/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--no-embed", action="store_true", help="only parse and chunk")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    parse_only(args.folders)
    if not args.no_embed:
        full(args.folders)


if __name__ == "__main__":
    main()
