"""The status of an answer without some statements, re-deciding only what they can change.

`gaps._caveats` asks, for each law version the sources disagree on, whether the status would
differ without that version's statements: about 100 times in an answer over 100 countries.
Deciding all the evidence again each time cost 100 whole decisions (6 of the 8 seconds of
`sale-of-children` over every country at 100x, under the profiler).

Why a part suffices. The rules (`rules.decide`) compare evidence of different jurisdictions in
one place only: the newest enactment of an instrument (rule 2, `rules.newest_enactments`), which
goes by the instrument's id ("penal-code") alone. Every other rule meets evidence of one
jurisdiction (a gap finding and the evidence it meets) or of one document (its own articles,
age bands, equality accounts), and the status is computed from each jurisdiction's `Tally`,
combined by `or`. So when every document is about one jurisdiction, the status without the
statements S is that of the tallies of the jurisdictions S leaves untouched, as the whole
decision counted them, with those S touches decided again. S touches the jurisdictions of its
own provisions, and every jurisdiction holding an instrument whose newest enactment changes
without S. Anything else (a document about two jurisdictions) decides everything again.
`tests/test_gap_without.py` holds the result to the whole re-decision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import cached_property

from lexgap.queries.answers import ages
from lexgap.queries.answers.ages import Standard
from lexgap.queries.answers.model import AgeFinding, Finding, Provision
from lexgap.queries.answers.rules import (
    GAP_VERDICTS,
    Decision,
    Tally,
    newest_enactments,
    status_of,
)

# The question's rules over some evidence, given the newest enactments (None: from it).
Decider = Callable[[list[Provision], list[Finding], dict[str, int] | None], Decision]


class Without:
    """`status(statements)`: the status the evidence would have without those statements."""

    def __init__(
        self,
        provisions: list[Provision],
        findings: list[Finding],
        whole: Decision,
        decider: Decider,
        *,
        kind: str,
        acts: list[str],
    ) -> None:
        self.provisions = provisions
        self.findings = findings
        self.tallies = whole.tallies
        self.decider = decider
        self.kind = kind
        self.acts = acts

    # What every call shares, read on the first (most answers ask none: no version in doubt).
    @cached_property
    def newest(self) -> dict[str, int]:
        return newest_enactments(self.provisions)

    @cached_property
    def partitioned(self) -> bool:
        """Whether every document is about one jurisdiction."""
        jurisdiction_of: dict[str, str | None] = {}
        for source in [*(p.source for p in self.provisions), *(f.source for f in self.findings)]:
            doc, where = source.document, source.jurisdiction
            if jurisdiction_of.setdefault(doc, where) != where:
                return False
        return True

    @cached_property
    def _index(self) -> _Index:
        return _Index(self.provisions, self.findings, self.tallies)

    def status(self, statements: set[str]) -> str:
        if not self.partitioned:
            rest = [p for p in self.provisions if p.statement not in statements]
            return self.decider(rest, self.findings, None).status
        index = self._index
        newest = index.newest_without(statements, self.newest)
        changed = {
            i for i in newest.keys() | self.newest.keys() if newest.get(i) != self.newest.get(i)
        }
        touched = sorted(
            index.jurisdictions(statements, changed), key=lambda j: (j is None, j or "")
        )
        part = self.decider(
            [
                p
                for j in touched
                for p in index.provisions.get(j, ())
                if p.statement not in statements
            ],
            [f for j in touched for f in index.findings.get(j, ())],
            newest,
        )
        total = index.tally_without(set(touched))
        for tally in part.tallies.values():
            total = total | tally
        return status_of(total, self.kind, self.acts)


class _Index:
    """The evidence looked up by statement, instrument and jurisdiction, so that a call costs
    what the statements touch, not what the evidence holds."""

    def __init__(
        self,
        provisions: list[Provision],
        findings: list[Finding],
        tallies: dict[str | None, Tally],
    ) -> None:
        self.provisions: dict[str | None, list[Provision]] = defaultdict(list)
        self.findings: dict[str | None, list[Finding]] = defaultdict(list)
        self.of_statement: dict[str, list[Provision]] = defaultdict(list)
        self.of_instrument: dict[str, set[str | None]] = defaultdict(set)
        # each instrument's enactments (year, statement), newest first (rules.newest_enactments)
        self.enactments: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for p in provisions:
            self.provisions[p.source.jurisdiction].append(p)
            self.of_statement[p.statement].append(p)
            self.of_instrument[p.instrument].add(p.source.jurisdiction)
            if p.stance != "reported" and p.year is not None and p.distinct_enactment:
                self.enactments[p.instrument].append((p.year, p.statement))
        for items in self.enactments.values():
            items.sort(key=lambda e: -e[0])
        for f in findings:
            self.findings[f.source.jurisdiction].append(f)
        # the tallies of the jurisdictions before and after each one, combined
        self.order = {j: i for i, j in enumerate(tallies)}
        listed = list(tallies.values())
        self.before = [Tally()]
        for t in listed:
            self.before.append(self.before[-1] | t)
        self.after = [Tally()]
        for t in reversed(listed):
            self.after.append(self.after[-1] | t)
        self.after.reverse()
        self.tallies = tallies

    def newest_without(self, statements: set[str], newest: dict[str, int]) -> dict[str, int]:
        """`rules.newest_enactments` of the evidence without the statements."""
        out = dict(newest)
        for instrument in {p.instrument for s in statements for p in self.of_statement.get(s, ())}:
            left = next(
                (year for year, s in self.enactments.get(instrument, ()) if s not in statements),
                None,
            )
            if left is None:
                out.pop(instrument, None)
            else:
                out[instrument] = left
        return out

    def jurisdictions(self, statements: set[str], instruments: set[str]) -> set[str | None]:
        """Those of the statements' provisions, and every one holding one of the instruments."""
        touched = {p.source.jurisdiction for s in statements for p in self.of_statement.get(s, ())}
        for instrument in instruments:
            touched |= self.of_instrument.get(instrument, set())
        return touched

    def tally_without(self, touched: set[str | None]) -> Tally:
        """The whole decision's tallies of every jurisdiction but the touched ones, combined."""
        if len(touched) == 1:
            (only,) = touched
            at = self.order.get(only)
            if at is not None:
                return self.before[at] | self.after[at + 1]
        total = Tally()
        for where, tally in self.tallies.items():
            if where not in touched:
                total = total | tally
        return total


