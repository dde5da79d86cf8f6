"""The gap map's data model, analytics, page and command, on the real corpus.

Counts are checked against the graph itself (`gapmap-counts.rq` and the gap answers), not
against the code that builds the map; the hand-checked node is Penal Code (2017) art. 257 as
the State report describes it in 004 ¶77. The page is checked here as text (self-contained,
hostile data escaped); tests/test_gapmap_browser.py opens it in chromium.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from lexgap.cli.main import main
from lexgap.core.errors import GapMapTooLarge
from lexgap.gapmap import build as gapmap
from lexgap.gapmap import stats as gapmap_stats
from lexgap.gapmap.evidence import conflict_about
from lexgap.gapmap.model import GapMap
from lexgap.gapmap.page import render_html
from lexgap.gapmap.style import CONFLICT_WORDS, EDGE_KINDS, gap_title
from lexgap.queries import runner
from lexgap.queries.answers import gaps
from lexgap.queries.engine import Engine, turtle_engine

pytestmark = pytest.mark.integration

ART_257 = "Penal Code (2017), art. 257"
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled corpus built once for this module (Turtle and embedded store)."""
    import lexgap

    out = tmp_path_factory.mktemp("gapmap-out")
    lexgap.build(out=out)
    yield out


@pytest.fixture(scope="module")
def engine(out_dir: Path) -> Engine:
    return turtle_engine(out_dir / "lexgap.ttl")


@pytest.fixture(scope="module")
def answers(engine: Engine) -> list[gaps.GapAnswer]:
    return gaps.answer_all(engine)


@pytest.fixture(scope="module")
def whole(engine: Engine, answers: list[gaps.GapAnswer]) -> GapMap:
    return gapmap.build_map(engine, answers)


# --- the data model ----------------------------------------------------------------------------


def test_node_and_edge_counts_are_what_the_graph_holds(
    engine: Engine, answers: list[gaps.GapAnswer], whole: GapMap
) -> None:
    (graph,) = runner.run(engine, runner.get("gapmap-counts"))
    counts = whole.counts()
    assert whole.dropped == []
    assert counts["node:offence"] == len(gaps.catalogue()) == len(answers) == 19
    assert counts["node:provision"] == graph["provisions"]
    assert counts["node:recommendation"] == graph["recommendations"]
    assert counts["node:document"] == graph["documents"] == 4  # the Spanish edition is not one
    assert counts["nodes"] == 19 + graph["provisions"] + graph["recommendations"] + 4
    # Links into the gap nodes are the evidence of each answer, one edge per pair and kind.
    created = sum(
        len({(p.provision_iri, p.effect == "creates-offence") for p in a.provisions})
        for a in answers
    )
    found = sum(
        len({(f.source.document, f.verdict in gaps.GAP_VERDICTS) for f in a.findings})
        for a in answers
    )
    pressed = sum(len(a.recommendations) for a in answers)
    assert counts["edge:creates-offence"] + counts["edge:provides"] == created
    assert counts["edge:criticises"] + counts["edge:finds-criminalised"] == found
    assert counts["edge:targets"] == pressed + graph["targets"]
    assert counts["edge:stated-in"] == graph["recommendations"]
    assert counts["edge:describes"] == graph["describes"]
    assert counts["edge:answers"] == graph["answers"]
    assert counts["edges"] == sum(counts[f"edge:{k}"] for k in EDGE_KINDS)
    for kind in EDGE_KINDS:  # every kind of link occurs in the real corpus
        assert counts[f"edge:{kind}"] > 0, kind


def test_every_conflict_is_on_the_map(engine: Engine, whole: GapMap) -> None:
    from lexgap.queries.conflicts import conflicts

    drawn = [e for e in whole.edges.values() if e.kind == "conflicts"]
    kinds = {"penalty", "finding-vs-provision"}  # superseded findings are no conflict
    expected = [c for c in conflicts(engine) if c["kind"] in kinds and c["status"] == "conflict"]
    assert expected
    heads = {item.head for e in drawn for item in e.tip.items}
    # worded for a reader: the kind of conflict in words, the offence by its label
    assert heads == {
        f"{CONFLICT_WORDS[c['kind']]}: {conflict_about(whole, c['about'])}" for c in expected
    }
    assert not any("finding-vs-provision" in h or "child-rape" in h for h in heads)
    assert not whole.dropped


