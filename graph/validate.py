"""SHACL validation of a graph against ontology/shapes.ttl, with a readable report.

The build runs this on every graph and refuses to write one that violates a shape; `lexgap
validate FILE` runs it on a file someone else produced.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from lexgap.core import options
from lexgap.core.errors import ValidationFailed


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str


def shapes_graph() -> Graph:
    g = Graph()
    g.parse(data=(options.ONTOLOGY / "shapes.ttl").read_text("utf-8"), format="turtle")
    return g


def ill_typed(data: Graph) -> list[Violation]:
    """Literals whose text is not of their datatype (`"abc"^^xsd:integer`): each a violation of
    its own. SHACL comparisons cannot order them (pySHACL stops with a TypeError), so the shapes
    run only on a graph without them."""
    out: list[Violation] = []
    for s, p, o in data:
        if isinstance(o, Literal) and o.ill_typed:
            shown = str(o)[:40]
            out.append(
                Violation(
                    focus=str(s),
                    path=str(p),
                    message=f"{shown!r} is not a valid {o.datatype}",
                )
            )
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))


def violations(data: Graph) -> list[Violation]:
    """Every SHACL violation of `data`, sorted, as plain records (the ill-typed literals alone
    when there are any)."""
    bad = ill_typed(data)
    if bad:
        return bad
    _conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=False, abort_on_first=False
    )
    assert isinstance(report, Graph)
    out: list[Violation] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        out.append(
            Violation(
                focus=str(focus),
                path=str(path) if isinstance(path, URIRef) else ("(path)" if path else ""),
                message=str(message) if message is not None else "violation",
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))


def check(data: Graph, label: str = "graph") -> None:
    """Raise ValidationFailed listing every violation (first 20 shown) unless `data` conforms."""
    found = violations(data)
    if not found:
        return
    shown = "; ".join(f"{v.focus} {v.path}: {v.message}" for v in found[:20])
    more = f" (+{len(found) - 20} more)" if len(found) > 20 else ""
    raise ValidationFailed(f"{label} violates the SHACL shapes ({len(found)}): {shown}{more}")
