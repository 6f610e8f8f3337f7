"""Generate the shipped sample corpus (corpus/) from the sources in tools/make_corpus/content/.

Run from the repository root:

    /work/venv-dev/bin/python tools/make_corpus/make_corpus.py

Writes every document in its format (PDF, DOCX, HTML, Markdown, text; a source with ``scan:`` in
its head becomes an image-only PDF, see render_scan.py), a ``<file>.meta.json``
sidecar next to it and ``corpus/README.md``. Output is deterministic (byte-identical across runs).
Options: ``--check`` only parses the sources and prints statistics; ``--out DIR`` writes elsewhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # keep the repository free of __pycache__
sys.path.insert(0, str(HERE))

from markup import Source, parse_source, word_count  # noqa: E402
from profiles import PROFILES  # noqa: E402

CONTENT = HERE / "content"
REPO = HERE.parent.parent
FORMAT_NAMES = {"pdf": "PDF", "docx": "DOCX", "html": "HTML", "md": "Markdown", "txt": "Text"}


def load_sources() -> list[Source]:
    sources = []
    for f in sorted(CONTENT.rglob("*.src")):
        src = parse_source(f.read_text(encoding="utf-8"), str(f.relative_to(HERE)))
        folder = src.path.split("/")[0]
        if folder != PROFILES[src.district].folder:
            raise ValueError(f"{f}: path folder {folder!r} does not match district {src.district}")
        if not ("2022-06-01" <= src.date.isoformat() <= "2026-11-30"):
            raise ValueError(f"{f}: date {src.date} outside 2022-06..2026-11")
        if src.path != src.path.lower() or not src.path.isascii():
            raise ValueError(f"{f}: file name must be lowercase ASCII: {src.path}")
        sources.append(src)
    paths = Counter(s.path for s in sources)
    dupes = [p for p, n in paths.items() if n > 1]
    if dupes:
        raise ValueError(f"duplicate output paths: {dupes}")
    return sorted(sources, key=lambda s: s.path)


def render(src: Source) -> tuple[bytes, int | None]:
    prof = PROFILES[src.district]
    fmt = src.fmt
    if fmt == "pdf" and src.extra.get("scan"):  # signed on paper and scanned: page images only
        from render_scan import render_scan

        return render_scan(src, prof)
    if fmt == "pdf":
        from render_pdf import render_pdf

        return render_pdf(src, prof)
    if fmt == "docx":
        from render_docx import render_docx

        return render_docx(src, prof), None
    from render_text import render_html, render_markdown, render_text

    if fmt == "html":
        return render_html(src, prof).encode("utf-8"), None
    if fmt == "md":
        return render_markdown(src, prof).encode("utf-8"), None
    if fmt == "txt":
        return render_text(src, prof).encode("utf-8"), None
    raise ValueError(f"{src.path}: unknown format {fmt}")


def sidecar(src: Source) -> bytes:
    meta = {
        "title": src.title,
        "district": src.district,
        "doc_type": src.doc_type,
        "date": src.date.isoformat(),
    }
    return (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


README_HEAD = """\
# Beispielkorpus der Wissensdatenbank „Südwestoption“

Dieses Verzeichnis enthält den Beispielkorpus, den die Wissensdatenbank beim ersten Start
ausliefert und in dem die Oberflächentests suchen. Er besteht aus {n} Dokumenten der acht
Optionskommunen des Netzwerks Südwestoption und des Netzwerks selbst: Rundschreiben, Weisungen,
Protokolle des Arbeitskreises Option und seiner Arbeitsgruppen, Hinweise zu Rechtsänderungen und
Schulungsunterlagen zum SGB II.

## Wichtiger Hinweis: Alle Dokumente sind erfunden

Sämtliche Dokumente wurden für dieses Projekt **frei erfunden**. Sie geben weder die tatsächliche
Verwaltungspraxis noch Weisungen, Beschlüsse, Beträge (z. B. Mietobergrenzen) oder Kennzahlen der
genannten Landkreise wieder und dürfen nicht als Rechtsgrundlage oder Arbeitshilfe verwendet werden.
Es sind keine Daten realer Personen enthalten: Beteiligte werden nur mit ihrer Funktion
(z. B. „Teamleitung Leistung“) oder mit offensichtlich fiktiven Namen bezeichnet, Fallbeispiele sind
anonymisiert („Frau A., alleinerziehend, zwei Kinder“). Öffentlich bekannte Tatsachen (Gesetzestexte,
Bürgergeld-Reform 2023, Neue Grundsicherung 2026) sind sinngemäß und vereinfacht wiedergegeben;
maßgeblich ist allein der amtliche Gesetzestext.

## Lizenz

