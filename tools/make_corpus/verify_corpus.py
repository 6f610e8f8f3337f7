"""Check the generated corpus: sidecars, formats, page counts, text extraction, determinism.

    /work/venv-dev/bin/python tools/make_corpus/verify_corpus.py

Exits non-zero and lists the problems if anything is off.
"""

from __future__ import annotations

import filecmp
import io
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

import docx
import pypdf
from bs4 import BeautifulSoup

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # keep the repository free of __pycache__
sys.path.insert(0, str(HERE))
from markup import DISTRICTS, DOC_TYPES, german_date  # noqa: E402

CORPUS = HERE.parent.parent / "corpus"
FORMATS = {".pdf", ".docx", ".html", ".md", ".txt"}
KEYS = {"title", "district", "doc_type", "date"}


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def check() -> tuple[list[str], list[tuple]]:
    problems: list[str] = []
    rows: list[tuple] = []
    docs = sorted(p for p in CORPUS.rglob("*")
                  if p.is_file() and p.suffix in FORMATS and p.name != "README.md")
    metas = sorted(CORPUS.rglob("*.meta.json"))
    if len(docs) < 32:
        problems.append(f"only {len(docs)} documents")
    if len(metas) != len(docs):
        problems.append(f"{len(metas)} sidecars for {len(docs)} documents")
    per_district: Counter[str] = Counter()
    per_format: Counter[str] = Counter()
    for doc in docs:
        rel = doc.relative_to(CORPUS)
        if rel.as_posix() != rel.as_posix().lower() or not rel.as_posix().isascii():
            problems.append(f"{rel}: name not lowercase ASCII")
        side = doc.with_name(doc.name + ".meta.json")
        try:
            meta = json.loads(side.read_text(encoding="utf-8"))
        except Exception as exc:
            problems.append(f"{rel}: sidecar unreadable ({exc})")
            continue
        if set(meta) != KEYS:
            problems.append(f"{rel}: sidecar keys {sorted(meta)}")
        if meta.get("district") not in DISTRICTS:
            problems.append(f"{rel}: district {meta.get('district')!r}")
        if meta.get("doc_type") not in DOC_TYPES:
            problems.append(f"{rel}: doc_type {meta.get('doc_type')!r}")
        d = date.fromisoformat(meta["date"])
        if not date(2022, 6, 1) <= d <= date(2026, 11, 30):
            problems.append(f"{rel}: date {d} out of range")
        per_district[meta["district"]] += 1
        per_format[doc.suffix] += 1
        title = meta["title"]
        date_forms = (f"{d:%d.%m.%Y}", german_date(d))
        pages: int | str = "–"

        if doc.name.endswith("-scan.pdf"):  # page images only: its text is what OCR reads
            problems += check_scan(doc, rel)
            rows.append((rel.as_posix(), "SCAN", "–", meta["district"], meta["doc_type"], meta["date"], 0))
            continue
        if doc.suffix == ".pdf":
            if doc.stat().st_size >= 200_000:
                problems.append(f"{rel}: {doc.stat().st_size} bytes")
            reader = pypdf.PdfReader(io.BytesIO(doc.read_bytes()))
            pages = len(reader.pages)
            if not 2 <= pages <= 6:
                problems.append(f"{rel}: {pages} pages")
            texts = [p.extract_text() or "" for p in reader.pages]
            heads = set()
            for i, t in enumerate(texts, 1):
                lines = [ln for ln in t.splitlines() if ln.strip()]
                if len(t.strip()) < 200:
                    problems.append(f"{rel}: page {i} has little text")
                heads.add(lines[0])
                if f"Seite {i} von {pages}" not in t:
                    problems.append(f"{rel}: footer 'Seite {i} von {pages}' missing")
            if len(heads) != 1:
                problems.append(f"{rel}: running header differs between pages: {heads}")
            text = "\n".join(texts)
            fonts = set()
            for p in reader.pages:
                for f in p["/Resources"]["/Font"].values():
                    fd = f.get_object().get("/FontDescriptor")
                    fonts.add(bool(fd and ("/FontFile2" in fd.get_object())))
            if fonts != {True}:
                problems.append(f"{rel}: font not embedded")
            flat = " ".join(text.split())
            if " ".join(title.split()) not in flat:
                problems.append(f"{rel}: title not found in text")
        elif doc.suffix == ".docx":
            d_ = docx.Document(str(doc))
            heads = [(p.style.name, p.text) for p in d_.paragraphs
                     if p.style.name.startswith("Heading")]
            if not heads or heads[0] != ("Heading 1", title):
                problems.append(f"{rel}: first heading is not the title: {heads[:1]}")
            if not any(s == "Heading 2" for s, _ in heads):
                problems.append(f"{rel}: no Heading 2")
            text = "\n".join(p.text for p in d_.paragraphs)
            text += "\n".join(c.text for t in d_.tables for r in t.rows for c in r.cells)
        elif doc.suffix == ".html":
            soup = BeautifulSoup(doc.read_text(encoding="utf-8"), "html.parser")
            h1 = soup.find("h1")
            if not h1 or h1.get_text() != title:
                problems.append(f"{rel}: <h1> is not the title")
            if not soup.find("h2") or not soup.find("nav") or not soup.find("footer"):
                problems.append(f"{rel}: missing h2/nav/footer")
            text = soup.find("article").get_text("\n")
        else:
            text = doc.read_text(encoding="utf-8")
            first = text.splitlines()[0]
            if doc.suffix == ".md" and first != f"# {title}":
                problems.append(f"{rel}: first line is not '# title'")
            if doc.suffix == ".txt" and first != title:
                problems.append(f"{rel}: first line is not the title")
        if not any(f in text for f in date_forms):
            problems.append(f"{rel}: date line ({date_forms}) not found")
        if not re.search("[äöüÄÖÜß]", text):
            problems.append(f"{rel}: no umlaut in extracted text")
        if doc.suffix == ".pdf" and not re.search(r"§ \d", text):
            problems.append(f"{rel}: no '§ <number>' in extracted text")
        n = words(text)
        if not 400 <= n <= 1800:
            problems.append(f"{rel}: {n} words")
        rows.append((rel.as_posix(), doc.suffix[1:].upper(), pages, meta["district"],
                     meta["doc_type"], meta["date"], n))
    for dist in DISTRICTS[:-1]:
        if per_district[dist] < 3:
            problems.append(f"district {dist}: only {per_district[dist]} documents")
    need = {".pdf": 10, ".docx": 5, ".html": 5}
    for fmt, k in need.items():
        if per_format[fmt] < k:
            problems.append(f"only {per_format[fmt]} {fmt} files")
    return problems, rows


