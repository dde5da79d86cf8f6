"""The brief (`lexgap report --format html`) in a real browser: Debian's chromium, offline.

The page is opened from `file://` in a context with the network off, where every request that
is not `file://` is aborted and recorded. It must show no console message of error or warning
and no page error, make no request but its own file, show every footnote's quote exactly as the
source passage has it (the text a reader sees, read from the DOM), show a `<script>` in a quote
as text without running it, and print to a PDF. This test never skips: without chromium it
fails, saying what to install.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from offline_browser import Opened, chromium, offline_page
from playwright.sync_api import Browser

from lexgap.cli.main import main
from lexgap.loaders.corpus import read_corpus

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def briefs(
    built_out: Path,
    tmp_path_factory: pytest.TempPathFactory,
    hostile_graph: Callable[[Path, Path], Path],
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("report-browser")
    real, hostile = folder / "brief.html", folder / "hostile.html"
    assert main(["report", "--out", str(real), "--store", str(built_out)]) == 0
    bad = hostile_graph(built_out / "lexgap.ttl", folder / "hostile.ttl")
    args = ["report", "--out", str(hostile), "--graph", str(bad), "--question", "csam-possession"]
    assert main(args) == 0
    return {"real": real, "hostile": hostile}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def open_page(browser: Browser, path: Path) -> Opened:
    opened = offline_page(browser, (1200, 900))
    page = opened.page
    page.goto(path.as_uri(), wait_until="load")
    return opened


@pytest.fixture(scope="module")
def real(browser: Browser, briefs: dict[str, Path]) -> Iterator[Opened]:
    opened = open_page(browser, briefs["real"])
    yield opened
    opened.page.context.close()


def test_opens_offline_without_errors_or_requests(real: Opened, briefs: dict[str, Path]) -> None:
    assert real.errors == []
    assert real.requests == [briefs["real"].as_uri()]
    assert real.blocked == []
    assert real.page.title().startswith("Sale and sexual exploitation of children")


def test_every_footnote_shows_its_passage_verbatim(real: Opened) -> None:
    corpus = read_corpus()
    passages = {(d.id, p.locator): p.text for d in corpus.documents for p in d.passages}
    notes = real.page.evaluate(
        """() => [...document.querySelectorAll('#notes li')].map(li => ({
            id: li.id, document: li.dataset.document, locator: li.dataset.locator,
            citation: li.querySelector('.citation').textContent,
            quotes: [...li.querySelectorAll('q')].map(q => q.textContent)}))"""
    )
    assert len(notes) > 100
    for n in notes:
        text = passages.get((n["document"], n["locator"]))
        assert text is not None, n
        assert n["quotes"] and all(q in text for q in n["quotes"]), n
    # every footnote reference leads to a footnote
    targets = real.page.evaluate(
        """() => [...document.querySelectorAll('sup.fn a')].map(a => a.getAttribute('href'))"""
    )
    ids = {f"#{n['id']}" for n in notes}
    assert targets and set(targets) == ids


def test_prints_to_pdf(real: Opened, tmp_path: Path) -> None:
    real.page.emulate_media(media="print")
    hidden = real.page.evaluate("() => getComputedStyle(document.querySelector('nav')).display")
    assert hidden == "none"  # the screen's table of contents is not printed
    pdf = real.page.pdf(format="A4", path=str(tmp_path / "brief.pdf"))
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 20
    real.page.emulate_media(media="screen")


def test_markup_in_a_quote_shows_as_text_and_never_runs(
    browser: Browser, briefs: dict[str, Path]
) -> None:
    opened = open_page(browser, briefs["hostile"])
    try:
        page = opened.page
        assert opened.errors == [] and opened.blocked == []
        assert page.evaluate("() => window.__pwned") is None
        assert page.evaluate("() => document.querySelectorAll('script, img').length") == 0
        shown = page.evaluate("() => document.body.innerText")
        assert "<script>window.__pwned=1</script>" in shown
    finally:
        opened.page.context.close()
