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

    def status(self, statements: set[str]) -> str:
        rest = [p for p in self.provisions if p.statement not in statements]
        if not self.partitioned:
            return self.decider(rest, self.findings, None).status
        newest = newest_enactments(rest)
        changed = {
            i for i in newest.keys() | self.newest.keys() if newest.get(i) != self.newest.get(i)
        }
        touched = {
            p.source.jurisdiction
            for p in self.provisions
            if p.statement in statements or p.instrument in changed
        }
        part = self.decider(
            [p for p in rest if p.source.jurisdiction in touched],
            [f for f in self.findings if f.source.jurisdiction in touched],
            newest,
        )
        total = Tally()
        for where, tally in self.tallies.items():
            if where not in touched:
                total = total | tally
        for tally in part.tallies.values():
            total = total | tally
        return status_of(total, self.kind, self.acts)


class AgesWithout:
    """`status(statements)` for a minimum-age question (`ages.decide_ages`). Its rules meet
    evidence of different documents in three places: the newest enactment of an instrument, the
    ages the documents give for one provision (a dispute) and the ages the documents give for one
    act (the overall age). Each document's age (`ages._doc_age`) depends only on its own
    entries and the newest enactments, so only the documents of the statements left out, and
    those holding an instrument whose newest enactment moves, are read again; the three meeting
    places are computed over every document, as `decide_ages` computes them."""

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
    def entries(self) -> list[tuple[str, int, Provision]]:
        return ages._entries(self.provisions, self.standards)[0]

    @cached_property
    def newest(self) -> dict[str, int]:
        return ages._newest(self.entries)

    @cached_property
    def doc_ages(self) -> dict[tuple[str, str], AgeFinding | None]:
        """Each (act, document)'s age with every statement."""
        return {
            key: self._doc_age(key, items, self.newest)
            for key, items in ages._per_doc(self.entries).items()
        }

    def _doc_age(
        self, key: tuple[str, str], items: list[tuple[int, Provision]], newest: dict[str, int]
    ) -> AgeFinding | None:
        act = key[0]
        found = ages._doc_age(act, items, self.standards[act], newest, self.standard_text)
        return None if found is None else found[0]

    def status(self, statements: set[str]) -> str:
        entries = [e for e in self.entries if e[2].statement not in statements]
        newest = ages._newest(entries)
        changed = {
            i for i in newest.keys() | self.newest.keys() if newest.get(i) != self.newest.get(i)
        }
        touched = {
            p.source.document
            for _, _, p in self.entries
            if p.statement in statements or p.instrument in changed
        }
        all_ages: list[AgeFinding] = []
        for key, items in sorted(ages._per_doc(entries).items()):
            found = self._doc_age(key, items, newest) if key[1] in touched else self.doc_ages[key]
            if found is not None:
                all_ages.append(found)
        doc_ages = [a for a in all_ages if a.verdict != "superseded"]
        return ages.ages_status(
            doc_ages,
            ages._overall(doc_ages, entries),
            ages._disputes(entries, self.standards, newest),
            self.standing,
        )