class AgesWithout:
    """`status(statements)` for a minimum-age question (`ages.decide_ages`). Its rules meet
    evidence of different documents in three places: the newest enactment of an instrument, the
    ages the documents give for one provision (a dispute) and the ages the documents give for one
    act (the overall age). Each document's age (`ages._doc_age`) depends only on its own
    entries and the newest enactments, and whether a provision is disputed only on its own
    entries and the newest enactments; so only the documents and provisions of the statements
    left out, and those of an instrument whose newest enactment moves, are read again. The
    overall age is folded over every document's age in `decide_ages`' order."""

    def __init__(
        self,
        provisions: list[Provision],
        findings: list[Finding],
        standards: dict[str, Standard],
        standard_text: str | None,
    ) -> None:
        self.provisions = provisions
        self.standards = standards
        self.standard_text = standard_text
        self.standing = any(f.verdict in GAP_VERDICTS for f in findings)

    # What every call shares, read on the first (most answers ask none: no version in doubt).
    @cached_property
    def _index(self) -> _AgesIndex:
        return _AgesIndex(ages._entries(self.provisions, self.standards)[0], self)

    def doc_age(
        self, key: tuple[str, str], items: list[tuple[int, Provision]], newest: dict[str, int]
    ) -> AgeFinding | None:
        act = key[0]
        found = ages._doc_age(act, items, self.standards[act], newest, self.standard_text)
        return None if found is None else found[0]

    def status(self, statements: set[str]) -> str:
        index = self._index
        left = [e for s in statements for e in index.of_statement.get(s, ())]
        newest = dict(index.newest)
        for instrument in {p.instrument for _, _, p in left}:
            year = next(
                (y for y, s in index.enactments.get(instrument, ()) if s not in statements), None
            )
            if year is None:
                newest.pop(instrument, None)
            else:
                newest[instrument] = year
        changed = {
            i for i in newest.keys() | index.newest.keys() if newest.get(i) != index.newest.get(i)
        }
        docs = {p.source.document for _, _, p in left}
        disputable = {index.dispute_key(e) for e in left}
        for instrument in changed:
            docs |= index.docs_of_instrument.get(instrument, set())
            disputable |= index.keys_of_instrument.get(instrument, set())
        all_ages: list[AgeFinding] = []
        for key in index.keys:
            if key[1] in docs:
                items = [(v, p) for v, p in index.groups[key] if p.statement not in statements]
                found = self.doc_age(key, items, newest) if items else None
            else:
                found = index.doc_ages[key]
            if found is not None:
                all_ages.append(found)
        doc_ages = [a for a in all_ages if a.verdict != "superseded"]
        disputed = [k for k in index.disputed if k not in disputable]
        for k in disputable:
            if k is None:
                continue
            kept = [e for e in index.dispute_items[k] if e[2].statement not in statements]
            if ages._is_dispute(kept, self.standards, newest):
                disputed.append(k)

        def is_minimum(statement_id: str) -> bool:
            return any(s not in statements for s in index.minimum.get(statement_id, ()))

        return ages.ages_status(
            doc_ages, ages._overall(doc_ages, is_minimum), disputed, self.standing
        )


