"""Every shipped `.rq` file: it has its header, parses, and returns the expected rows on a small
hand-written fixture graph (tests/fixtures/mini-graph.ttl), identically on the embedded store
(Oxigraph) and on rdflib. Parameters are bound as values, never pasted into the query text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph

from lexgap.core.errors import QueryError, UsageError
from lexgap.queries import runner
from lexgap.queries.engine import IRI, Engine, OxigraphEngine, RdflibEngine, bind

FIXTURE = Path(__file__).parent / "fixtures" / "mini-graph.ttl"
T = "https://t.example/id/"


def _oxigraph() -> OxigraphEngine:
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    return OxigraphEngine(store)


def _rdflib() -> RdflibEngine:
    return RdflibEngine(Graph().parse(FIXTURE, format="turtle"))


ENGINES: dict[str, Callable[[], Engine]] = {"oxigraph": _oxigraph, "rdflib": _rdflib}


def _gap(*pairs: tuple[str, str]) -> set[tuple[Any, ...]]:
    return {(T + s, m) for s, m in pairs}


# query id -> (bindings, projection of each row, expected set of projected rows)
GAP_EMPTY = [
    "gap-csam-production-distribution",
    "gap-csam-online-access-live-streaming",
    "gap-grooming",
    "gap-sale-for-organs",
    "gap-trafficking-in-children",
    "gap-child-prostitution-under-18",
    "gap-child-sex-tourism",
    "gap-extraterritorial-jurisdiction",
    "gap-extradition",
    "gap-child-victims-not-offenders",
]
Case = tuple[dict[str, Any], tuple[str, ...], set[tuple[Any, ...]]]
CASES: dict[str, list[Case]] = {
    "jurisdictions": [
        ({}, ("jurisdiction", "count", "documents"), {("la", 3, "doc-a doc-b doc-c")})
    ],
    "statements": [
        ({}, ("id",), {(f"s{i}",) for i in range(1, 11)}),
        ({"jurisdiction": "la"}, ("id",), {(f"s{i}",) for i in range(1, 11)}),
        ({"jurisdiction": "x001"}, ("id",), set()),
        (
            {"statement": [IRI(T + "s1")]},
            ("id", "prisonMinMonths", "prisonMaxMonths", "fineMaxKip", "deathPenalty"),
            {("s1", 3, 12, 3_000_000, False)},
        ),
        ({"articleParam": "250"}, ("id",), {("s3",), ("s4",), ("s9",)}),
        (
            {"offenceParam": IRI(T + "offence-sexual-abuse")},
            ("id",),
            {("s2",), ("s3",), ("s9",), ("s10",)},
        ),
        (
            {"docParam": "doc-b", "instrumentParam": "penal-code"},
            ("id",),
            {("s1",), ("s2",), ("s3",), ("s4",)},
        ),
    ],
    "recommendations": [
        ({}, ("docId", "locator"), {("doc-c", "30(c)"), ("doc-a", "66(b)"), ("doc-c", "30(d)")}),
        ({"offenceParam": IRI(T + "offence-csam-possession")}, ("locator",), {("30(c)",)}),
        ({"offenceParam": IRI(T + "offence-csam")}, ("locator",), {("30(c)",), ("66(b)",)}),
        ({"bodyParam": "special-rapporteur"}, ("locator",), {("66(b)",)}),
        ({"instrumentParam": "penal-code", "articleParam": "257"}, ("locator",), {("30(c)",)}),
    ],
    "timeline": [
        (
            {"offenceParam": IRI(T + "offence-csam-possession")},
            ("event", "docId", "locator"),
            {
                ("recommendation", "doc-c", "30(c)"),
                ("state-cites-provision", "doc-b", "77"),
                ("response", "doc-b", "77"),
                ("finding", "doc-a", "29"),
            },
        )
    ],
    "unanswered": [({}, ("docId", "locator"), {("doc-c", "30(d)")})],
    "conflicts-years": [
        (
            {},
            ("label", "year", "docId", "locator"),
            {("Family Law", 2008, "doc-a", "31"), ("Family Law", 2010, "doc-b", "13")},
        )
    ],
    "conflicts-statements": [
        (
            {},
            ("docId", "article", "notation", "prisonMinMonths"),
            {
                ("doc-a", "128", "child-rape", None),
                ("doc-a", "250", "child-rape", 84),
                ("doc-a", "36", "mediation-child-sexual-abuse", None),
                ("doc-a", "57", "surrogacy-sale", None),
                ("doc-a", None, "child-marriage", None),
                ("doc-a", None, "minimum-age-employment", None),
                ("doc-b", "248", "child-rape", None),
                ("doc-b", "250", "child-prostitution-buying", None),
                ("doc-b", "250", "child-rape", 120),
                ("doc-b", "250", "sexual-intercourse-with-child", 120),
                ("doc-b", "257", "csam-possession", 3),
            },
        )
    ],
    "conflicts-status": [
        (
            {},
            ("label", "stage", "docId"),
            {
                ("Penal Code (2017)", "promulgated", "doc-a"),
                ("Penal Code (2017)", "not-yet-promulgated", "doc-b"),
            },
        )
    ],
    "conflicts-findings": [
        (
            {},
            (
                "docId",
                "locator",
                "notation",
                "verdict",
                "consideredInstrument",
                "consideredArticle",
            ),
            {
                ("doc-a", "29", "csam-possession", "not-criminalised", "penal-code", "138"),
                ("doc-c", "29(b)", "child-prostitution", "partially-criminalised", None, None),
                ("doc-c", "29(d)", "child-rape", "partially-criminalised", None, None),
            },
        )
    ],
    "gap-findings": [
        ({"notation": ["csam-possession"]}, ("id", "scope"), {("f1", "same-or-narrower")}),
        # a gap in child prostitution is a gap in buying; its coverage (f4) proves nothing
        ({"notation": ["child-prostitution-buying"]}, ("id", "scope"), {("f3", "broader")}),
        (
            {"notation": ["child-prostitution"]},
            ("id", "verdict"),
            {("f3", "partially-criminalised"), ("f4", "criminalised")},
        ),
        ({"notation": ["child-rape", "csam-possession"]}, ("id",), {("f1",), ("f2",)}),
    ],
    "gap-recommendations": [
        (
            # 66(b) asks about child abuse material as a whole: it presses on possession too
            {"notation": ["csam-possession"]},
            ("docId", "locator", "offences", "scope"),
            {
                ("doc-c", "30(c)", "csam-possession", "same-or-narrower"),
                ("doc-a", "66(b)", "csam", "broader"),
            },
        ),
        (
            {"notation": ["csam", "child-rape"]},
            ("locator", "provisions"),
            {("30(c)", "Penal Code (2017), art. 257"), ("66(b)", ""), ("30(d)", "")},
        ),
    ],
    "gap-statement-extras": [
        (
            {"statement": [IRI(T + "s1"), IRI(T + "s5"), IRI(T + "s10")]},
            ("statement", "stance", "distinct", "refId", "refDocId"),
            {
                (T + "s1", None, True, None, None),
                (T + "s5", None, None, "s1", "doc-b"),
                (T + "s10", "reported", None, None, None),
            },
        ),
    ],
    "gap-version-status": [
        (
            {"provision": [IRI(T + "pc-2017-257")]},
            ("stage", "docId", "versionLabel"),
            {
                ("promulgated", "doc-a", "Penal Code (2017)"),
                ("not-yet-promulgated", "doc-b", "Penal Code (2017)"),
            },
        ),
    ],
    "gap-documents": [
        (
            {},
            ("docId", "date", "factsUpTo"),
            {("doc-a", "2019-01-21", None), ("doc-b", None, 2017), ("doc-c", "2015-06-05", None)},
        ),
        ({"jurisdiction": "x001"}, ("docId",), set()),
    ],
    "offences-by-provision": [
        (
            {"instrumentParam": "penal-code", "articleParam": "250"},
            ("offence", "statements"),
            {
                ("child-rape", 2),
                ("sexual-intercourse-with-child", 1),
                ("child-prostitution-buying", 1),
            },
        )
    ],
    "gap-csam-possession": [({}, ("statement", "missing"), _gap(("s1", "")))],
    "gap-rape-of-boys": [
        (
            {},
            ("statement", "missing"),
            _gap(("s2", "girls-only"), ("s3", ""), ("s9", "sex-unstated"), ("s10", "sex-unstated")),
        )
    ],
    "gap-buying-sex-from-child": [({}, ("statement", "missing"), _gap(("s4", "")))],
    "gap-surrogacy-sale": [({}, ("statement", "missing"), _gap(("s5", "no-criminal-penalty")))],
    "gap-sale-of-children": [({}, ("statement", "missing"), _gap(("s5", "no-criminal-penalty")))],
    "gap-minimum-age-employment": [({}, ("statement", "missing"), _gap(("s6", "")))],
    "gap-mediation-child-sexual-abuse": [
        ({}, ("statement", "missing"), _gap(("s7", "permits-mediation")))
    ],
    "gap-child-marriage": [({}, ("statement", "missing"), _gap(("s8", "under-18-marriage")))],
    "gap-age-of-sexual-consent": [({}, ("statement", "missing"), _gap(("s3", "")))],
    "gapmap-provisions": [
        (
            {},
            ("label", "instrumentId", "article"),
            {
                ("Decree on Adoption, art. 57", "decree-on-adoption", "57"),
                ("Family Law (2008)", "family-law", None),
                ("Law on Juvenile Criminal Procedure, art. 36", "juvenile-procedure-law", "36"),
                ("Labour Law (2014)", "labour-law", None),
                ("Penal Code (2005), art. 128", "penal-code", "128"),
                ("Penal Code (2017), art. 248", "penal-code", "248"),
                ("Penal Code (2017), art. 250", "penal-code", "250"),
                ("Penal Code (2017), art. 257", "penal-code", "257"),
            },
        )
    ],
    "gapmap-documents": [
        (
            {},
            ("docId", "body", "date", "factsUpTo"),
            {
                ("doc-a", "special-rapporteur", "2019-01-21", None),
                ("doc-b", "state-party", None, 2017),
                ("doc-c", "crc-committee", "2015-06-05", None),
            },
        )
    ],
    "gapmap-links": [
        (
            {},
            ("kind", "source", "target", "locator"),
            {
                ("answers", T + "doc-b", T + "r1", "77"),
                ("stated-in", T + "r1", T + "doc-c", None),
                ("stated-in", T + "r2", T + "doc-a", None),
                ("stated-in", T + "r3", T + "doc-c", None),
                ("targets", T + "r1", T + "pc-2017-257", None),
            },
        )
    ],
    "gapmap-concepts": [
        (
            {},
            ("notation", "ancestor"),
            {
                ("child-labour", "child-labour"),
                ("child-marriage", "child-marriage"),
                ("child-prostitution", "child-prostitution"),
                ("child-prostitution-buying", "child-prostitution"),
                ("child-prostitution-buying", "child-prostitution-buying"),
                ("child-rape", "child-rape"),
                ("child-rape", "sexual-abuse-of-children"),
                ("csam", "csam"),
                ("csam-possession", "csam"),
                ("csam-possession", "csam-possession"),
                ("mediation-child-sexual-abuse", "mediation-child-sexual-abuse"),
                ("mediation-child-sexual-abuse", "procedural"),
                ("minimum-age-employment", "child-labour"),
                ("minimum-age-employment", "minimum-age-employment"),
                ("procedural", "procedural"),
                ("sale-of-children", "sale-of-children"),
                ("sexual-abuse-of-children", "sexual-abuse-of-children"),
                ("sexual-intercourse-with-child", "sexual-abuse-of-children"),
                ("sexual-intercourse-with-child", "sexual-intercourse-with-child"),
                ("surrogacy-sale", "sale-of-children"),
                ("surrogacy-sale", "surrogacy-sale"),
            },
        )
    ],
    "gapmap-counts": [
        (
            {},
            ("provisions", "recommendations", "documents", "targets", "describes", "answers"),
            {(8, 3, 3, 1, 9, 1)},
        )
    ],
    "passage": [
        (
            {"docParam": "doc-a", "locatorParam": "29"},
            ("docId", "locator", "kind", "section"),
            {("doc-a", "29", "paragraph", None)},
        ),
        # asked of the edition, the report's passage (held under the report) is found
        ({"docParam": "doc-a-es", "locatorParam": "29"}, ("docId", "locator"), {("doc-a", "29")}),
        (
            {"docParam": "doc-a-es"},
            ("docId", "locator"),
            {("doc-a", "29"), ("doc-a-es", "summary")},
        ),
        ({"docParam": "doc-a", "locatorParam": "summary"}, ("locator",), set()),
        (
            {"docParam": "doc-b"},
            ("locator", "section"),
            {("77", "V. Prohibition > A. Existing laws")},
        ),
    ],
    "passage-claims": [
        (
            {"passage": IRI(T + "a-29")},
            ("kind", "id", "detail", "offences"),
            {
                ("statement", "s9", "creates-offence", "child-rape"),
                ("statement", "s10", "creates-offence", "child-rape"),
                ("finding", "f1", "not-criminalised", "csam-possession"),
            },
        ),
        (
            {"passage": IRI(T + "b-77")},
            ("kind", "id", "detail", "provisions", "answers"),
            {
                ("statement", "s1", "creates-offence", "Penal Code (2017), art. 257", ""),
                ("response", None, "reports-law", "", "doc-c 30(c)"),
            },
        ),
        (
            {"passage": IRI(T + "c-30c")},
            ("kind", "detail", "text", "provisions"),
            {
                (
                    "recommendation",
                    "item",
                    "Criminalize the possession of child pornography;",
                    "Penal Code (2017), art. 257",
                )
            },
        ),
    ],
    **{q: [({}, ("statement", "missing"), set())] for q in GAP_EMPTY},
}


def test_every_query_file_has_a_case() -> None:
    # A new .rq file without a case here fails, so the suite cannot shrink silently.
    assert set(CASES) == set(runner.catalogue())
    assert len(CASES) == 41


@pytest.mark.parametrize("query_id", sorted(runner.catalogue()))
def test_header_is_complete_and_documents_the_parameters(query_id: str) -> None:
    q = runner.catalogue()[query_id]
    assert q.name == f"{query_id}.rq"
    assert q.question.endswith("?") and len(q.description) > 40
    for bindings, _, _ in CASES[query_id]:
        assert set(bindings) <= set(q.params), f"{query_id} does not declare {set(bindings)}"
    if query_id.startswith("gap-") and q.get("kind") != "gap":
        # the shared queries of the gap answers, not questions
        assert query_id in (
            "gap-findings",
            "gap-recommendations",
            "gap-statement-extras",
            "gap-version-status",
            "gap-documents",
        )
    elif query_id.startswith("gap-"):
        assert q.get("kind") == "gap" and q.get("offences") and q.get("findings")


@pytest.mark.parametrize("engine_name", sorted(ENGINES))
@pytest.mark.parametrize("query_id", sorted(CASES))
def test_query_returns_the_expected_rows(query_id: str, engine_name: str) -> None:
    engine: Engine = ENGINES[engine_name]()
    for bindings, columns, expected in CASES[query_id]:
        rows = runner.run(engine, runner.get(query_id), bindings)
        got = {tuple(r[c] for c in columns) for r in rows}
        assert got == expected, (query_id, bindings)


@pytest.mark.slow
def test_both_engines_give_identical_rows_for_every_query() -> None:
    ox_engine, rdf_engine = _oxigraph(), _rdflib()
    for query_id, cases in CASES.items():
        for bindings, _, _ in cases:
            a = runner.run(ox_engine, runner.get(query_id), bindings)
            b = runner.run(rdf_engine, runner.get(query_id), bindings)
            key = sorted  # rows are dicts of plain values; order within ties may differ
            assert key(map(repr, a)) == key(map(repr, b)), query_id


HOSTILE = [
    '" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o',
    "257' || true || '",
    "<https://t.example/id/s1>",
    'doc-b" . } UNION { ?statement ?p ?o',
    '\\" } INSERT DATA { <a:b> <c:d> <e:f> } #',
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_parameter_with_sparql_syntax_is_only_a_value(value: str) -> None:
    engine = _oxigraph()
    before = len(engine.store)
    for name in ("docParam", "articleParam", "instrumentParam"):
        assert runner.run(engine, runner.get("statements"), {name: value}) == []
    assert len(engine.store) == before
    # The VALUES block carries the value as one escaped literal.
    text = bind("SELECT * WHERE { ?s ?p ?o }", {"x": value})
    assert str(ox.Literal(value)) in text


def test_a_hostile_iri_parameter_is_refused() -> None:
    with pytest.raises(UsageError, match="not a valid IRI"):
        bind("SELECT * WHERE { ?s ?p ?o }", {"x": IRI("a> } DROP ALL ; <b")})


def test_a_query_that_does_not_parse_is_a_query_error_naming_the_file() -> None:
    q = runner.parse_header(
        "broken.rq",
        "# id: broken\n# question: ?\n# params: none\n# description: d\nSELECT ?x WHERE { ?x",
    )
    with pytest.raises(QueryError) as info:
        runner.run(_oxigraph(), q)
    assert info.value.file == "broken.rq" and "does not parse" in info.value.message


def test_a_header_without_its_fields_is_refused() -> None:
    with pytest.raises(QueryError, match="lacks question, params, description"):
        runner.parse_header("x.rq", "# id: x\nSELECT * WHERE { ?s ?p ?o }")
