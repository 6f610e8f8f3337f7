"""Named points where the crash trials kill the process (`KB_TEST_CRASH_AT=phase:n`).

Crash safety is claimed for every phase of a write — parsing, embedding, storing the original,
inside the transaction, after the commit, while saving and while rebuilding the indexes — and a
claim needs a proof that lands *in* each phase, not wherever a timer happens to fire. The trials
(tests/kb_cli/test_kill_trials.py, bench/kill_trials.py) set `KB_TEST_CRASH_AT=embedded:3`: the
third time the process reaches the point "embedded" it kills itself with SIGKILL, exactly as
`kill -9` would, with no cleanup. Unset (always, in operation) a point costs one comparison.
"""

from __future__ import annotations

import os
import signal

PHASES = ("parsed", "embedded", "stored", "in-transaction", "committed", "saving", "rebuilding")
_PLAN = os.environ.get("KB_TEST_CRASH_AT", "")
_seen: dict[str, int] = {}


def reach(phase: str) -> None:
    """Count this passage through `phase`; die here if the plan says so."""
    if not _PLAN:
        return
    _seen[phase] = _seen.get(phase, 0) + 1
    target, _, count = _PLAN.partition(":")
    if phase == target and _seen[phase] == int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