Die Texte und Dateien dieses Verzeichnisses werden vom Projekt unter
**CC0 1.0 Universell (Public Domain Dedication)** bereitgestellt
(<https://creativecommons.org/publicdomain/zero/1.0/deed.de>). Sie dürfen ohne Einschränkung
kopiert, verändert und weitergegeben werden. Die PDF-Dateien betten die Schrift Bitstream Vera ein
(freie Schriftlizenz von Bitstream, mit reportlab ausgeliefert).

## Aufbau

- Je Landkreis ein Unterordner (`saarlouis/`, `st-wendel/`, `saarpfalz-kreis/`, `suedwestpfalz/`,
  `vulkaneifel/`, `mayen-koblenz/`, `kusel/`, `mainz-bingen/`), Dokumente des Netzwerks in
  `netzwerk/`.
- Zu jedem Dokument gehört eine Metadaten-Datei `<dateiname>.meta.json` mit genau den Schlüsseln
  `title`, `district`, `doc_type` und `date` (ISO-Datum). Titel und Datum stehen außerdem im
  Dokument selbst (erste Überschrift bzw. Datumszeile).
- Formate: PDF (mehrseitig, mit Briefkopf sowie auf jeder Seite wiederholter Kopf- und Fußzeile),
  DOCX (Formatvorlagen „Überschrift 1/2/3“), HTML (Intranetseiten mit Navigation und Fußbereich),
  Markdown und Text; dazu ein unterschriebenes, gescanntes Protokoll (`*-scan.pdf`: nur Seitenbilder
  mit Unterschrift und Eingangsstempel, ohne Textebene – die Wissensdatenbank liest es per
  Texterkennung).
- Diese Datei (`README.md`) wird bei der Aufnahme in die Wissensdatenbank übersprungen.

## Neu erzeugen

PDF- und DOCX-Dateien (sowie alle anderen Dateien und diese Übersicht) werden aus den Quelltexten in
`tools/make_corpus/content/` erzeugt. Die Ausgabe ist deterministisch (bytegleich bei jedem Lauf):

```
/work/venv-dev/bin/python tools/make_corpus/make_corpus.py
```

## Dokumente

| Datei | Titel | Landkreis | Typ | Datum | Format |
|---|---|---|---|---|---|
"""

README_TAIL = """
## Themenübersicht (Präzedenzfälle)

Mehrere Landkreise behandeln dieselben Themen unterschiedlich, damit die Ansicht „Wie haben
andere Landkreise das gelöst?“ Vergleichsdokumente findet:

{topics}
"""

TOPICS = {
    "Kosten der Unterkunft und Heizung (Angemessenheit, Umzug, Heizkosten, Kaution, Karenzzeit)":
        "kdu",
    "Mehrbedarfe nach § 21 SGB II": "mehrbedarf",
    "Bildung und Teilhabe (§§ 28–30 SGB II)": "but",
    "Leistungsminderungen (§§ 31–32 SGB II)": "sanktion",
    "Kooperationsplan und Schlichtungsverfahren (§§ 15, 15a SGB II)": "kooperation",
    "Erreichbarkeit (§ 7b SGB II, ErrV)": "erreichbarkeit",
    "Rechtsänderungen (Bürgergeld 2023, Neue Grundsicherung 2026)": "recht",
    "Schulung und Einarbeitung": "schulung",
    "Protokolle Arbeitskreis Option und Arbeitsgruppen": "protokoll",
}


def readme(sources: list[Source], pages: dict[str, int | None]) -> str:
    out = [README_HEAD.format(n=len(sources))]
    for s in sources:
        fmt = "PDF-Scan" if s.extra.get("scan") else FORMAT_NAMES[s.fmt]
        if pages.get(s.path):
            fmt += f", {pages[s.path]} S."
        title = s.title.replace("|", "/")
        out.append(f"| `{s.path}` | {title} | {s.district} | {s.doc_type} | "
                   f"{s.date:%d.%m.%Y} | {fmt} |\n")
    lines = []
    for label, tag in TOPICS.items():
        docs = [s for s in sources if tag in s.extra.get("topics", "").split()]
        districts = sorted({s.district for s in docs})
        lines.append(f"- **{label}:** {len(docs)} Dokumente ({', '.join(districts)})")
    out.append(README_TAIL.format(topics="\n".join(lines)))
    return "".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "corpus")
    ap.add_argument("--check", action="store_true", help="parse sources, print word counts")
    args = ap.parse_args()

    sources = load_sources()
    if args.check:
        for s in sources:
            print(f"{word_count(s):5d}  {s.path}")
        print(f"{len(sources)} Quellen")
        return 0

    pages: dict[str, int | None] = {}
    written = set()
    for src in sources:
        data, npages = render(src)
        pages[src.path] = npages
        target = args.out / src.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        meta = target.with_name(target.name + ".meta.json")
        meta.write_bytes(sidecar(src))
        written |= {target.resolve(), meta.resolve()}
        extra = f", {npages} Seiten" if npages else ""
        print(f"{src.path} ({len(data) // 1024} KB{extra})")
    readme_path = args.out / "README.md"
    readme_path.write_text(readme(sources, pages), encoding="utf-8")
    written.add(readme_path.resolve())
    stale = [p for p in args.out.rglob("*") if p.is_file() and p.resolve() not in written]
    for p in stale:
        print(f"Hinweis: nicht (mehr) erzeugte Datei {p}", file=sys.stderr)
    print(f"{len(sources)} Dokumente nach {args.out} geschrieben")
    return 0


if __name__ == "__main__":
    sys.exit(main())
