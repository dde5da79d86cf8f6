"""The gap map in a real browser: Debian's chromium, driven by Playwright, offline.

The page is opened from `file://` in a context with the network off, where every request that
is not `file://` is aborted and recorded. It must show no page error, stabilise and stop its
physics within seconds, draw exactly the nodes and edges the graph holds, have its legend and
search, select Penal Code (2017) art. 257 when searching "257", show tooltips as formatted
elements (not tags as text), and run nothing from a graph whose labels and quotes hold
`<script>` and `<img onerror=...>`. A screenshot is saved under artifacts/.

This test never skips: without chromium it fails, saying what to install.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright

from lexgap.cli.main import main
from lexgap.gapmap import build as gapmap
from lexgap.queries import runner
from lexgap.queries.answers import gaps
from lexgap.queries.engine import turtle_engine

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ART_257 = "Penal Code (2017), art. 257"
ART_257_IRI = "https://lexgap.example.org/id/la/penal-code/2017/art/257"
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
STABLE_WITHIN_MS = 10_000


@dataclass
class Maps:
    real: Path
    hostile: Path
    counts: dict[str, int]  # what the map data model holds
    graph: dict[str, int]  # what the graph says, counted by gapmap-counts.rq and the gap answers


@dataclass
class Opened:
    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    seconds: float = 0.0


@pytest.fixture(scope="module")
def maps(
    tmp_path_factory: pytest.TempPathFactory, hostile_graph: Callable[[Path, Path], Path]
) -> Maps:
    import lexgap

    out = tmp_path_factory.mktemp("gapmap-browser")
    lexgap.build(out=out)
    ttl = out / "lexgap.ttl"
    real, hostile = out / "gapmap.html", out / "hostile.html"
    assert main(["gapmap", "--graph", str(ttl), "--out", str(real)]) == 0
    bad_ttl = hostile_graph(ttl, out / "hostile.ttl")
    assert main(["gapmap", "--graph", str(bad_ttl), "--out", str(hostile)]) == 0
    engine = turtle_engine(ttl)
    answers = gaps.answer_all(engine)
    (g,) = runner.run(engine, runner.get("gapmap-counts"))
    nodes = len(answers) + g["provisions"] + g["recommendations"] + g["documents"]
    m = gapmap.build_map(engine, answers)
    return Maps(real, hostile, m.counts(), {"nodes": nodes, **g})


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield b
        finally:
            b.close()


def open_map(browser: Browser, path: Path) -> Opened:
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    opened = Opened(page)
    page.on("pageerror", lambda exc: opened.errors.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            opened.errors.append(f"console {msg.type}: {msg.text}")
            if msg.type in ("error", "warning")
            else None
        ),
    )
    page.on("request", lambda request: opened.requests.append(request.url))

    def guard(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            opened.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    started = time.monotonic()
    page.goto(path.as_uri())
    page.wait_for_function("() => window.gapmap && window.gapmap.stable", timeout=30_000)
    opened.seconds = time.monotonic() - started
    return opened


@pytest.fixture(scope="module")
def real(browser: Browser, maps: Maps) -> Iterator[Opened]:
    opened = open_map(browser, maps.real)
    yield opened
    opened.page.context.close()


@pytest.fixture(scope="module")
def hostile(browser: Browser, maps: Maps) -> Iterator[Opened]:
    opened = open_map(browser, maps.hostile)
    yield opened
    opened.page.context.close()


def hover(page: Page, node_id: str) -> Locator:
    """Centre the node, move the mouse onto it, and return the tooltip vis-network shows."""
    page.evaluate("id => network.focus(id, {scale: 1.4, animation: false})", node_id)
    at = page.evaluate(
        """id => {
            const p = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById("mynetwork").getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        node_id,
    )
    page.mouse.move(at["x"] - 40, at["y"] - 40)
    page.mouse.move(at["x"], at["y"], steps=6)
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    return tip


