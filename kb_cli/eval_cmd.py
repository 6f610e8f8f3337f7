"""`kb eval`: measure search quality on a question set."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kb.services.evaluation import EvalResult, evaluate, load_questions
from kb_cli.context import console, fail, open_kb

MODES = ("dense", "lexical", "hybrid")


def eval_command(
    file: Annotated[Path, typer.Argument(help="Fragen als JSONL (Format: ../shared/eval/README.md)")],
    mode: Annotated[str | None, typer.Option("--mode", help="dense | lexical | hybrid | all")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    show_misses: Annotated[bool, typer.Option("--misses/--no-misses")] = True,
) -> None:
    """Suchqualität messen: Recall@1/5/10, MRR@10 und die Fehlgriffe."""
    if not file.is_file():
        raise fail(f"Datei nicht gefunden: {file}", 2)
    try:
        questions = load_questions(file)
    except ValueError as exc:
        raise fail(str(exc), 2) from exc
    kb = open_kb()
    modes = MODES if mode == "all" else [mode or kb.settings.ranking.search_mode]
    if any(m not in MODES for m in modes):
        raise fail("--mode muss dense, lexical, hybrid oder all sein", 2)
    results = [evaluate(questions, kb.searching.search, m) for m in modes]
    if as_json:
        typer.echo("[" + ",".join(r.model_dump_json() for r in results) + "]" if len(results) > 1
                   else results[0].model_dump_json(indent=2))
        return
    print_results(results, show_misses)


def print_results(results: list[EvalResult], show_misses: bool) -> None:
    table = Table("Modus", "Fragen", "Recall@1", "Recall@5", "Recall@10", "MRR@10")
    for r in results:
        table.add_row(r.mode, str(r.questions), f"{r.recall_at_1:.3f}", f"{r.recall_at_5:.3f}",
                      f"{r.recall_at_10:.3f}", f"{r.mrr_at_10:.3f}")
    console.print(table)
    if not show_misses:
        return
    for r in results:
        if r.misses:
            console.print(f"\n[bold]Nicht auf Platz 1 ({r.mode}):[/bold]")
        for m in r.misses:
            where = f"Rang {m.rank}" if m.rank else "nicht in Top 10"
            console.print(f"  {where}: {m.q}\n    erwartet {m.expected}; erster Treffer: {m.first or '–'}",
                          highlight=False)