def test_statuses_come_from_the_gap_answers(answers: list[gaps.GapAnswer], whole: GapMap) -> None:
    for a in answers:
        node = whole.nodes[f"gap:{a.id}"]
        assert (node.kind, node.label, node.status, node.concepts) == (
            "offence",
            gap_title(a.id),  # the readable name, not the internal id
            a.status,
            a.offences,
        )
    assert whole.nodes["gap:csam-possession"].status == "contested"


def test_every_question_has_a_short_title_of_its_own() -> None:
    """Cards and network labels name a question by its query file's `# title:`, written for a
    reader, not by its id with the hyphens taken out ('Buying sex from child')."""
    for qid, q in gaps.catalogue().items():
        title = q.get("title")
        assert title and len(title) <= 45 and gap_title(qid) == title, qid
    assert gap_title("buying-sex-from-child") == "Buying sex from a child"
    assert (
        gap_title("csam-online-access-live-streaming") == "Accessing CSAM online and live streaming"
    )


def test_penal_code_2017_art_257_hand_checked(whole: GapMap) -> None:
    node = whole.find(ART_257)
    assert node.kind == "provision" and node.instrument == "penal-code"
    assert node.version == "Penal Code (2017)"
    assert dict(node.tip.fields)["article"] == "257"
    # 004 ¶77: "... punished with a term of three months to one year imprisonment and a fine
    # not exceeding 3million Kip (Article 257)."
    (item,) = node.tip.items
    fields = dict(item.fields)
    assert fields["penalty"] == "3 months to 1 year of imprisonment; fine up to 3,000,000 kip"
    assert fields["ages"] == "no age band stated"
    assert fields["offences"] == "Possessing child sexual abuse material"  # the SKOS prefLabel
    assert fields["victims"] == "girls and boys"
    assert dict(node.tip.fields)["jurisdiction"] == "Lao PDR"
    # cited as the CLI cites it (loaders/citation_form.py), never by the internal id
    assert item.head == (
        "Report of the Lao PDR to the Committee on the Rights of the Child following up the OPSC"
        " concluding observations (CRC/C/OPSC/LAO/CO/1), para. 77 (undated; facts up to 2017)"
    )
    (quote,) = item.quotes
    assert quote.text.startswith("Any person who possesses the above mentioned materials")
    edges = {
        (e.kind, e.source, e.target)
        for e in whole.edges.values()
        if node.id in (e.source, e.target)
    }
    doc = "https://lexgap.example.org/id/doc/"
    assert ("creates-offence", node.id, "gap:csam-possession") in edges
    assert ("describes", doc + "lao-opsc-followup-report", node.id) in edges
    # The Special Rapporteur (2019) and the Committee (2015) found possession not criminalised.
    conflicting = {s for k, s, t in edges if k == "conflicts"} | {
        t for k, s, t in edges if k == "conflicts"
    }
    # The Special Rapporteur's (2019) finding conflicts with art. 257; the Committee's (2015)
    # predates it: superseded, not a conflict, so no edge.
    assert doc + "a-hrc-40-51-add-1" in conflicting
    assert doc + "crc-c-opsc-lao-co-1" not in conflicting


def test_gap_node_tooltip_and_its_recommendations(whole: GapMap) -> None:
    gap = whole.nodes["gap:csam-possession"]
    assert gap.tip.title == "Is possession of child sexual abuse material criminalised?"
    assert dict(gap.tip.fields)["answer"] == "Contested"
    recs = {
        whole.nodes[e.source].ref
        for e in whole.edges.values()
        if e.kind == "targets" and e.target == gap.id
    }
    # the two that ask for possession itself, and those on a broader offence (child sexual
    # abuse material, every Optional Protocol offence), which press on it too
    assert {"crc-c-opsc-lao-co-1 ¶30(c)", "a-hrc-40-51-add-1 ¶66(b)"} <= recs
    assert "crc-c-opsc-lao-co-1 ¶30" in recs and "a-hrc-40-51-add-1 ¶68" in recs
    rec = next(n for n in whole.nodes.values() if n.ref == "a-hrc-40-51-add-1 ¶66(b)")
    assert rec.label == "SR ¶66(b) 2019" and rec.date == "2019-01-21"
    assert rec.tip.items[0].quotes[0].text.startswith("Specifically criminalize all acts")


