"""The status without some statements (`without.Without`, asked by `gaps._caveats` once per law
version in doubt) is the status of the whole evidence decided again without them.

Why: `Without` decides again only the jurisdictions the statements touch and takes every other
jurisdiction's tally from the whole decision; this holds it to the whole re-decision it replaced
(`_whole_without`, kept verbatim as the oracle). The evidence is every question's on the bundled
corpus and on three countries (benchmarks/synth.py: copies of the real one, sharing its
instrument ids), as collected and with its law versions shuffled (years, distinct enactments,
stances) so that leaving statements out moves an instrument's newest enactment in other
countries. Minimum-age questions the same way (`without.AgesWithout`, documents in place of
jurisdictions). The sets left out: each law version's statements, each statement, each
document's, each country's, and random ones across countries.
"""

from __future__ import annotations

import random

import pytest
import synth  # benchmarks/synth.py, on the path by tests/conftest.py

import lexgap
from lexgap.core.record import replace
from lexgap.queries import rows as typed
from lexgap.queries.answers import gaps
from lexgap.queries.answers.ages import parse_standard
from lexgap.queries.answers.model import Finding, Provision
from lexgap.queries.answers.without import AgesWithout, Without
from lexgap.queries.engine import Engine, OxigraphEngine

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The real corpus and two synthetic countries, built into a store of their own."""
    root = tmp_path_factory.mktemp("three-countries")
    corpus = synth.generate(3, 1, root / "corpus", synth.load_template())
    folders = (corpus / "sources", corpus / "readings", corpus / "recommendations")
    lexgap.build(
        out=root / "out", sources=folders[0], readings=folders[1], recommendations=folders[2]
    )
    return lexgap.engine(
        out=root / "out", sources=folders[0], readings=folders[1], recommendations=folders[2]
    )


def _whole_without(
    ev: gaps.Evidence, provisions: list[Provision], findings: list[Finding], statements: set[str]
) -> str:
    """The oracle: gaps.judge's status_without before without.py, every statement decided."""
    rest = [p for p in provisions if p.statement not in statements]
    return gaps._decide(ev.question, ev.kind, rest, findings)[0]


def _shuffled(provisions: list[Provision], rng: random.Random) -> list[Provision]:
    return [
        replace(
            p,
            year=rng.choice([p.year, None, 2005, 2011, 2017]),
            distinct_enactment=rng.random() < 0.5,
            stance="reported" if rng.random() < 0.1 else p.stance,
        )
        for p in provisions
    ]


def _shuffled_ages(provisions: list[Provision], rng: random.Random) -> list[Provision]:
    """Versions shuffled, and ages, articles and statement ids too: so that documents dispute
    one article's age, and a statement id is shared by a statement that sets a minimum age and
    one that does not."""
    return [
        replace(
            p,
            article=rng.choice([p.article, "1", "2"]),
            effect=rng.choice([p.effect, "sets-minimum-age", "creates-offence"]),
            age={
                **p.age,
                "min": rng.choice([p.age.get("min"), 12, 15, 18]),
                "max": rng.choice([p.age.get("max"), 14, 17]),
            },
            statement_id=rng.choice([p.statement_id, "s1", "s2"]),
        )
        for p in _shuffled(provisions, rng)
    ]


def _sets(ev: gaps.Evidence, provisions: list[Provision], rng: random.Random) -> list[set[str]]:
    by: dict[tuple[str, str | None], set[str]] = {}
    for p in provisions:
        by.setdefault(("document", p.source.document), set()).add(p.statement)
        by.setdefault(("country", p.source.jurisdiction), set()).add(p.statement)
    versions: dict[str, set[str]] = {}
    for p in provisions:
        for r in ev.versions.get(p.provision_iri, []):
            versions.setdefault(r["version"], set()).add(p.statement)
    statements = sorted({p.statement for p in provisions})
    randoms = (
        [set(rng.sample(statements, rng.randint(1, len(statements)))) for _ in range(10)]
        if statements
        else []
    )
    return [
        set(),
        *versions.values(),
        *({s} for s in statements),
        *by.values(),
        *randoms,
    ]