def check_scan(doc: Path, rel: Path) -> list[str]:
    """A scan has no text layer, one image per page, and stays under 1 MB."""
    reader = pypdf.PdfReader(io.BytesIO(doc.read_bytes()))
    problems = [f"{rel}: page {i} has a text layer" for i, p in enumerate(reader.pages, 1)
                if (p.extract_text() or "").strip()]
    problems += [f"{rel}: page {i} is not one image" for i, p in enumerate(reader.pages, 1) if len(p.images) != 1]
    return problems + ([f"{rel}: {doc.stat().st_size} bytes"] if doc.stat().st_size >= 1_000_000 else [])


def check_determinism() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--out", tmp],
                       check=True, capture_output=True)
        cmp = filecmp.dircmp(tmp, CORPUS)
        out: list[str] = []

        def walk(c: filecmp.dircmp, prefix: str) -> None:
            for name in c.left_only + c.right_only:
                out.append(f"not in both runs: {prefix}{name}")
            _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files,
                                                   shallow=False)
            out.extend(f"differs between runs: {prefix}{n}" for n in mismatch + errors)
            for sub, subcmp in c.subdirs.items():
                walk(subcmp, f"{prefix}{sub}/")

        walk(cmp, "")
        return out


def main() -> int:
    problems, rows = check()
    problems += check_determinism()
    print(f"{'Datei':62} {'Format':6} {'S.':>3} {'Landkreis':16} {'Typ':15} {'Datum':10} Wörter")
    for r in rows:
        print(f"{r[0]:62} {r[1]:6} {r[2]!s:>3} {r[3]:16} {r[4]:15} {r[5]:10} {r[6]}")
    print(f"\n{len(rows)} Dokumente, {Counter(r[1] for r in rows)}")
    print(Counter(r[3] for r in rows))
    if problems:
        print("\nPROBLEME:")
        for p in problems:
            print(" -", p)
        return 1
    print("\nAlles in Ordnung.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
