"""lexgap: a knowledge graph of the statute provisions cited in UN documents on the sale and
sexual exploitation of children in the Lao PDR, with sourced gap answers in SPARQL.

The public API is `lexgap.api`, re-exported here; each function takes the command line's
options as keywords (see `lexgap.api` for where answers come from):

    import lexgap
    lexgap.__version__                              # the installed version
    lexgap.build()                                  # into $LEXGAP_OUT or the user's data folder
    answer = lexgap.ask("csam-possession")          # GapAnswer; answer.to_json()
    lexgap.ask("csam-possession", as_of="2015-06-05")  # as the sources stood on a date
    answers = lexgap.gaps()                         # every question's GapAnswer
    steps = lexgap.history("csam-possession")       # the status after each source, and why
    rows = lexgap.matrix()                          # the gap matrix, one row per question
    rows = lexgap.provisions("csam-possession")     # statements: article, penalty, ages, quote
    rows = lexgap.offences("Penal Code/257")        # offences a provision concerns, by source
    rows = lexgap.statements(instrument="Penal Code", article="248")
    rows = lexgap.recommendations(offence="csam-possession")
    rows = lexgap.citations(doc="000")              # citations found in the sources
    rows = lexgap.sparql("SELECT ...")              # any read-only query
    rows = lexgap.conflicts()                       # real disagreements, and superseded findings
    rows = lexgap.concordance("penal-code")         # an offence's article in each code version
    rows = lexgap.timeline("csam-possession")       # findings, asks and answers in date order
    lexgap.gapmap("gapmap.html")                    # the interactive offline gap map
    lexgap.export("trig", "lexgap.trig")            # turtle, trig, nquads, jsonld, csv, all
    lexgap.push("http://localhost:7878/update")     # replace the named graphs on a store
    lexgap.validate("lexgap.ttl")                   # SHACL violations of a graph file
    lexgap.engine()                                 # the Engine the others use
    rows = lexgap.documents()                       # the sources: symbol, title, date, ...
    view = lexgap.show("CRC/C/OPSC/LAO/CO/1", "29(d)")  # a passage, its citation, claims
    lexgap.report("brief.html")                     # the printable brief (or format="md")
    lexgap.listing("offences")                      # also effects, bodies, documents, questions

Imports are lazy (the API imports what a call needs), so `import lexgap` stays cheap.
"""

from typing import Any

from lexgap.api import (
    Options,
    ask,
    build,
    citations,
    concordance,
    conflicts,
    documents,
    engine,
    export,
    gapmap,
    gaps,
    history,
    listing,
    matrix,
    offences,
    provisions,
    push,
    questions,
    recommendations,
    report,
    show,
    sparql,
    statements,
    timeline,
    validate,
)

__all__ = [
    "Options",
    "__version__",
    "ask",
    "build",
    "citations",
    "concordance",
    "conflicts",
    "documents",
    "engine",
    "export",
    "gapmap",
    "gaps",
    "history",
    "listing",
    "matrix",
    "offences",
    "provisions",
    "push",
    "questions",
    "recommendations",
    "report",
    "show",
    "sparql",
    "statements",
    "timeline",
    "validate",
]


def __getattr__(name: str) -> Any:
    """`lexgap.__version__`, read from the installed metadata when first asked for (reading it
    costs a cold `import lexgap` time it rarely needs)."""
    if name == "__version__":
        from lexgap.core.options import version

        return version()
    raise AttributeError(f"module 'lexgap' has no attribute {name!r}")
