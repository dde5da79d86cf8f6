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

from lexgap.queries.answers.model import Finding, Provision
from lexgap.queries.answers.rules import Decision, Tally, newest_enactments, status_of

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
        self.newest = newest_enactments(provisions)
        jurisdiction_of: dict[str, str | None] = {}
        self.partitioned = True
        for source in [*(p.source for p in provisions), *(f.source for f in findings)]:
            doc, where = source.document, source.jurisdiction
            if jurisdiction_of.setdefault(doc, where) != where:
                self.partitioned = False

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
