"""A norm across the ingested versions of its law: in each version, was it new, changed,
unchanged, repealed — compared with the version before?

The norm page shows this so that a caseworker reading § 15 sees at once that the 2026 reform
rewrote it, and can open that diff. Built from the norm states of consecutive version pairs
(`LawDiffs.norm_states`), which the change radar asks for too.
"""

from __future__ import annotations

from itertools import pairwise

from ingest.legal import law_of_norm
from kb.db.models import Document
from kb.services.law_diffs import LawDiffs
from kb.services.law_schemas import NormHistory, NormVersion, norm_anchor
from kb.services.law_versions import version_info

PRESENT_BEFORE = ("unchanged", "changed", "repealed")
"""States that say the norm had text in the older version of a pair."""


def split_norm(norm_id: str) -> tuple[str, str]:
    """("SGB II", "§ 15") of "SGB II § 15"; a norm id without a number gives an empty number."""
    law = law_of_norm(norm_id)
    return law, norm_id[len(law):].strip()


def norm_history(diffs: LawDiffs, versions: list[Document], norm_id: str, law: str) -> NormHistory | None:
    """The norm in each version, oldest first; None when fewer than two versions are there."""
    number = split_norm(norm_id)[1]
    if len(versions) < 2 or not number:
        return None
    steps = [diffs.norm_states(old, new).get(number) for old, new in pairwise(versions)]
    first = "first" if steps[0] in PRESENT_BEFORE else "absent"
    entries = [NormVersion(version=version_info(versions[0]), state=first)]
    for previous, doc, state in zip(versions[:-1], versions[1:], steps, strict=True):
        entries.append(NormVersion(version=version_info(doc), state=state or "absent", previous=previous.version))
    return NormHistory(norm=norm_id, law=law, number=number, anchor=norm_anchor(number), entries=entries)
