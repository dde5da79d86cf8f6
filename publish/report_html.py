"""The brief as one self-contained HTML page: readable on screen, offline, and printed to PDF.

Why it looks like this: the page is sent by e-mail and opened anywhere, so it carries its own
CSS, runs no script, loads nothing (its Content Security Policy forbids it) and escapes every
text from the sources. Printed, it reads as a paper: A4 margins, tables whose header repeats
on each page, no row or footnote split across pages, links shown as plain text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from lexgap.publish.brief import INTRO, Brief, Conflict, Item, Line, Note, Section

CSS = """
:root { --ink: #1b1b1b; --muted: #555; --rule: #c9c9c9; --band: #f3f3f0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 Georgia, "Times New Roman", serif; color: var(--ink); margin: 0 auto;
       max-width: 60rem; padding: 1.5rem 2rem 4rem; overflow-wrap: break-word; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .4rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
p, li { margin: .25rem 0; }
.meta, .muted { color: var(--muted); font-size: .9rem; }
.intro { background: var(--band); padding: .6rem .9rem; border-left: 3px solid var(--rule); }
table { width: 100%; border-collapse: collapse; margin: .5rem 0 1rem; font-size: .88rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .4rem; text-align: left;
         vertical-align: top; }
th { background: var(--band); }
td.when, td.lang { white-space: nowrap; }
.status { display: inline-block; padding: 0 .4rem; border: 1px solid var(--ink);
          border-radius: 3px; font-family: sans-serif; font-size: .8rem; white-space: nowrap; }
sup.fn { font-size: .7rem; line-height: 0; }
sup.fn a { text-decoration: none; }
ul.items > li { margin-bottom: .5rem; }
ul.items ul { list-style: none; padding-left: 1rem; color: #333; }
ol.notes { font-size: .85rem; padding-left: 2.2rem; }
ol.notes li { margin-bottom: .35rem; }
ol.notes q { quotes: "\\201C" "\\201D"; font-style: italic; }
nav ol { columns: 2; font-size: .9rem; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  body { font-size: 10.5pt; max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  nav { display: none; }
  thead { display: table-header-group; }
  tr, li, .intro { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  section.answer, #conflicts, #notes { break-before: page; }
}
""".strip()


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _refs(notes: Iterable[int]) -> str:
    links = ",".join(f'<a href="#fn-{n}">{n}</a>' for n in notes)
    return f'<sup class="fn">{links}</sup>' if links else ""


def _line(line: Line) -> str:
    return _e(line.text) + _refs(line.notes)


def _items(items: Iterable[Item]) -> str:
    parts = []
    for item in items:
        sub = "".join(f"<li>{_line(x)}</li>" for x in item.lines)
        parts.append(f"<li>{_line(item.head)}" + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
    return f'<ul class="items">{"".join(parts)}</ul>' if parts else '<p class="muted">none</p>'


def _list(lines: Iterable[Line]) -> str:
    body = "".join(f"<li>{_line(x)}</li>" for x in lines)
    return f"<ul>{body}</ul>" if body else '<p class="muted">none</p>'


def _status(status: str) -> str:
    return f'<span class="status">{_e(status.replace("_", " "))}</span>'


def _section(s: Section) -> str:
    out = [f'<section class="answer" id="q-{_e(s.id)}">', f"<h2>{_e(s.question)}</h2>"]
    out.append(
        f'<p>{_status(s.status)} <span class="muted">{_e(s.id)} · {_e(s.kind)} question</span></p>'
    )
    if s.standard:
        out.append(f"<p><strong>Standard:</strong> {_e(s.standard)}</p>")
    if s.caveats:
        out.append("<h3>Caveats</h3>" + _list(s.caveats))
    if s.ages:
        out.append("<h3>Ages the sources give</h3>" + _list(s.ages))
    out.append("<h3>Reasons</h3>" + _list(s.reasons))
    out.append(f"<h3>Provisions ({len(s.provisions)})</h3>" + _items(s.provisions))
    out.append(f"<h3>Findings ({len(s.findings)})</h3>" + _items(s.findings))
    out.append(f"<h3>Recommendations ({len(s.recommendations)})</h3>" + _items(s.recommendations))
    if s.conflicts:
        links = ", ".join(f'<a href="#conflict-{n}">conflict {n}</a>' for n in s.conflicts)
        out.append(f"<h3>Conflicts between sources</h3><p>{links}</p>")
    out.append("</section>")
    return "\n".join(out)


def _conflict(c: Conflict) -> str:
    notes = "".join(f"<li>{_e(n)}</li>" for n in c.notes)
    return (
        f'<li id="conflict-{c.number}"><strong>{_e(c.about)}</strong> '
        f'<span class="muted">({_e(c.status)}: {_e(c.kind)})</span>'
        f"<ul><li>{_line(c.a)}</li><li>{_line(c.b)}</li><li>Why: {_e(c.why)}</li>{notes}</ul></li>"
    )


def _note(n: Note) -> str:
    quotes = " … ".join(f"<q>{_e(q)}</q>" for q in n.quotes)
    return (
        f'<li id="fn-{n.number}" data-document="{_e(n.document)}" '
        f'data-locator="{_e(n.locator)}"><span class="citation">{_e(n.citation)}</span>: '
        f"{quotes}</li>"
    )


def html_page(b: Brief) -> str:
    """The whole page (UTF-8 text)."""
    docs = "".join(
        f"<tr><td>{_e(d.name)}</td><td>{_e(d.title)}</td><td>{_e(d.issued_by)}</td>"
        f'<td class="when">{_e(d.when)}</td><td class="lang">{_e(d.language)}</td></tr>'
        for d in b.documents
    )
    matrix = "".join(
        f'<tr><td><a href="#q-{_e(r.id)}">{_e(r.question)}</a></td><td>{_status(r.status)}</td>'
        f"<td>{_e(r.key_provisions) or '—'}</td><td>{r.findings}</td>"
        f"<td>{r.recommendations}</td><td>{_line(r.latest) or '—'}</td></tr>"
        for r in b.matrix
    )
    toc = "".join(f'<li><a href="#q-{_e(s.id)}">{_e(s.question)}</a></li>' for s in b.sections)
    scope = []
    if b.as_of:
        scope.append(f"as the sources stood on {b.as_of}")
    if b.jurisdiction:
        scope.append(f"jurisdiction {b.jurisdiction}")
    conflicts = "".join(_conflict(c) for c in b.conflicts)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'\">",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(b.title)}</title>",
            f"<style>\n{CSS}\n</style>",
            "</head>",
            "<body>",
            f"<header><h1>{_e(b.title)}</h1>",
            f'<p class="meta">A brief made by lexgap{_e(": " + ", ".join(scope)) if scope else ""}.'
            "</p>",
            f'<p class="intro">{_e(INTRO)}</p></header>',
            f"<nav><h2>Questions</h2><ol>{toc}</ol></nav>",
            '<section id="sources"><h2>Sources</h2><table><thead><tr><th>Cited as</th>'
            "<th>Title</th><th>Issued by</th><th>Date</th><th>Lang.</th></tr></thead>"
            f"<tbody>{docs}</tbody></table></section>",
            '<section id="matrix"><h2>Gap matrix</h2><table><thead><tr><th>Question</th>'
            "<th>Status</th><th>Key provisions</th><th>Findings</th><th>Recommendations</th>"
            f"<th>Latest recommendation</th></tr></thead><tbody>{matrix}</tbody></table></section>",
            *(_section(s) for s in b.sections),
            '<section id="conflicts"><h2>Conflicts between sources</h2>'
            + (f"<ol>{conflicts}</ol>" if conflicts else '<p class="muted">none</p>')
            + "</section>",
            '<section id="notes"><h2>Sources cited</h2><ol class="notes">'
            + "".join(_note(n) for n in b.notes)
            + "</ol></section>",
            "</body>",
            "</html>",
            "",
        ]
    )
