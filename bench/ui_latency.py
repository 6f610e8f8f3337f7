"""Server time of the web UI's search over the sample corpus with the real model.

    python bench/ui_latency.py [--data-dir DIR] [--write-docs]

Ingests `corpus/` once into DIR (kept between runs), warms the app up, then requests realistic
German questions through the ASGI app in-process (FastAPI TestClient: everything the server does,
without network) and prints p50 / p95 / max per page. Each question is asked once per scenario
and the scenarios use different questions, so every request meets a question the caches have not
seen, as when a caseworker types a new one. `--write-docs` puts the table into docs/ui.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

QUESTIONS = {
    "html": [
        "Wer übernimmt die Heizkosten bei einer Nachzahlung?", "Mietkaution als Darlehen",
        "Zusicherung vor dem Umzug", "Karenzzeit Vermögen Bürgergeld", "Mehrbedarf Warmwasser",
        "Erreichbarkeit bei Ortsabwesenheit", "Mittagessen in der Schule BuT",
        "Anhörung vor einer Leistungsminderung", "Kooperationsplan statt Eingliederungsvereinbarung",
        "Meldeversäumnis ohne wichtigen Grund", "Angemessenheit der Unterkunftskosten",
        "Lernförderung Nachhilfe", "Heizöl Bevorratung Vorauszahlung", "Einkommen aus Minijob anrechnen",
        "Schlichtungsverfahren Ablauf", "§ 22 Abs. 1 SGB II", "Neue Grundsicherung ab Juli 2026",
        "Schulbedarf Pauschale", "Wohneigentum Tilgung Schuldzinsen", "Mietobergrenzen 2025",
    ],
    "api": [
        "Kosten der Unterkunft bei Wohneigentum", "Stromschulden Darlehen", "KdU schlüssiges Konzept",
        "Genossenschaftsanteile übernehmen", "Ferienjob Schüler Einkommen", "Härtefall Sanktion",
        "Grenzgänger Frankreich Erreichbarkeit", "Umzugskosten Übernahme", "Potenzialanalyse Schulung",
        "Heizstrom Nachzahlung Winter", "Mehrbedarf kostenaufwändige Ernährung", "Klassenfahrt Kosten",
        "Zahlungssicherheit Monatswechsel", "§ 31a SGB II Minderung", "Rückforderung Überzahlung",
        "Bagatellgrenze Erstattung", "Freibetrag Erwerbstätigkeit", "Betriebskostenabrechnung Guthaben",
        "Einarbeitung neuer Mitarbeiter Leistung", "Datenübernahme Fachverfahren",
    ],
    "facets": [
        "Heizkostennachzahlung Schuldnerberatung", "Darlehen Mietkaution Rückzahlung",
        "Leistungsminderung Anhörung Frist", "Bildung und Teilhabe Antrag", "Umzug ohne Zusicherung",
        "Vermögen Schonvermögen", "Dienstbesprechung Fachverfahren", "Arbeitskreis Option Protokoll",
        "Wohnung zu teuer Kostensenkung", "Ortsabwesenheit Urlaub Zustimmung",
    ],
    "precedent": [
        "Wie wird die Mietkaution gewährt?", "Nachzahlung Heizkosten Verfahren",
        "Umgang mit Meldeversäumnissen", "Mittagsverpflegung Eigenanteil", "Wohneigentum Instandhaltung",
        "Vorgehen bei Stromsperre", "Einkommensanrechnung Schulung", "Schlichtung Kooperationsplan",
        "Heizmittel Pellets Holz", "Anhörung Textbausteine",
    ],
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def open_app(data_dir: Path, model: str, threads: int | None):
    from fastapi.testclient import TestClient

    from index.embedder import set_threads
    from kb.config import Settings
    from kb.services.knowledge_base import KnowledgeBase
    from webui.app import create_app

    # The product's defaults: vectors cached in the data directory, sentence vectors for answer
    # marking computed while ingesting (the first run ingests the corpus; later runs reuse it).
    kb = KnowledgeBase(Settings(data_dir=data_dir, model=model, secret_key="bench"))
    if kb.admin.is_empty():
        started = time.perf_counter()
        report = kb.ingesting.ingest([REPO / "corpus"])
        print(f"Beispielkorpus eingelesen: {report.count('added')} Dokumente, "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    set_threads(threads or kb.settings.model.serve_threads)  # as `kb serve` does
    return kb, TestClient(create_app(kb))


def timed(client, path: str, params: dict | list) -> float:
    started = time.perf_counter()
    response = client.get(path, params=params, headers={"accept": "text/html"})
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path} {params}: HTTP {response.status_code}")
    return elapsed


def scenarios(client, corpus_district: str, corpus_type: str) -> dict[str, list[float]]:
    q = QUESTIONS
    return {
        "`/` Suchseite (HTML, Facetten, Antwortsätze)": [timed(client, "/", {"q": t}) for t in q["html"]],
        "`/api/search` (JSON)": [timed(client, "/api/search", {"q": t}) for t in q["api"]],
        "`/` mit zwei Facetten (Kreis + Typ)": [
            timed(client, "/", [("q", t), ("district", corpus_district), ("type", corpus_type)])
            for t in q["facets"]],
        "`/vergleich` Kreisvergleich": [timed(client, "/vergleich", {"q": t}) for t in q["precedent"]],
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}, {os.cpu_count()} CPU-Kerne, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}, Last beim Start {load:.1f}")


def table(results: dict[str, list[float]]) -> str:
    rows = ["| Seite | Anfragen | p50 | p95 | max |", "|---|---:|---:|---:|---:|"]
    for name, values in results.items():
        rows.append(f"| {name} | {len(values)} | {statistics.median(values):.0f} ms | "
                    f"{percentile(values, 0.95):.0f} ms | {max(values):.0f} ms |")
    return "\n".join(rows)


def write_docs(text: str) -> None:
    path = REPO / "docs" / "ui.md"
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    doc = path.read_text(encoding="utf-8")
    if start not in doc or end not in doc:
        raise SystemExit(f"{path}: Marken {start} … {end} fehlen")
    head, rest = doc.split(start, 1)
    path.write_text(head + start + "\n" + text + "\n" + end + rest.split(end, 1)[1], encoding="utf-8")
    print(f"geschrieben: {path}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "kb-ui-bench")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--threads", type=int, default=None,
                        help="CPU-Threads des Modells (Standard: KB_SERVE_THREADS wie kb serve, 1)")
    args = parser.parse_args()
    model = os.environ.get("KB_MODEL") or str(REPO / "data" / "models" / "multilingual-e5-small")
    host = machine()
    kb, client = open_app(args.data_dir, model, args.threads)
    for warm in ("Aufwärmen Heizkosten", "Aufwärmen Umzug", "Aufwärmen Kaution"):  # model, indexes, caches
        timed(client, "/", {"q": warm})
        timed(client, "/vergleich", {"q": warm})
    results = scenarios(client, "Saarpfalz-Kreis", "Rundschreiben")
    stats = kb.admin.stats(with_index=False)
    text = (f"Gemessen am {date.today():%d.%m.%Y} mit `bench/ui_latency.py`: {stats.documents} Dokumente, "
            f"{stats.chunks} Abschnitte, Modell multilingual-e5-small, Suchmodus hybrid, "
            f"Modell-Threads: {args.threads or kb.settings.model.serve_threads} (wie `kb serve`).\n"
            f"Rechner: {host}.\n\n{table(results)}")
    print(text)
    if args.write_docs:
        write_docs(text)
    kb.close()


if __name__ == "__main__":
    main()
