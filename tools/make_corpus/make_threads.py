"""Sample threads of the network's question-and-answer exchange (corpus/netzwerk/threads.json).

Run from the repository root (after make_corpus.py, which does not know this file):

    .venv/bin/python tools/make_corpus/make_threads.py [--out DIR]

Everything is invented: the authors are sample users of a district ("beispiel.<kreis>", the kinds
of users the demo accounts are), no real person is named, no client data appears. Documents are
cited by their path inside the corpus, norms as the citation parser reads them. `kb serve` posts
these threads through the network service once the sample corpus is read
(`kb.services.network_sample`), so they are found like any post. The ingest skips `.json` files.
Output is byte-identical across runs (fixed order, no timestamps).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
TARGET = Path("netzwerk") / "threads.json"

AUTHORS = {  # login: district, role – sample users, the kinds of users of the demo accounts
    "beispiel.vulkaneifel": ("Vulkaneifel", "redakteur"),
    "beispiel.kusel": ("Kusel", "redakteur"),
    "beispiel.mayen": ("Mayen-Koblenz", "leser"),
    "beispiel.saarlouis": ("Saarlouis", "leser"),
    "beispiel.stwendel": ("St. Wendel", "redakteur"),
}

THREADS = [
    {
        "author": "beispiel.vulkaneifel",
        "title": "Umstieg auf das neue Fachverfahren: Wie habt ihr die Datenübernahme organisiert?",
        "body": ("Wir stellen im kommenden Jahr als Optionskommune auf das neue Fachverfahren um. "
                 "Wie habt ihr die Übernahme der laufenden Bedarfsgemeinschaften geplant: Stichtag oder "
                 "schrittweise? Wie lange lief der Parallelbetrieb, und wie wurden die Sachbearbeitungen "
                 "geschult, ohne dass die Bewilligungen nach § 41 SGB II liegen bleiben?"),
        "norms": "",
        "documents": ["netzwerk/protokoll-2025-06-ag-software-it.docx"],
        "answers": [
            {"author": "beispiel.kusel",
             "body": ("Wir haben zum Stichtag umgestellt und vorher zwei Probeübernahmen gemacht. Der "
                      "Parallelbetrieb lief sechs Wochen, nur für die Zahlbarmachung. Geschult wurde in "
                      "kleinen Gruppen mit Übungsfällen; die Weiterbewilligungen haben wir vorgezogen. "
                      "Unsere Erfahrungen stehen im Protokoll der Dienstbesprechung."),
             "norms": "",
             "documents": ["kusel/protokoll-2025-10-dienstbesprechung-fachverfahren.txt"]},
            {"author": "beispiel.mayen",
             "body": ("Bei uns lief die Umstellung schrittweise nach Teams. Wichtig war eine feste "
                      "Ansprechperson je Team für Rückfragen zum neuen Fachverfahren und eine Liste der "
                      "offenen Bescheide vor dem Umstieg. Die Vorlage der AG Software/IT hat geholfen."),
             "norms": "",
             "documents": ["netzwerk/protokoll-2025-06-ag-software-it.docx"]},
        ],
    },
    {
        "author": "beispiel.saarlouis",
        "title": "Bildung und Teilhabe: Sammelabrechnung des Mittagessens mit Schulen",
        "body": ("Wir wollen die Mittagsverpflegung nicht mehr einzeln, sondern gesammelt mit den Schulen "
                 "und Kitas abrechnen. Wer macht das schon, und wie wird der Nachweis der Teilnahme "
                 "geführt?"),
        "norms": "§ 28 Abs. 6 SGB II",
        "documents": [],
        "answers": [
            {"author": "beispiel.stwendel",
             "body": ("Wir rechnen monatlich gesammelt mit den Trägern der Mittagsverpflegung ab; die "
                      "Teilnahme bestätigt die Schule mit einer Liste ohne weitere Angaben. Das Verfahren "
                      "folgt dem Rundschreiben aus Mainz-Bingen zur Sammelabrechnung, die "
                      "Leistungen werden nach § 29 Abs. 1 SGB II direkt an den Anbieter gezahlt."),
             "norms": "§ 29 Abs. 1 SGB II",
             "documents": ["mainz-bingen/rs-2023-08-but-mittagessen-schulbedarf.pdf"]},
        ],
    },
]


def threads_json() -> bytes:
    """The file's bytes: a note that it is invented, the authors and the threads."""
    data = {
        "hinweis": "Alle Beiträge sind frei erfunden; es sind keine Daten realer Personen enthalten.",
        "autoren": {login: {"district": d, "role": r} for login, (d, r) in AUTHORS.items()},
        "threads": THREADS,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "corpus")
    args = ap.parse_args()
    target = args.out / TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(threads_json())
    print(f"{len(THREADS)} Beispielthreads nach {target} geschrieben")
    return 0


if __name__ == "__main__":
    sys.exit(main())