def test_restrict_by_offence_keeps_narrower_and_broader_gaps(engine: Engine) -> None:
    m = gapmap.gap_map(engine, offences=["csam-possession"])
    assert {n.id for n in m.nodes.values() if n.kind == "offence"} == {"gap:csam-possession"}
    assert ART_257 in {n.label for n in m.nodes.values()}
    assert {
        "crc-c-opsc-lao-co-1 ¶30(c)",
        "a-hrc-40-51-add-1 ¶66(b)",
    } <= {n.ref for n in m.nodes.values() if n.kind == "recommendation"}
    assert all(e.source in m.nodes and e.target in m.nodes for e in m.edges.values())
    broad = gapmap.gap_map(engine, offences=["csam"])  # the broader concept
    assert {
        "gap:csam-possession",
        "gap:csam-production-distribution",
        "gap:csam-online-access-live-streaming",
    } <= set(broad.nodes)


def test_restrict_by_instrument(engine: Engine) -> None:
    m = gapmap.gap_map(engine, instruments=["Penal Code"])
    provisions = [n for n in m.nodes.values() if n.kind == "provision"]
    assert provisions and {n.instrument for n in provisions} == {"penal-code"}
    assert set(m.instruments.values()) == {"Penal Code (la)"}
    assert "gap:csam-possession" in m.nodes and "gap:surrogacy-sale" not in m.nodes


def test_a_map_over_the_node_limit_is_refused_with_the_filters_to_use(engine: Engine) -> None:
    with pytest.raises(GapMapTooLarge) as info:
        gapmap.gap_map(engine, max_nodes=100)
    assert "more than --max-nodes 100" in info.value.message
    assert info.value.hint is not None and "--offence" in info.value.hint
    assert info.value.exit_code == 2


# --- analytics ------------------------------------------------------------------------------


def test_pressure_counts_each_gaps_recommendations_bodies_and_years(
    answers: list[gaps.GapAnswer], whole: GapMap
) -> None:
    rows = {r["gap"]: r for r in gapmap_stats.stats(whole)["pressure"]}
    assert set(rows) == {a.id for a in answers}
    for a in answers:
        assert rows[a.id]["recommendations"] == len(a.recommendations)
        assert rows[a.id]["bodies"] == len({r.body for r in a.recommendations})
    possession = rows["csam-possession"]
    # since the 2011 study's call for clear definitions of child pornography (a broader offence)
    assert (possession["first"], possession["last"], possession["span_years"]) == (
        "2011-02",
        "2019-01-21",
        8.0,
    )
    assert possession["body_list"] == "child-frontiers-study crc-committee special-rapporteur"
    ranked = list(rows.values())
    keys = [(-r["recommendations"], -r["bodies"], -(r["span_years"] or 0)) for r in ranked]
    assert keys == sorted(keys)


def test_recommendations_without_provision_and_provisions_without_recommendation(
    engine: Engine, whole: GapMap
) -> None:
    tables = gapmap_stats.stats(whole)
    lonely = tables["recommendations-without-provision"]
    targeted = {
        r["rec"]
        for r in runner.run(
            engine,
            "PREFIX lex: <https://lexgap.example.org/ns#> "
            "SELECT DISTINCT ?rec WHERE { ?rec lex:targetsProvision ?p }",
        )
    }
    assert lonely and not ({r["id"] for r in lonely} & targeted)
    grooming = [r for r in lonely if "grooming" in r["gaps"].split()]
    assert grooming and all(r["why"] == gapmap_stats.WHY[0] for r in grooming)
    unnamed = {r["provision"] for r in tables["provisions-without-recommendation"]}
    named = {
        r["label"]
        for r in runner.run(
            engine,
            "PREFIX lex: <https://lexgap.example.org/ns#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT DISTINCT ?label WHERE { ?rec lex:targetsProvision ?p . ?p rdfs:label ?label }",
        )
    }
    assert ART_257 in unnamed  # the State cites it; no recommendation names it
    assert not unnamed & named
    assert len(unnamed) + len(named) == whole.counts()["node:provision"]


# --- the page as text ---------------------------------------------------------------------------