def click(page: Page, node_id: str) -> None:
    hover(page, node_id)
    page.evaluate("id => network.focus(id, {scale: 1.4, animation: false})", node_id)
    at = page.evaluate(
        """id => {
            const p = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById("mynetwork").getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        node_id,
    )
    page.mouse.click(at["x"], at["y"])


# --- the real map -------------------------------------------------------------------------------


def test_opens_offline_without_errors_and_stops_its_physics(real: Opened) -> None:
    page = real.page
    assert real.errors == []
    assert real.requests and all(url.startswith("file://") for url in real.requests)
    assert real.blocked == []
    took = page.evaluate("() => gapmap.stabiliseMs")
    assert 0 < took < STABLE_WITHIN_MS, f"stabilised after {took} ms"
    assert page.evaluate("() => network.physics.physicsEnabled") is False
    assert page.get_attribute("body", "data-stable") == "true"
    print(f"\nstabilised in {took} ms; page ready {real.seconds:.1f} s after navigation")


def test_draws_every_node_and_edge_the_graph_holds(real: Opened, maps: Maps) -> None:
    drawn = real.page.evaluate("() => gapmap.drawn()")
    data = real.page.evaluate(
        "() => ({nodes: network.body.data.nodes.length, edges: network.body.data.edges.length})"
    )
    positioned = real.page.evaluate("() => Object.keys(network.getPositions()).length")
    assert maps.counts["nodes"] == maps.graph["nodes"]  # the model is the graph (test_gapmap.py)
    assert drawn == data == {"nodes": maps.counts["nodes"], "edges": maps.counts["edges"]}
    assert positioned == maps.graph["nodes"]


def test_has_a_legend_a_search_box_and_filters(real: Opened) -> None:
    page = real.page
    legend = page.locator("#gapmap-legend")
    assert legend.is_visible()
    text = legend.inner_text()
    for words in (
        "criminalised",
        "partial",
        "not criminalised",
        "contested",
        "provided by law",
        "age below the standard",
    ):  # the bundled corpus has gaps of each of these statuses (none without information)
        assert words in text
    for words in ("creates the offence", "recommendation targets", "State response answers"):
        assert words in text
    assert "conflicts with" in text
    assert page.locator("#gapmap-search").is_visible()
    # the statuses the map's gaps have, of the three kinds of question's nine
    present = page.evaluate(
        "() => new Set(nodes.get({filter: n => !!n.status}).map(n => n.status)).size"
    )
    assert 5 <= present < 9
    assert page.locator("#filter-status input").count() == present
    assert page.locator("#filter-instrument option").count() > 5
    assert page.locator("#filter-body option").count() == 4  # all, and three bodies


def test_searching_257_selects_penal_code_2017_art_257(real: Opened) -> None:
    page = real.page
    page.fill("#gapmap-search", "257")
    page.press("#gapmap-search", "Enter")
    assert page.evaluate("() => network.getSelectedNodes()") == [ART_257_IRI]
    assert page.locator("#gapmap-selection h2").inner_text() == ART_257
    panel = page.locator("#gapmap-selection").inner_text()
    assert "3 months to 1 year of imprisonment" in panel
    assert "lao-opsc-followup-report ¶77" in panel


def test_hover_shows_a_formatted_tooltip(real: Opened) -> None:
    page = real.page
    tip = hover(page, ART_257_IRI)
    assert tip.locator(".gm-tip .gm-tip-title").inner_text() == ART_257
    assert tip.locator(".gm-tip dl dt").count() >= 4  # instrument, version, year, article
    assert tip.locator(".gm-tip blockquote.gm-quote").count() == 1
    text = tip.inner_text()
    assert "3 months to 1 year of imprisonment" in text
    assert "Any person who possesses the above mentioned materials" in text
    assert "lao-opsc-followup-report ¶77" in text
    for tag in ("<div", "<dl", "<b>", "<br", "</"):
        assert tag not in text, tag


def test_side_panel_lists_an_offences_provisions_and_recommendations(real: Opened) -> None:
    page = real.page
    click(page, "gap:csam-possession")
    assert page.evaluate("() => network.getSelectedNodes()") == ["gap:csam-possession"]
    panel = page.locator("#gapmap-selection").inner_text()
    assert "Is possession of child sexual abuse material criminalised?" in panel
    assert "Provisions creating the offence (1)" in panel and ART_257 in panel
    # the two on possession itself and ten on broader offences (child sexual abuse material,
    # every Optional Protocol offence)
    assert "Recommendations pressing on it (12)" in panel
    assert "CRC ¶30(c) 2015" in panel and "SR ¶66(b) 2019" in panel
    assert "Criminalize all offences under the Optional Protocol" in panel
    assert "Findings of a gap (3)" in panel


def test_status_filter_hides_gaps_and_reset_shows_them(real: Opened, maps: Maps) -> None:
    page = real.page
    contested = page.evaluate(
        "() => nodes.get({filter: n => n.status === 'contested'}).map(n => n.id)"
    )
    assert "gap:csam-possession" in contested
    page.locator("#filter-status input[value='contested']").uncheck()
    hidden = page.evaluate("() => nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert set(contested) <= set(hidden)
    assert page.evaluate("() => gapmap.drawn().nodes") < maps.counts["nodes"]
    page.click("#gapmap-reset")
    assert page.evaluate("() => gapmap.drawn()") == {
        "nodes": maps.counts["nodes"],
        "edges": maps.counts["edges"],
    }


def test_instrument_and_body_filters_and_grouping(real: Opened, maps: Maps) -> None:
    page = real.page
    whole = {"nodes": maps.counts["nodes"], "edges": maps.counts["edges"]}
    penal = "https://lexgap.example.org/id/la/penal-code"
    page.select_option("#filter-instrument", penal)
    shown = page.evaluate(
        "() => nodes.get({filter: n => n.kind === 'provision' && !n.hidden}).map(n => n.lawGroup)"
    )
    assert shown and set(shown) == {penal}
    page.select_option("#filter-body", "crc-committee")
    bodies = page.evaluate(
        "() => nodes.get({filter: n => n.kind === 'recommendation' && !n.hidden}).map(n => n.body)"
    )
    assert bodies and set(bodies) == {"crc-committee"}
    page.click("#gapmap-reset")
    assert page.evaluate("() => gapmap.drawn()") == whole
    page.click("#gapmap-cluster")  # each instrument's provisions folded into one node
    assert page.evaluate(f"() => network.isCluster('cluster {penal}')") is True
    assert page.evaluate("() => gapmap.drawn().nodes") < whole["nodes"]
    page.click("#gapmap-cluster")
    assert page.evaluate("() => gapmap.drawn()") == whole


def test_screenshot_is_saved_as_an_artefact(real: Opened) -> None:
    page = real.page
    page.evaluate("() => { network.unselectAll(); network.fit({animation: false}); }")
    page.mouse.move(5, 5)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "gapmap-browser-test.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


# --- a graph with hostile labels and quotes ----------------------------------------------------


def test_injected_markup_shows_as_text_and_runs_nothing(hostile: Opened) -> None:
    page = hostile.page
    assert hostile.errors == [] and hostile.blocked == []
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    page.fill("#gapmap-search", "257")
    page.press("#gapmap-search", "Enter")
    assert page.evaluate("() => network.getSelectedNodes()") == [ART_257_IRI]
    assert HOSTILE in page.locator("#gapmap-selection h2").inner_text()
    assert HOSTILE in page.locator("#gapmap-selection").inner_text()
    tip = hover(page, ART_257_IRI)
    assert tip.locator(".gm-tip-title").inner_text() == f"{ART_257} {HOSTILE}"
    assert f"{HOSTILE} Any person who possesses" in tip.inner_text()
    page.wait_for_timeout(300)  # an <img onerror> would have fired by now
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0
    assert page.evaluate("() => document.scripts.length") == 3
    assert hostile.errors == []
