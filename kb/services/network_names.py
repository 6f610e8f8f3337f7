"""How a network post is known as an indexed document: its file name, source key and thread URL.

Kept apart (and free of heavy imports) because the search hit's URL needs the thread address,
and the schemas must not import the indexing machinery.
"""

from __future__ import annotations

import re

_NAME_RE = re.compile(r"^netzwerkfrage-(\d+)(?:-antwort-(\d+))?\.md$")


def file_name(question_id: int, answer_id: int | None = None) -> str:
    """`netzwerkfrage-7.md` or `netzwerkfrage-7-antwort-12.md`: also what the search shows as source."""
    return f"netzwerkfrage-{question_id}" + (f"-antwort-{answer_id}" if answer_id else "") + ".md"


def source_key(question_id: int, answer_id: int | None = None) -> str:
    return f"netzwerk:frage/{question_id}" + (f"/antwort/{answer_id}" if answer_id else "")


def thread_path(question_id: int, answer_id: int | None = None) -> str:
    return f"/netzwerk/fragen/{question_id}" + (f"#antwort-{answer_id}" if answer_id else "")


def thread_url(source_name: str) -> str | None:
    """The thread a `Netzwerkfrage` document stands for, from its file name; None for others."""
    match = _NAME_RE.match(source_name)
    if match is None:
        return None
    return thread_path(int(match[1]), int(match[2]) if match[2] else None)
