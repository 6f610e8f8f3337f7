"""Schemathesis over the published OpenAPI schema, against the real app in-process (ASGI, no
network), as an admin with a personal API token: every operation with valid and invalid input
(its examples, boundary values of every declared bound — ids 0 and 2^31, years 0 and 10000,
lengths, enums —, random data) must answer without a 5xx, and every answer must match the
schema (status code, content type, body).

Bounded: 25 generated examples per operation and mode plus the boundary cases, fixed seed,
stateful sequences off (they would multiply the count without touching other code); about
10–20 s on two cores. The figures of a run are printed (`pytest -s`) and kept in
`docs/reliability.md`. No operation is excluded.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pytest
import schemathesis
from schemathesis.engine import Status, events

from kb.config import Settings
from kb.services.feedback import FeedbackIn
from kb.services.knowledge_base import KnowledgeBase
from tests.conftest import MODEL_CACHE
from tests.webui.logins import bearer
from webui.app import create_app

EXAMPLES = 25
SEED = 17
CHECKS = ("not_a_server_error", "response_schema_conformance", "content_type_conformance", "status_code_conformance")
DOCS = {
    "kusel-kdu.md": "---\ntitle: Rundschreiben KdU\ndistrict: Kusel\ndoc_type: Rundschreiben\ndate: 2025-04-14\n"
                    "visibility: intern\n---\n# 2. Umzug\n\nEin Umzug ohne Zusicherung nach § 22 Abs. 4 SGB II "
                    "führt zur Deckelung der Unterkunftskosten.\n",
    "netz-but.md": "---\ntitle: Weisung Bildung und Teilhabe\ndoc_type: Weisung\ndate: 2026-01-01\n---\n"
                   "# Schulbedarf\n\nDer Schulbedarf nach § 28 Abs. 3 SGB II wird zum 1. August gezahlt.\n",
    "sgb2-22.md": "---\ntitle: SGB II (Auszug)\ndoc_type: Gesetz\nnorm: SGB II\n---\n# § 22 Bedarfe für "
                  "Unterkunft und Heizung\n\n(1) Bedarfe für Unterkunft und Heizung werden in Höhe der "
                  "tatsächlichen Aufwendungen anerkannt.\n",
    "sgb2-22-neu.md": "---\ntitle: SGB II (Auszug, neu)\ndoc_type: Gesetz\nnorm: SGB II\n---\n# § 22 Bedarfe für "
                      "Unterkunft und Heizung\n\n(1) Bedarfe für Unterkunft und Heizung werden in Höhe der "
                      "tatsächlichen und angemessenen Aufwendungen anerkannt.\n",  # a second version: law changes
}


@dataclass
class Run:
    """What a schemathesis run did: cases per operation, status codes, failed checks, errors."""

    cases: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    failures: dict[str, set] = field(default_factory=lambda: defaultdict(set))

    def record(self, recorder) -> None:
        self.cases[recorder.label] += len(recorder.cases)
        for interaction in recorder.interactions.values():
            if interaction.response is not None:
                self.statuses[interaction.response.status_code] += 1
        for case_id, checks in recorder.checks.items():
            for check in checks:
                if check.status == Status.FAILURE:
                    self.failures[recorder.label].add(_describe(check, recorder.interactions.get(case_id)))


def _describe(check, interaction) -> str:
    status = interaction.response.status_code if interaction and interaction.response else "–"
    title = check.failure_info.failure.title if check.failure_info else ""
    sample = check.failure_info.code_sample.splitlines()[-1][:300] if check.failure_info else ""
    return f"{check.name} ({status}): {title} | {sample}"


@pytest.fixture(scope="module")
def app_and_token(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    kb = KnowledgeBase(Settings(data_dir=folder / "data", embedder="fake", model_dir=MODEL_CACHE,
                                admin_password="test-passwort", secret_key="test-secret", job_worker=False))
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
        assert kb.ingesting.ingest([folder / name]).count("failed") == 0  # one by one: versions in order
    chunk = kb.documents.detail(kb.documents.list()[0].id).chunks[0].id
    kb.feedback.add(FeedbackIn(query="Umzug", chunk_id=chunk, helpful=True))
    app = create_app(kb)
    yield app, bearer(kb)
    kb.close()


def fuzz(app, headers: dict[str, str]) -> Run:
    config = schemathesis.Config.from_dict({
        "headers": headers, "seed": SEED, "cache": {"enabled": False},  # no state left in the checkout
        "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        "phases": {"stateful": {"enabled": False}},
    })
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    run = Run()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            run.record(event.recorder)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            run.failures[getattr(event, "label", "Lauf")].add(f"Fehler: {event.info}"[:500])
    return run


def test_no_5xx_and_every_answer_matches_the_schema(app_and_token):
    app, headers = app_and_token
    run = fuzz(app, headers)
    operations = {f"{m.upper()} {p}" for p, ms in app.openapi()["paths"].items() for m in ms}
    print(f"\nschemathesis: {len(run.cases)} Operationen, {sum(run.cases.values())} Fälle, "
          f"Status {dict(sorted(run.statuses.items()))}")
    assert set(run.cases) == operations  # every operation was exercised, none left out
    assert not [code for code in run.statuses if code >= 500]
    assert not run.failures, "\n".join(f"{op}:\n  " + "\n  ".join(sorted(f)) for op, f in run.failures.items())
