"""Finding one row of a real table: EinglMV 2026 (distribution of the federal funds per Jobcenter,
six CALS tables of ~390 rows) with the real model, for a few questions about Kusel's share.

Usage: python bench/table_rows.py [--data DIR]
Prints the chunk count, the ingest time and, per question and search mode, the rank of the
first hit that holds Kusel's row of the right table (identified by its value), or None if it is
not among the first ten. Compare two trees by running it with PYTHONPATH set to each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "corpus-real" / "laws" / "gii-xml-c14n_2026-04_eriklueth" / "einglmv_2026.xml"
QUESTIONS = [("Eingliederungsmittel Kusel 2026", "0,0596"), ("Kusel Anteil Eingliederungsmittel", "0,0596"),
             ("Verwaltungsmittel Kusel", "0,0688"), ("Weiterbildung § 66a Kusel Prozent", "0,0021")]


def main() -> None:
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase
    from kb.services.schemas import SearchQuery

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(tempfile.mkdtemp(prefix="kb-table-")))
    args = parser.parse_args()
    shutil.rmtree(args.data, ignore_errors=True)
    models = REPO / "data" / "models"
    kb = KnowledgeBase(Settings(data_dir=args.data, model=str(models / "multilingual-e5-small"), model_dir=models,
                                embed_cache="off", sentence_vectors=False))
    started = time.perf_counter()
    report = kb.ingesting.ingest([SOURCE])
    print(f"{report.chunks} Abschnitte, eingelesen in {time.perf_counter() - started:.1f} s")
    for question, value in QUESTIONS:
        for mode in ("lexical", "dense", "hybrid"):
            hits = kb.searching.search(SearchQuery(text=question, k=10, mode=mode, highlight=False,
                                                   spellcheck=False)).results
            rank = next((h.rank for h in hits if "Kusel" in h.text and value in h.text), None)
            print(f"{question:40} {mode:8} Rang {rank}")
    kb.close()


if __name__ == "__main__":
    main()
