"""Hand-written PDF files for the bad-input corpus: a tiny writer that puts objects and a cross
reference table together, so page trees can say what no PDF library would write (100 000 pages
that are one page, zero pages, an image and no text)."""

from __future__ import annotations

import io
import zlib


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (object 1 is the catalog), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_page_pdf(lines: list[str], pages: int = 1) -> bytes:
    """`pages` pages, each with the same lines of text (Helvetica)."""
    content = b"BT /F1 11 Tf 72 760 Td 14 TL " + b" ".join(
        b"(" + line.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)") + b") '" for line in lines
    ) + b" ET"
    first_page = 3
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids)]
    content_obj, font_obj = first_page + pages, first_page + pages + 1
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R " \
           b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content_obj, font_obj)
    objects += [page] * pages + [_stream(content), FONT]
    return pdf(objects)


def declared_pages_pdf(declared: int) -> bytes:
    """A page tree that claims `declared` pages: every kid is the same page object (≈ 7 bytes
    per page), so a reader that walks the tree really gets `declared` pages to extract."""
    kids = b" ".join([b"3 0 R"] * declared)
    content = _stream(b"BT /F1 11 Tf 72 760 Td (Seite mit Text zu Paragraf 22 SGB II) Tj ET")
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R " \
           b"/Resources << /Font << /F1 5 0 R >> >> >>"
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Count %d /Kids [%s] >>" % (declared, kids),
                page, content, FONT])


def zero_page_pdf() -> bytes:
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Count 0 /Kids [] >>"])


def image_only_pdf() -> bytes:
    """One page showing a 64×64 grey image and no text at all (a scan without OCR)."""
    pixels = bytes((x * y) % 256 for y in range(64) for x in range(64))
    image = _stream(pixels, b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
                            b"/BitsPerComponent 8 ")
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R " \
           b"/Resources << /XObject << /Im1 5 0 R >> >> >>"
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>", page,
                _stream(b"q 400 0 0 400 100 300 cm /Im1 Do Q"), image])


def encrypted_pdf(source: bytes, password: str = "geheim") -> bytes:
    """`source` encrypted with a user password (RC4, readable without extra packages)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
