"""What `kb serve` does before and beside the first request: answer at once, read the sample
corpus in the background, show its progress.

Loading the model and indexes takes seconds and reading the sample corpus minutes on a small
machine; a server that only listens afterwards looks broken. So the server listens at once: the
model loads in a thread (a request that needs it waits for it), and an empty database gets the
sample corpus as an ordinary ingest job that the server's job worker runs — with a progress bar in
the terminal and a notice on every page ("Beispielkorpus wird eingelesen … (x von y)").
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from kb_cli.context import console

FINISHED = ("done", "failed")


def warm_up(kb) -> threading.Thread:
    """Load model and indexes in the background (the components guard their loading with a lock,
    so the first request waiting for them gets the same objects)."""
    thread = threading.Thread(target=_load, args=(kb,), name="kb-warm-up", daemon=True)
    thread.start()
    return thread


def _load(kb) -> None:
    if kb.settings.model.embedder != "fake":
        from kb.services.model import set_threads  # imports torch: here, not before listening

        set_threads(kb.settings.model.serve_threads)
    kb.components.indexes  # noqa: B018


def queue_sample(kb, corpus: Path) -> int:
    """The sample corpus as a queued ingest job; the server's worker picks it up."""
    job_id, _ = kb.jobs.create_ingest([corpus], None)
    console.print(f"Datenbank leer: Beispielkorpus {corpus} wird als Auftrag {job_id} eingelesen "
                  "(die Weboberfläche antwortet schon währenddessen).")
    return job_id


def follow(kb, job_id: int, poll: float = 1.0, corpus: Path | None = None) -> threading.Thread:
    """A terminal progress bar (files, chunks, time left) for the job, until it ends; then the
    corpus's sample threads, which cite its documents."""
    thread = threading.Thread(target=_follow, args=(kb, job_id, poll, corpus), name="kb-sample-progress",
                              daemon=True)
    thread.start()
    return thread


def sample_threads(kb, corpus: Path) -> int:
    """Post the sample corpus's invented network threads (once; see kb.services.network_sample)."""
    from kb.services.network_sample import load_sample_threads

    posted = load_sample_threads(kb, corpus)
    if posted:
        console.print(f"Beispielkorpus: {posted} Beispielfragen im Netzwerk eingestellt.")
    return posted


def _follow(kb, job_id: int, poll: float, corpus: Path | None = None) -> None:
    columns = (TextColumn("Beispielkorpus"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[chunks]} Abschnitte"), TimeElapsedColumn(), TextColumn("noch"),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("sample", total=None, chunks=0)
        while (job := kb.jobs.get(job_id)) is not None and job.state not in FINISHED:
            bar.update(task, total=job.files_total or None, completed=job.files_done, chunks=job.chunks)
            time.sleep(poll)
    if job is not None:
        console.print(f"Beispielkorpus: {job.files_done - job.files_failed} Dateien eingelesen, "
                      f"{job.files_failed} fehlgeschlagen, {job.chunks} Abschnitte (kb jobs show {job_id}).")
    if job is not None and job.state == "done" and corpus is not None:
        sample_threads(kb, corpus)
