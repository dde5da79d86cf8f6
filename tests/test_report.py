"""The brief (`lexgap report`): every footnote quotes its passage verbatim, every reference has
its footnote, nothing from the sources runs as markup, and the page needs nothing from outside.

Quotes are checked against the passages the loaders read from the source files (the text every
quote of the graph is checked against when it is built), both in the HTML (parsed back with the
standard library's parser, so escaping is undone as a browser would) and in the Markdown
(backslash escapes undone). The browser checks are in tests/test_report_browser.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

import lexgap
from lexgap.cli.main import main
from lexgap.core.errors import UsageError
from lexgap.loaders.corpus import read_corpus
from lexgap.publish.brief import verbatim_runs

pytestmark = pytest.mark.integration

Notes = dict[int, tuple[str, str, list[str]]]  # number -> (document, locator, quoted runs)


@pytest.fixture(scope="module")
def passages() -> dict[tuple[str, str], str]:
    corpus = read_corpus()
    return {(d.id, p.locator): p.text for d in corpus.documents for p in d.passages}


@pytest.fixture(scope="module")
def page(built_out: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("report") / "brief.html"
    made = lexgap.report(target, out=built_out)
    assert made.path == target and target.read_text("utf-8") == made.text
    return made.text


class _Footnotes(HTMLParser):
    """The footnotes (li#fn-N with data-document, data-locator and <q> runs) and every
    footnote reference (a[href=#fn-N]) of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.notes: Notes = {}
        self.refs: set[int] = set()
        self.tags: list[str] = []
        self.attrs_seen: list[tuple[str, str | None]] = []
        self._note: int | None = None
        self._quote: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        self.attrs_seen += attrs
        if tag == "li" and (a.get("id") or "").startswith("fn-"):
            self._note = int((a["id"] or "")[3:])
            self.notes[self._note] = (a["data-document"] or "", a["data-locator"] or "", [])
        elif tag == "q" and self._note is not None:
            self._quote = []
        elif tag == "a" and (a.get("href") or "").startswith("#fn-"):
            self.refs.add(int((a["href"] or "")[4:]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "q" and self._quote is not None and self._note is not None:
            self.notes[self._note][2].append("".join(self._quote))
            self._quote = None
        elif tag == "li" and self._quote is None:
            self._note = None

    def handle_data(self, data: str) -> None:
        if self._quote is not None:
            self._quote.append(data)


def footnotes(text: str) -> _Footnotes:
    parser = _Footnotes()
    parser.feed(text)
    return parser


def _in_passage(
    passages: dict[tuple[str, str], str], document: str, locator: str, quote: str
) -> bool:
    found = passages.get((document, locator))
    if found is None and document.endswith("-es"):  # an edition's annex is its report's text
        found = passages.get((document[: -len("-es")], locator))
    return found is not None and quote in found


def test_every_footnote_quotes_its_passage_verbatim(
    page: str, passages: dict[tuple[str, str], str]
) -> None:
    found = footnotes(page)
    assert len(found.notes) > 100
    for number, (document, locator, quotes) in found.notes.items():
        assert quotes, f"footnote {number} quotes nothing"
        for q in quotes:
            assert _in_passage(passages, document, locator, q), (number, document, locator, q)


def test_every_reference_has_its_footnote_and_every_footnote_is_used(page: str) -> None:
    found = footnotes(page)
    assert found.refs == set(found.notes)
    assert sorted(found.notes) == list(range(1, len(found.notes) + 1))


def test_matrix_then_every_answer_with_its_parts(page: str) -> None:
    questions = lexgap.questions()
    assert page.index('id="matrix"') < page.index('class="answer"')
    for qid, question in questions.items():
        assert f'id="q-{qid}"' in page and question.replace("'", "&#x27;") in page
    section = page[page.index('id="q-rape-of-boys"') :]
    section = section[: section.index("</section>")]
    for part in ("Reasons", "Provisions (", "Findings (", "Recommendations (", "Conflicts"):
        assert part in section
    # penalties, ages and sex of each provision, and citations, not internal ids
    assert "Penalty: 10 years to 20 years of imprisonment" in section
    assert "victims: girls" in section
    assert "CRC/C/OPSC/LAO/CO/1, para. 29(d) (5 June 2015)" in section
    assert "crc-c-opsc-lao-co-1 ¶" not in page
    # the matrix keeps every key provision (no "(+2)")
    assert not re.search(r"\(\+\d+\)", page)


def test_the_page_needs_nothing_from_outside(page: str) -> None:
    found = footnotes(page)
    assert "script" not in found.tags and "img" not in found.tags and "link" not in found.tags
    assert not [v for k, v in found.attrs_seen if k in ("src", "srcset")]
    hrefs = [v or "" for k, v in found.attrs_seen if k == "href"]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert "url(" not in page and "@import" not in page
    assert "default-src 'none'" in page  # and the page says so to the browser
    assert "@media print" in page


def test_text_from_the_sources_is_escaped(
    built_out: Path, tmp_path: Path, hostile_graph: Callable[[Path, Path], Path]
) -> None:
    bad = hostile_graph(built_out / "lexgap.ttl", tmp_path / "hostile.ttl")
    made = lexgap.report(graph=bad, questions=["csam-possession"])
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in made.text
    assert "<script" not in made.text and "<img" not in made.text
    md = lexgap.report(format="md", graph=bad, questions=["csam-possession"])
    assert r"\<script\>window.\_\_pwned=1\</script\>" in md.text
    assert "<script" not in md.text.replace(r"\<script", "")


def _md_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_markdown_renders_headings_tables_and_footnotes(
    built_out: Path, passages: dict[tuple[str, str], str]
) -> None:
    made = lexgap.report(format="md", out=built_out)
    text = made.text
    lines = text.splitlines()
    assert lines[0].startswith("# ")
    headings = [x for x in lines if re.match(r"#{2,3} \S", x)]
    assert "## Gap matrix" in headings and "## Sources cited" in headings
    assert len([h for h in headings if h.startswith("## ")]) == len(lexgap.questions()) + 4
    # the matrix is a pipe table: header, delimiter, one row per question, same column count
    at = lines.index("## Gap matrix") + 2
    table = lines[at : at + 2 + len(lexgap.questions())]
    assert re.fullmatch(r"(\|---)+\|", table[1])
    cells = [len(re.findall(r"(?<!\\)\|", row)) for row in table]
    assert len(set(cells)) == 1
    # every footnote reference has one definition, and each definition quotes its passage
    refs = {int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", text)}
    definitions = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", text, flags=re.MULTILINE))
    assert refs == {int(n) for n in definitions}
    notes = {n.number: n for n in made.brief.notes}
    for number, body in definitions.items():
        note = notes[int(number)]
        cited, quotes = body.split("): “", 1)  # a citation ends with its date in brackets
        assert _md_unescape(cited) + ")" == note.citation
        quoted = re.findall(r"“(.*?)”(?: … |$)", "“" + quotes)
        assert [_md_unescape(q) for q in quoted] == list(note.quotes), number
        for q in note.quotes:
            assert _in_passage(passages, note.document, note.locator, q)


def test_as_of_leaves_out_later_documents(built_out: Path) -> None:
    made = lexgap.report(as_of="2015-06-05", out=built_out)
    cited = {n.document for n in made.brief.notes}
    assert cited <= {"crc-c-opsc-lao-co-1", "csec-study-2011"}
    assert "as the sources stood on 2015-06-05" in made.text


def test_questions_narrow_the_brief_and_its_conflicts(built_out: Path) -> None:
    whole = lexgap.report(format="md", out=built_out).brief
    one = lexgap.report(format="md", questions=["rape-of-boys"], out=built_out).brief
    assert [s.id for s in one.sections] == ["rape-of-boys"]
    assert 0 < len(one.conflicts) < len(whole.conflicts) == len(lexgap.conflicts(out=built_out))
    assert one.sections[0].conflicts == tuple(c.number for c in one.conflicts)


def test_unknown_format_and_question_are_usage_errors(built_out: Path) -> None:
    with pytest.raises(UsageError, match="format"):
        lexgap.report(format="pdf", out=built_out)
    with pytest.raises(UsageError):
        lexgap.report(questions=["no-such-question"], out=built_out)


def test_cli_writes_the_file_its_suffix_names_or_prints(
    built_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "brief.md"
    args = ["--store", str(built_out), "--question", "rape-of-boys", "csam-possession"]
    assert main(["report", "--out", str(target), *args]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"wrote {target}: 2 question(s), ") and "footnote(s)" in said
    assert target.read_text("utf-8").startswith("# ")
    assert main(["report", "--out", "-", "--format", "html", *args]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert main(["report", "--out", str(tmp_path), "--format", "md", "--question", "grooming",
                 "--store", str(built_out)]) == 0  # fmt: skip
    assert (tmp_path / "report.md").is_file()


def test_a_recommendation_is_quoted_in_the_runs_that_stand_in_its_passage() -> None:
    passage = (
        "The sector grows. Noting the risk, it encourages this. The Code helps. It urges that."
    )
    joined = "Noting the risk, it encourages this. It urges that."
    assert verbatim_runs(joined, passage) == (
        "Noting the risk, it encourages this.",
        "It urges that.",
    )
    assert verbatim_runs("The Code helps. It urges that.", passage) == (
        "The Code helps. It urges that.",
    )
    assert verbatim_runs("anything", None) == ("anything",)
