"""The sample corpus's invented threads (corpus/netzwerk/threads.json), posted through the network
service, so that a demo's exchange is not empty and its posts are found like any other.

They are written by the ordinary `Network` service as sample users of their district (no accounts:
nobody can log in as them), so client-data check, norm links and the `Netzwerkfrage` documents are
exactly those of a real post. Loading is idempotent: a thread whose author already asked a question
of that title is left alone, so a second load (a restart, `kb serve` after `kb ingest`) adds nothing.
Cited documents are named by their path inside the corpus and must be read in first.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from sqlalchemy import select

from kb.access import Principal
from kb.db.models import Document
from kb.db.network_models import Question

log = logging.getLogger(__name__)
THREADS_FILE = Path("netzwerk") / "threads.json"


def load_sample_threads(kb, corpus: Path) -> int:
    """Post the corpus's sample threads that are not there yet; returns how many were posted."""
    path = corpus / THREADS_FILE
    if not path.is_file():
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    authors = {login: Principal(None, login, a["district"], a["role"]) for login, a in data["autoren"].items()}
    posted = 0
    for thread in data["threads"]:
        asker = authors[thread["author"]]
        if _already_asked(kb, asker.login, thread["title"]):
            continue
        _post_thread(kb, corpus, thread, asker, authors)
        posted += 1
    return posted


def _post_thread(kb, corpus: Path, thread: dict, asker: Principal, authors: dict[str, Principal]) -> None:
    question_id = kb.network.acting(asker).ask(thread["title"], thread["body"], norms=thread["norms"],
                                               documents=_documents(kb, corpus, thread["documents"]))
    for answer in thread["answers"]:
        kb.network.acting(authors[answer["author"]]).answer(
            question_id, answer["body"], norms=answer["norms"], documents=_documents(kb, corpus, answer["documents"]))


def _already_asked(kb, login: str, title: str) -> bool:
    with kb.sessions() as session:
        return session.scalar(select(Question.id).where(Question.author_login == login,
                                                        Question.title == title).limit(1)) is not None


def _documents(kb, corpus: Path, paths: list[str]) -> list[int]:
    """Ids of the cited corpus files as read in (the newest version); a missing one is left out."""
    ids = []
    with kb.sessions() as session:
        for relative in paths:
            key = str((corpus / relative).resolve())
            doc_id = session.scalar(select(Document.id).where(Document.source_key == key)
                                    .order_by(Document.id.desc()).limit(1))
            if doc_id is None:
                log.warning("Beispielthread: Dokument %s ist nicht eingelesen, der Verweis entfällt", relative)
            else:
                ids.append(doc_id)
    return ids