class Tags(HTMLParser):
    """The start tags of a page, as a browser's parser sees them (script bodies are text)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def named(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]


def test_page_is_self_contained(whole: GapMap) -> None:
    html = render_html(whole, gapmap_stats.stats(whole))
    assert "vis.Network" in html and "gapmapInit(" in html
    tags = Tags(html)
    # Three scripts in line (vis-network, the page script, the data) and nothing loaded.
    assert len(tags.named("script")) == 3
    assert not [a for _, a in tags.tags if "src" in a or "href" in a]
    assert not tags.named("link") and not tags.named("img") and not tags.named("iframe")
    (csp,) = [m for m in tags.named("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert (csp["content"] or "").startswith("default-src 'none'")  # fetching is forbidden


def test_page_script_never_parses_data_as_html() -> None:
    import re
    from importlib import resources

    text = resources.files("lexgap.gapmap").joinpath("page.js").read_text("utf-8")
    script = re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))  # code only
    assert "textContent" in script and "</script" not in text.lower()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink


def test_hostile_labels_and_quotes_are_escaped_in_the_page(
    out_dir: Path, tmp_path: Path, hostile_graph: Callable[[Path, Path], Path]
) -> None:
    bad = turtle_engine(hostile_graph(out_dir / "lexgap.ttl", tmp_path / "hostile.ttl"))
    m = gapmap.build_map(bad)
    node = next(n for n in m.nodes.values() if n.label.startswith(ART_257))
    assert HOSTILE in node.label and HOSTILE in node.tip.text()
    html = render_html(m, gapmap_stats.stats(m))
    assert "window.__pwned" in html  # the text is there ...
    assert "<script>window.__pwned" not in html and "<img src=x" not in html  # ... never as markup
    assert "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e" in html
    tags = Tags(html)
    assert len(tags.named("script")) == 3 and not tags.named("img")


# --- the command --------------------------------------------------------------------------------


def test_cli_writes_the_page_into_the_output_folder(
    out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["gapmap", "--out", str(out_dir)]) == 0
    said = capsys.readouterr().out
    page = out_dir / "gapmap.html"
    assert said.startswith(f"wrote {page}: ") and "(19 gaps, " in said
    assert "vis.Network" in page.read_text("utf-8")
    assert not list(out_dir.glob(".gapmap.html.*.tmp"))  # written atomically


def test_cli_writes_a_named_file_from_a_turtle_graph(
    out_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "maps" / "possession.html"
    args = ["gapmap", "--graph", str(out_dir / "lexgap.ttl"), "--out", str(page)]
    assert main([*args, "--offence", "csam-possession", "--instrument", "penal-code"]) == 0
    assert page.is_file() and "(1 gap, " in capsys.readouterr().out
    assert "<title>lexgap gap map: csam-possession, penal-code</title>" in page.read_text("utf-8")


def test_cli_stats_in_every_format(out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = ["--graph", str(out_dir / "lexgap.ttl")]
    assert main(["gapmap", *graph, "--stats", "--format", "json"]) == 0
    data: dict[str, list[dict[str, Any]]] = json.loads(capsys.readouterr().out)
    # JSON keys are snake_case: the --stats table names with "_" (issue 18)
    assert set(data) == {n.replace("-", "_") for n in gapmap_stats.COLUMNS}
    assert data["pressure"][0]["recommendations"] >= data["pressure"][-1]["recommendations"]
    assert main(["gapmap", *graph, "--stats", "pressure", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ",".join(gapmap_stats.COLUMNS["pressure"]) and len(lines) == 20
    assert main(["gapmap", *graph, "--stats"]) == 0
    table = capsys.readouterr().out
    for title in gapmap_stats.TITLES.values():
        assert title in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--offence", "no-such-offence"], "unknown offence 'no-such-offence' (valid offences "),
        (["--instrument", "no such law"], "unknown instrument 'no such law'"),
        (["--max-nodes", "10"], "more than --max-nodes 10"),
        (["--max-nodes", "0"], "--max-nodes must be at least 1"),
        (["--stats", "--format", "csv"], "CSV holds one table"),
    ],
)
def test_cli_usage_errors(
    out_dir: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["gapmap", "--graph", str(out_dir / "lexgap.ttl"), *args]) == 2
    assert message in capsys.readouterr().err


# --- issue 19's review: what a card and a side panel say --------------------------------------


def test_a_cards_asks_are_counted_as_its_latest_ask_is_chosen(
    answers: list[gaps.GapAnswer], whole: GapMap
) -> None:
    """'Asked for' counts the recommendations on the question's own offence apart from those on
    a broader one, as GapAnswer.latest_recommendation prefers the first; a broader ask later
    than the latest on this offence is named beside it."""
    cards = {c["id"]: c for c in whole.timeline[-1]["cards"]}
    for a in answers:
        c = cards[a.id]
        own = [r for r in a.recommendations if r.scope != "broader"]
        wider = [r for r in a.recommendations if r.scope == "broader"]
        asked = c["askedFor"]
        assert (asked["own"]["count"], asked["broader"]["count"]) == (len(own), len(wider))
        assert c["asked"] == len(own) + len(wider)
        years = sorted({r.date[:4] for r in own if r.date})
        if years:
            span = years[0] if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
            assert f"on this offence ({span})" in asked["words"], a.id
        latest = a.latest_recommendation
        if latest is not None:
            assert c["latest"]["scope"] == latest.scope
            later = [r for r in wider if (r.date or "") > (latest.date or "")]
            assert (c["latestBroader"] is not None) == bool(later and latest.scope != "broader")
    # the review's case: the latest ask on buying sex from a child is the 2011 study's; the
    # 2019 ones are on broader offences, and the card says so
    c = cards["buying-sex-from-child"]
    assert c["latest"]["year"] == "2011" and c["latest"]["body"] == "Child Frontiers study"
    assert c["askedFor"]["words"].startswith("1 time on this offence (2011), by 1 study; and ")
    assert (
        "times on broader offences (2011–2019), by 2 UN bodies and 1 study"
        in (c["askedFor"]["words"])
    )
    assert c["latestBroader"]["year"] == "2019"
    # the replay notes count the same way: in 2019 it was asked for again on broader offences
    change = c["change"]
    assert change["own"]["new"] == 0 and change["broader"]["new"] > 0
    assert change["broader"]["again"]


def test_the_study_is_counted_as_a_study_not_a_un_body(whole: GapMap) -> None:
    from lexgap.gapmap.cite import body_kind
    from lexgap.gapmap.overview import issuers

    kinds = {
        d.body: body_kind(x for x in whole.documents.values() if x.body == d.body)
        for d in whole.documents.values()
    }
    # read from the documents (a UN symbol, a title naming a study), not from the ids
    assert kinds["special-rapporteur"] == kinds["crc-committee"] == "UN body"
    assert kinds["child-frontiers-study"] == "study"
    assert (
        issuers(whole, {"special-rapporteur", "crc-committee", "child-frontiers-study"})
        == "2 UN bodies and 1 study"
    )


def test_no_internal_id_or_slug_reaches_a_reader(whole: GapMap) -> None:
    """Cards and side panels cite sources as the CLI does and word values in plain English:
    no document id with ¶, no offence notation, no flag, no 'girls-and-boys', no 'la'."""
    import re

    doc_ids = sorted(whole.documents, key=len, reverse=True)
    slugs = re.compile(
        r"(?:" + "|".join(re.escape(d) for d in doc_ids) + r")\b|¶|girls-and-boys|"
        r"penalty-by-age|as-trafficking-only|no-criminal-penalty|child-rape-only|"
        r"finding-vs-provision|reports-action|not-criminalised|\bcsam-possession\b"
    )
    texts: list[str] = []
    for n in whole.nodes.values():
        texts += [n.tip.title, *(v for _, v in n.tip.fields), n.cite]
        for item in n.tip.items:
            texts += [item.head, *(v for _, v in item.fields), *(q.where for q in item.quotes)]
    for e in whole.edges.values():
        for item in e.tip.items:
            texts += [item.head, *(v for _, v in item.fields), *(q.where for q in item.quotes)]
    for c in whole.timeline[-1]["cards"]:
        texts += [c["title"], c["askedFor"]["words"], *c["findings"]]
        texts += [p.get("leavesOut", "") for p in c["provisions"]]
        texts += [c["latest"]["cite"]] if c["latest"] else []
    found = sorted({m[0] for t in texts for m in [slugs.search(t)] if m})
    assert found == [], found
    jurisdictions = {
        v for n in whole.nodes.values() for k, v in n.tip.fields if k == "jurisdiction"
    }
    assert jurisdictions <= {"Lao PDR", "international (treaty law)"}
    card = next(c for c in whole.timeline[-1]["cards"] if c["id"] == "buying-sex-from-child")
    assert "its penalty is lighter for older children than for younger ones" in str(
        card["provisions"]
    )
    rec = next(n for n in whole.nodes.values() if n.ref == "crc-c-opsc-lao-co-1 ¶30(c)")
    assert rec.cite == "CRC/C/OPSC/LAO/CO/1, para. 30(c) (5 June 2015)"