class _AgesIndex:
    """A minimum-age question's entries by statement, instrument, document and provision, with
    each document's age and each disputed provision as `decide_ages` finds them."""

    def __init__(self, entries: list[tuple[str, int, Provision]], rules: AgesWithout) -> None:
        standards = rules.standards
        self.standards = standards
        self.newest = ages._newest(entries)
        self.of_statement: dict[str, list[tuple[str, int, Provision]]] = defaultdict(list)
        self.enactments: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.docs_of_instrument: dict[str, set[str]] = defaultdict(set)
        self.keys_of_instrument: dict[str, set[tuple[str, str, str] | None]] = defaultdict(set)
        self.dispute_items: dict[tuple[str, str, str], list[tuple[str, int, Provision]]] = (
            defaultdict(list)
        )
        # statement id -> the statements whose entries set a minimum age under it
        self.minimum: dict[str, set[str]] = defaultdict(set)
        for entry in entries:
            p = entry[2]
            self.of_statement[p.statement].append(entry)
            if p.year is not None and p.distinct_enactment:
                self.enactments[p.instrument].append((p.year, p.statement))
            self.docs_of_instrument[p.instrument].add(p.source.document)
            key = self.dispute_key(entry)
            self.keys_of_instrument[p.instrument].add(key)
            if key is not None:
                self.dispute_items[key].append(entry)
            if p.effect == "sets-minimum-age":
                self.minimum[p.statement_id].add(p.statement)
        for items in self.enactments.values():
            items.sort(key=lambda e: -e[0])
        self.groups = ages._per_doc(entries)
        self.keys = sorted(self.groups)
        self.doc_ages = {k: rules.doc_age(k, self.groups[k], self.newest) for k in self.keys}
        self.disputed = [
            k
            for k, items in self.dispute_items.items()
            if ages._is_dispute(items, standards, self.newest)
        ]

    def dispute_key(self, entry: tuple[str, int, Provision]) -> tuple[str, str, str] | None:
        return ages._dispute_key(entry[0], entry[2], self.standards)
