"""HTML (intranet page), Markdown and plain-text rendering."""

from __future__ import annotations

import html
import re
import textwrap

from markup import Source, strip_inline
from profiles import Profile

NAV = ("Startseite", "Leistung", "Markt und Integration", "Bildung und Teilhabe", "Formulare",
       "Arbeitshilfen", "Telefonbuch")


def _h(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text, quote=False))


def render_html(src: Source, prof: Profile) -> str:
    info = [src.dateline_text(prof.city)] + [b.text for b in src.blocks if b.kind == "info"]
    area = src.extra.get("area", "Arbeitshilfen")
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(src.title)} – Intranet {html.escape(prof.unit)}</title>",
        f'<meta name="date" content="{src.date.isoformat()}">',
        f'<meta name="author" content="{html.escape(prof.unit)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<link rel="stylesheet" href="/intranet/static/css/intranet.css">',
        "</head>",
        "<body>",
        '<header class="site-header">',
        f'  <div class="logo">{html.escape(prof.org)} · Intranet</div>',
        '  <form class="search" action="/intranet/suche" method="get">'
        '<input type="search" name="q" placeholder="Intranet durchsuchen"></form>',
        '  <nav class="main-nav"><ul>',
    ]
    for item in NAV:
        cls = ' class="active"' if item == area else ""
        out.append(f'    <li{cls}><a href="/intranet/{item.lower().replace(" ", "-")}/">'
                   f"{html.escape(item)}</a></li>")
    out += [
        "  </ul></nav>",
        "</header>",
        f'<div class="breadcrumb"><a href="/intranet/">Startseite</a> › '
        f'<a href="#">{html.escape(area)}</a> › {html.escape(src.doc_type)}</div>',
        '<main id="content">',
        "<article>",
        f"<h1>{html.escape(src.title)}</h1>",
        '<div class="doc-meta">',
    ]
    for line in info:
        out.append(f"  <p>{_h(line)}</p>")
    out.append(f"  <p>Dokumenttyp: {html.escape(src.doc_type)} · Herausgeber: "
               f"{html.escape(prof.unit)}</p>")
    out.append("</div>")
    for b in src.blocks:
        if b.kind == "h1":
            out.append(f"<h2>{_h(b.text)}</h2>")
        elif b.kind == "h2":
            out.append(f"<h3>{_h(b.text)}</h3>")
        elif b.kind == "p":
            out.append(f"<p>{_h(b.text)}</p>")
        elif b.kind == "sig":
            out.append(f'<p class="signatur">{_h(b.text)}</p>')
        elif b.kind in ("ul", "ol"):
            out.append(f"<{b.kind}>")
            out += [f"  <li>{_h(i)}</li>" for i in b.items]
            out.append(f"</{b.kind}>")
        elif b.kind == "table":
            out.append('<table class="tabelle">')
            out.append("  <thead><tr>" + "".join(f"<th>{_h(c)}</th>" for c in b.rows[0])
                       + "</tr></thead>")
            out.append("  <tbody>")
            for r in b.rows[1:]:
                out.append("    <tr>" + "".join(f"<td>{_h(c)}</td>" for c in r) + "</tr>")
            out.append("  </tbody>")
            out.append("</table>")
    out += [
        "</article>",
        '<aside class="related"><h2>Ansprechpartner</h2>'
        f"<p>{html.escape(src.extra.get('contact', 'Sachgebietsleitung Leistung'))}, "
        "erreichbar über das interne Telefonbuch.</p></aside>",
        "</main>",
        '<footer class="site-footer">',
        f"  <p>© {src.date.year} {html.escape(prof.org)} – {html.escape(prof.unit)} · "
        "Nur für den internen Dienstgebrauch</p>",
        '  <p><a href="/intranet/impressum/">Impressum</a> · '
        '<a href="/intranet/datenschutz/">Datenschutz</a> · '
        '<a href="/intranet/barrierefreiheit/">Barrierefreiheit</a> · '
        '<a href="/intranet/redaktion/">Redaktion Intranet</a></p>',
        f"  <p>Zuletzt geändert: {src.date:%d.%m.%Y}</p>",
        "</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def render_markdown(src: Source, prof: Profile) -> str:
    out = [f"# {src.title}", ""]
    info = [src.dateline_text(prof.city)] + [b.text for b in src.blocks if b.kind == "info"]
    out += [line + ("  " if i < len(info) - 1 else "") for i, line in enumerate(info)]
    out.append("")
    for b in src.blocks:
        if b.kind == "h1":
            out += [f"## {b.text}", ""]
        elif b.kind == "h2":
            out += [f"### {b.text}", ""]
        elif b.kind in ("p", "sig"):
            out += [b.text, ""]
        elif b.kind == "ul":
            out += [f"- {i}" for i in b.items] + [""]
        elif b.kind == "ol":
            out += [f"{n}. {i}" for n, i in enumerate(b.items, 1)] + [""]
        elif b.kind == "table":
            out.append("| " + " | ".join(b.rows[0]) + " |")
            out.append("|" + "|".join("---" for _ in b.rows[0]) + "|")
            out += ["| " + " | ".join(r) + " |" for r in b.rows[1:]]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


_NBSP = "\u00a0"
# keep citations and amounts on one line: "§ 22", "Abs. 1", "SGB II", "30 %", "563 €"
_GLUE = re.compile(r"(?<=§)(§)? |(?<=\bAbs\.) |(?<=\bSatz) |(?<=\bNr\.) |(?<=\bSGB) |(?<=\d) (?=[%€])")


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    glued = _GLUE.sub(lambda m: (m.group(1) or "") + _NBSP, strip_inline(text))
    lines = textwrap.wrap(glued, width=96, initial_indent=first or indent,
                          subsequent_indent=indent, break_on_hyphens=False) or [""]
    return [line.replace(_NBSP, " ") for line in lines]


def render_text(src: Source, prof: Profile) -> str:
    out = [src.title, "=" * min(len(src.title), 96), ""]
    out.append(src.dateline_text(prof.city))
    out += [strip_inline(b.text) for b in src.blocks if b.kind == "info"]
    out.append("")
    for b in src.blocks:
        if b.kind == "h1":
            out += ["", strip_inline(b.text), "-" * min(len(b.text), 96), ""]
        elif b.kind == "h2":
            out += [strip_inline(b.text), ""]
        elif b.kind in ("p", "sig"):
            out += [*_wrap(b.text), ""]
        elif b.kind in ("ul", "ol"):
            for n, item in enumerate(b.items, 1):
                mark = "- " if b.kind == "ul" else f"{n}. "
                out += _wrap(item, indent=" " * len(mark), first=mark)
            out.append("")
        elif b.kind == "table":
            rows = [[strip_inline(c) for c in r] for r in b.rows]
            widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
            for ri, r in enumerate(rows):
                out.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip())
                if ri == 0:
                    out.append("  ".join("-" * w for w in widths))
            out.append("")
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.rstrip() + "\n"
