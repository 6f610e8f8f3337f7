"""The bad-input corpus: files a careless user or an attacker brings, written by this script.

    python -m tests.data.bad.make_bad OUT_DIR

Nothing here is committed as a binary: every file is made from code, the same bytes on every run
(no randomness, no clock), so a failing case can be made again and looked at. `CORPUS` says
for each file what must happen to it: refused with a German message naming the cause
(`reason`, a fragment of it), ingested, or either (an image-only PDF is refused today and may
be read once OCR is there). `upload_name` is what a browser sends for the file where that is
the point (a name with `../`, a NUL, 500 characters): a disk cannot hold such names, an upload
can claim them.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.data.bad import pdf_bytes

MB = 1_000_000
SENTENCE = ("Die Kosten der Unterkunft und Heizung werden nach § 22 SGB II in Höhe der tatsächlichen "
            "Aufwendungen anerkannt, soweit diese angemessen sind. ")


@dataclass(frozen=True)
class Bad:
    file: str
    expect: str  # "refused" | "ingested" | "either"
    reason: str = ""  # fragment of the German message when refused
    upload_name: str | None = None
    contains: str = ""  # text the ingested document must hold (decoding checked)

    @property
    def sent_name(self) -> str:
        return self.upload_name or self.file


def _docx_parts() -> dict[str, bytes]:
    """The parts of an ordinary one-paragraph Word file (python-docx's template)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Rundschreiben zur Übernahme der Mietkaution")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _docx_with(path: Path, replace: dict[str, Callable[[io.RawIOBase], None]]) -> None:
    """A DOCX whose parts in `replace` are written (streamed) by the given functions."""
    parts = _docx_parts()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in list(parts) + [n for n in replace if n not in parts]:
            if name in replace:
                with archive.open(name, "w", force_zip64=True) as out:
                    replace[name](out)
            else:
                archive.writestr(name, parts[name])


def _bomb_body(paragraphs: int, repeat: int) -> Callable[[io.RawIOBase], None]:
    """document.xml with `paragraphs` numbered paragraphs of `repeat` sentences each."""
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
            b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    text = (SENTENCE * repeat).encode()

    def write(out) -> None:
        out.write(head)
        for i in range(paragraphs):
            out.write(b"<w:p><w:r><w:t>Absatz %d: " % i + text + b"</w:t></w:r></w:p>")
        out.write(b"</w:body></w:document>")

    return write


def docx_text_bomb(path: Path) -> None:
    """≈ 1.2 MB on disk, ≈ 300 MB of text in word/document.xml (the 996 KB file of issue 17 did the same)."""
    _docx_with(path, {"word/document.xml": _bomb_body(paragraphs=10_400, repeat=200)})


def docx_zip_bomb(path: Path) -> None:
    """A normal text plus a 'picture' of 1 GB of zero bytes (≈ 1 MB compressed)."""
    def zeros(out) -> None:
        block = bytes(MB)
        for _ in range(1000):
            out.write(block)

    _docx_with(path, {"word/media/image1.png": zeros})


def _office_bomb(path: Path, data: bytes, part: str, before: bytes, piece: Callable[[int], bytes],
                 count: int) -> None:
    """A copy of the Office file `data` whose `part` gets `count` pieces streamed in just before
    its last `before` tag: a small file that unpacks to megabytes of text."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename != part:
                archive.writestr(info, body, zipfile.ZIP_STORED if info.filename == "mimetype" else None)
                continue
            cut = body.rindex(before)
            with archive.open(part, "w", force_zip64=True) as out:
                out.write(body[:cut])
                for i in range(count):
                    out.write(piece(i))
                out.write(body[cut:])


BOMB_TEXT = (SENTENCE * 200).encode()  # 28 kB a piece
BOMB_PIECES = 220  # 6.2 MB of text: over the default 5 million characters, under 20 MB unpacked


def office_text_bombs() -> dict[str, Callable[[Path], None]]:
    """A text bomb in each Office container besides DOCX: ODT, PPTX, XLSX."""
    from tests import office_files

    return {
        "text-bomb.odt": lambda p: _office_bomb(p, office_files.odt_bytes(), "content.xml", b"</office:text>",
                                                lambda i: b"<text:p>%d: %s</text:p>" % (i, BOMB_TEXT), BOMB_PIECES),
        "text-bomb.pptx": lambda p: _office_bomb(
            p, office_files.pptx_bytes(), "ppt/slides/slide1.xml", b"</p:txBody>",
            lambda i: b"<a:p><a:r><a:t>%d: %s</a:t></a:r></a:p>" % (i, BOMB_TEXT), BOMB_PIECES),
        "text-bomb.xlsx": lambda p: _office_bomb(
            p, office_files.xlsx_bytes(), "xl/worksheets/sheet1.xml", b"</sheetData>",
            lambda i: b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (i + 100, i + 100,
                                                                                               BOMB_TEXT), BOMB_PIECES),
    }


def _repeat_to(path: Path, head: str, piece: Callable[[int], str], tail: str, size: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        written, i = len(head), 0
        while written < size:
            part = piece(i)
            out.write(part)
            written, i = written + len(part.encode()), i + 1
        out.write(tail)


def text_bomb(path: Path, kind: str, size: int) -> None:
    """`size` bytes of text in the container format `kind` (txt, md, html, xml)."""
    if kind == "html":
        _repeat_to(path, "<!DOCTYPE html><html><body>", lambda i: f"<p>Absatz {i}: {SENTENCE}</p>\n",
                   "</body></html>", size)
    elif kind == "xml":
        _repeat_to(path, '<?xml version="1.0" encoding="UTF-8"?>\n<dokumente builddate="20260101000000" '
                   'doknr="BJNR0000">\n<norm><metadaten><jurabk>BombG</jurabk><langue>Bombengesetz</langue>'
                   '</metadaten></norm>\n',
                   lambda i: f"<norm><metadaten><jurabk>BombG</jurabk><enbez>§ {i + 1}</enbez></metadaten>"
                             f"<textdaten><text><Content><P>{SENTENCE}</P></Content></text></textdaten></norm>\n",
                   "</dokumente>\n", size)
    else:
        _repeat_to(path, "# Sehr langes Rundschreiben\n\n", lambda i: f"Absatz {i}: {SENTENCE}\n\n", "", size)


def many_sections(path: Path, sections: int = 400) -> None:
    """Short Markdown (≈ 60 KB) in many sections: chunks, not characters, are its problem."""
    path.write_text("\n".join(f"## {i}. Abschnitt\n\nRegel {i}: {SENTENCE}\n" for i in range(sections)),
                    encoding="utf-8")


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _text(label: str) -> str:
    return f"Rundschreiben {label}\n\nUnterkunftskosten für Familien in {label}: {SENTENCE}\n"


def _simple(corpus: dict[str, Callable[[Path], None]]) -> None:
    page = pdf_bytes.text_page_pdf(["Rundschreiben 7/2026", SENTENCE[:90], "Mietkaution als Darlehen"])
    corpus.update({
        "truncated.pdf": lambda p: _write(p, page[: len(page) // 2]),
        "encrypted.pdf": lambda p: _write(p, pdf_bytes.encrypted_pdf(page)),
        "zero-pages.pdf": lambda p: _write(p, pdf_bytes.zero_page_pdf()),
        "declares-100000-pages.pdf": lambda p: _write(p, pdf_bytes.declared_pages_pdf(100_000)),
        "image-only.pdf": lambda p: _write(p, pdf_bytes.image_only_pdf()),
        "html-saved-as.pdf": lambda p: _write(p, f"<!DOCTYPE html><html><body><h1>Vermerk</h1><p>{_text('HTML')}"
                                                 "</p></body></html>".encode()),
        "latin-1.txt": lambda p: _write(p, _text("Latin-1").encode("latin-1")),
        "utf-16.txt": lambda p: _write(p, _text("UTF-16").encode("utf-16")),
        "utf-8-bom.txt": lambda p: _write(p, _text("UTF-8-BOM").encode("utf-8-sig")),
        "traversal.txt": lambda p: _write(p, _text("Pfad").encode()),
        "nul-name.txt": lambda p: _write(p, _text("NUL").encode()),
        "long-name.txt": lambda p: _write(p, _text("Langname").encode()),
        "Übernahme_Kosten_für_Ünterkunft_€_ßä.txt": lambda p: _write(p, _text("Umlaut").encode()),
        "many-sections.md": many_sections,
    })


def _writers() -> dict[str, Callable[[Path], None]]:
    corpus: dict[str, Callable[[Path], None]] = {
        "text-bomb.docx": docx_text_bomb,
        "zip-bomb.docx": docx_zip_bomb,
        "60-mb.txt": lambda p: text_bomb(p, "txt", 60 * MB),
        "text-bomb.md": lambda p: text_bomb(p, "md", 8 * MB),
        "text-bomb.html": lambda p: text_bomb(p, "html", 8 * MB),
        "text-bomb.xml": lambda p: text_bomb(p, "xml", 16 * MB),
        **office_text_bombs(),
    }
    _simple(corpus)
    return corpus


CHARS = "KB_MAX_DOCUMENT_CHARS"
CORPUS = [
    Bad("text-bomb.docx", "refused", CHARS), Bad("zip-bomb.docx", "refused", "KB_MAX_UNPACKED_MB"),
    Bad("60-mb.txt", "refused", CHARS), Bad("text-bomb.md", "refused", CHARS),
    Bad("text-bomb.html", "refused", CHARS), Bad("text-bomb.xml", "refused", CHARS),
    Bad("text-bomb.odt", "refused", CHARS), Bad("text-bomb.pptx", "refused", CHARS),
    Bad("text-bomb.xlsx", "refused", CHARS),
    Bad("truncated.pdf", "refused", "beschädigt"), Bad("encrypted.pdf", "refused", "passwortgeschützt"),
    Bad("zero-pages.pdf", "refused", "keine Seiten"), Bad("declares-100000-pages.pdf", "refused", "KB_MAX_PAGES"),
    Bad("image-only.pdf", "either", "keinen Text"), Bad("many-sections.md", "refused", "KB_MAX_DOCUMENT_CHUNKS"),
    Bad("html-saved-as.pdf", "ingested", contains="Unterkunftskosten für Familien in HTML"),
    Bad("latin-1.txt", "ingested", contains="Unterkunftskosten für Familien in Latin-1"),
    Bad("utf-16.txt", "ingested", contains="Unterkunftskosten für Familien in UTF-16"),
    Bad("utf-8-bom.txt", "ingested", contains="Unterkunftskosten für Familien in UTF-8-BOM"),
    Bad("traversal.txt", "ingested", upload_name="../../../etc/passwd.txt", contains="in Pfad"),
    Bad("nul-name.txt", "ingested", upload_name="bescheid\x00.txt.exe\x00.txt", contains="in NUL"),
    Bad("long-name.txt", "ingested", upload_name="ä" * 250 + "b" * 246 + ".txt", contains="in Langname"),
    Bad("Übernahme_Kosten_für_Ünterkunft_€_ßä.txt", "ingested", contains="in Umlaut"),
]


def make_all(directory: Path, only: set[str] | None = None) -> dict[str, Path]:
    """Write the corpus (or the files named in `only`) into `directory`; their paths by name."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, write in _writers().items():
        if only is None or name in only:
            write(directory / name)
            paths[name] = directory / name
    return paths


if __name__ == "__main__":
    for name, path in make_all(Path(sys.argv[1] if len(sys.argv) > 1 else "bad-input")).items():
        print(f"{path.stat().st_size:>12,d}  {name}")