def _without(ev: gaps.Evidence, provisions: list[Provision]) -> Without | AgesWithout:
    if ev.kind == "minimum-age":
        return AgesWithout(
            provisions,
            ev.findings,
            parse_standard(ev.question.get("standard")),
            ev.question.get("standard-text") or None,
        )
    decider = gaps._decider(ev.question, ev.kind)
    return Without(
        provisions,
        ev.findings,
        decider(provisions, ev.findings, None),
        decider,
        kind=ev.kind,
        acts=typed.split(ev.question.get("acts")),
    )


def _check(ev: gaps.Evidence, provisions: list[Provision], rng: random.Random) -> int:
    without = _without(ev, provisions)
    checked = 0
    for statements in _sets(ev, provisions, rng):
        expected = _whole_without(ev, provisions, ev.findings, statements)
        assert without.status(statements) == expected, (ev.question.id, sorted(statements))
        checked += 1
    return checked


def _questions(engine: Engine) -> list[gaps.Evidence]:
    return [gaps.collect(engine, qid) for qid in gaps.catalogue()]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_without_is_the_whole_redecision_on_three_countries(three: Engine, seed: int) -> None:
    rng = random.Random(seed)
    checked = 0
    for ev in _questions(three):
        assert len({p.source.jurisdiction for p in ev.provisions}) in (0, 3), ev.question.id
        checked += _check(ev, ev.provisions, rng)
        checked += _check(ev, _shuffled(ev.provisions, rng), rng)
        if ev.kind == "minimum-age":
            for _ in range(5):
                checked += _check(ev, _shuffled_ages(ev.provisions, rng), rng)
    assert checked > 1000


def test_without_is_the_whole_redecision_on_the_bundled_corpus(
    store_engine: OxigraphEngine,
) -> None:
    rng = random.Random(0)
    for ev in _questions(store_engine):
        _check(ev, ev.provisions, rng)
        _check(ev, _shuffled(ev.provisions, rng), rng)
        if ev.kind == "minimum-age":
            for _ in range(5):
                _check(ev, _shuffled_ages(ev.provisions, rng), rng)


def test_a_document_about_two_countries_decides_everything_again(three: Engine) -> None:
    """The partition needs every document about one jurisdiction; where one is not, `Without`
    decides the whole evidence again (and still agrees)."""
    rng = random.Random(7)
    for ev in _questions(three):
        if not ev.provisions or ev.kind == "minimum-age":
            continue
        first = ev.provisions[0]
        moved = [
            replace(p, source=replace(p.source, jurisdiction="elsewhere"))
            if p is not first and p.source.document == first.source.document
            else p
            for p in ev.provisions
        ]
        if moved == ev.provisions:
            continue
        without = _without(ev, moved)
        assert isinstance(without, Without) and not without.partitioned
        _check(ev, moved, rng)


def test_answers_are_those_of_the_whole_redecision(three: Engine) -> None:
    """Each answer (caveats included) is the one the oracle gives."""
    for qid in gaps.catalogue():
        ev = gaps.collect(three, qid)
        assert gaps.judge(ev).to_json() == _oracle_judge(ev), qid


def _oracle_judge(ev: gaps.Evidence) -> dict[str, object]:
    """gaps.judge with every status without decided over all the evidence."""
    q, kind = ev.question, ev.kind
    status, reasons, provisions, findings, ages, _whole = gaps._decide(
        q, kind, ev.provisions, ev.findings
    )
    caveats = gaps._caveats(
        ev, provisions, None, status, lambda s: _whole_without(ev, ev.provisions, ev.findings, s)
    )
    return gaps.GapAnswer(
        id=q.id[len(gaps.PREFIX) :],
        question=q.question,
        kind=kind,
        offences=typed.split(q.get("offences")),
        status=status,
        reasons=reasons,
        provisions=provisions,
        findings=findings,
        recommendations=ev.recommendations,
        caveats=caveats,
        standard=q.get("standard-text") or None if kind == "minimum-age" else None,
        ages=ages,
        as_of=None,
    ).to_json()
