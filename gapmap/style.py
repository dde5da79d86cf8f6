"""How the gap map names and colours what it draws: the status colours and words, the node and
edge kinds (shape, colour, dashes, legend words, side-panel headings), the bodies' colours and
short names, and the words for a provision's effect.

Separate because these tables are the map's vocabulary, read by everything else: the model
counts nodes and edges per kind, the builders word tooltips with them, and the page styles and
legends with them. They are plain data with no dependency inside gapmap/, so any module may
import them without a cycle.
"""

from __future__ import annotations

from typing import Any

from lexgap.queries.answers.gaps import STATUSES, catalogue

# Colours from the Okabe-Ito palette, told apart with every common colour-vision deficiency;
# the page never shows a status by colour alone (words and an icon shape go with it).
COVERED, PARTIAL, UNCOVERED, CONTESTED, UNKNOWN = (
    "#009e73",
    "#e69f00",
    "#d55e00",
    "#cc79a7",
    "#8c8c8c",
)
STATUS_STYLE: dict[str, tuple[str, str]] = {  # status -> (colour, words in the legend)
    "criminalised": (COVERED, "criminalised"),
    "partial": (PARTIAL, "partial"),
    "not_criminalised": (UNCOVERED, "not criminalised"),
    "contested": (CONTESTED, "contested"),
    "no_information": (UNKNOWN, "no information"),
    "provided": (COVERED, "provided by law"),
    "not_provided": (UNCOVERED, "not provided by law"),
    "meets_standard": (COVERED, "age meets the standard"),
    "below_standard": (UNCOVERED, "age below the standard"),
}
assert tuple(STATUS_STYLE) == STATUSES
# The overview groups the cards by what a status means for an advocate, whatever the kind of
# question: the gaps first. Key -> (heading, colour, icon). The icon is a shape drawn by the
# page (a cross, a warning triangle, a half disc, a tick, a question mark), so a status reads
# the same in greyscale.
STATUS_GROUPS: dict[str, tuple[str, str, str]] = {
    "open": ("Not covered by the law", UNCOVERED, "cross"),
    "contested": ("Contested: the sources disagree", CONTESTED, "warning"),
    "partial": ("Partly covered", PARTIAL, "half"),
    "covered": ("Covered by the law", COVERED, "tick"),
    "unknown": ("No information", UNKNOWN, "question"),
}
# The groups' names where space is short (the whole network's filter, the legends).
GROUP_SHORT = {
    "open": "Not covered",
    "contested": "Contested",
    "partial": "Partly covered",
    "covered": "Covered",
    "unknown": "No information",
}
GROUP_OF = {
    "not_criminalised": "open",
    "not_provided": "open",
    "below_standard": "open",
    "contested": "contested",
    "partial": "partial",
    "criminalised": "covered",
    "provided": "covered",
    "meets_standard": "covered",
    "no_information": "unknown",
}
assert set(GROUP_OF) == set(STATUSES)
# A status in the words of its kind of question: "partial" is "partly criminalised" for an
# offence but "partly provided by law" for a procedure.
KIND_STATUS_WORDS: dict[tuple[str, str], str] = {
    ("criminalisation", "criminalised"): "Criminalised",
    ("criminalisation", "partial"): "Partly criminalised",
    ("criminalisation", "not_criminalised"): "Not criminalised",
    ("procedure", "provided"): "Provided by law",
    ("procedure", "partial"): "Partly provided by law",
    ("procedure", "not_provided"): "Not provided by law",
    ("minimum-age", "meets_standard"): "Age meets the standard",
    ("minimum-age", "below_standard"): "Age below the standard",
}
KIND_WORDS = {
    "criminalisation": "Is it an offence?",
    "procedure": "Does the law provide it?",
    "minimum-age": "What age does the law set?",
}


def kind_status_words(kind: str, status: str) -> str:
    """A status as a card says it, in the vocabulary of its kind of question."""
    if (kind, status) in KIND_STATUS_WORDS:
        return KIND_STATUS_WORDS[(kind, status)]
    return {"contested": "Contested", "no_information": "No information"}.get(status, status)


# Words for the statuses a reason can carry besides the answers' own.
REASON_WORDS = {
    "superseded": "superseded",
    "reported": "reported view",
    "disagreement": "sources disagree",
}

NODE_KINDS: dict[str, dict[str, Any]] = {
    "offence": {"label": "gap question (coloured by answer)", "shape": "dot", "colour": "#7b1fa2"},
    "provision": {"label": "provision (article or law)", "shape": "box", "colour": "#dce6f5"},
    "recommendation": {"label": "recommendation (colour: body)", "shape": "triangle"},
    "document": {"label": "source document", "shape": "square", "colour": "#37474f"},
}

# Edge kind -> style, legend words, and the side panel's heading seen from each end.
EDGE_KINDS: dict[str, dict[str, Any]] = {
    "creates-offence": {
        "label": "creates the offence",
        "colour": "#2e7d32",
        "width": 2.5,
        "dashes": False,
        "from_section": "Gaps it creates an offence for",
        "to_section": "Provisions creating the offence",
    },
    "provides": {
        "label": "other effect (prohibits, sets an age, procedure)",
        "colour": "#8bc34a",
        "width": 1.5,
        "dashes": [6, 3],
        "from_section": "Gaps it bears on",
        "to_section": "Other provisions on it",
    },
    "criticises": {
        "label": "finds a gap (criticises)",
        "colour": "#c62828",
        "width": 2.0,
        "dashes": [10, 5],
        "from_section": "Gaps it finds",
        "to_section": "Findings of a gap",
    },
    "finds-criminalised": {
        "label": "finds it criminalised",
        "colour": "#2e7d32",
        "width": 1.5,
        "dashes": [2, 4],
        "from_section": "Offences it finds criminalised",
        "to_section": "Findings that it is criminalised",
    },
    "targets": {
        "label": "recommendation targets",
        "colour": "#ef6c00",
        "width": 1.5,
        "dashes": False,
        "from_section": "What it presses on",
        "to_section": "Recommendations pressing on it",
    },
    "answers": {
        "label": "State response answers",
        "colour": "#546e7a",
        "width": 1.2,
        "dashes": [3, 3],
        "from_section": "Recommendations it answers",
        "to_section": "State responses",
    },
    "conflicts": {
        "label": "conflicts with",
        "colour": "#6a1b9a",
        "width": 2.5,
        "dashes": [12, 4, 2, 4],
        "from_section": "Conflicts",
        "to_section": "Conflicts",
    },
    "describes": {
        "label": "describes (what a source says it provides)",
        "colour": "#90a4ae",
        "width": 1.0,
        "dashes": False,
        "from_section": "Provisions it describes",
        "to_section": "Described by",
    },
    "stated-in": {
        "label": "stated in",
        "colour": "#b0bec5",
        "width": 0.8,
        "dashes": False,
        "from_section": "Stated in",
        "to_section": "Recommendations stated here",
    },
}
NO_ARROWS = {"conflicts", "describes", "stated-in"}
SYMMETRIC = {"conflicts"}  # stored with its two ends in one order, so A-B and B-A are one edge

BODY_COLOURS = ("#00838f", "#283593", "#8d6e63", "#455a64", "#ad1457", "#558b2f", "#6d4c41")
# Short names for the recommendation labels on the canvas; any other body shows its key.
BODY_SHORT = {
    "special-rapporteur": "SR",
    "crc-committee": "CRC",
    "child-frontiers-study": "Study",
    "state-party": "State",
}

# Bodies as a card names them: short enough for one line, never an internal key.
BODY_READABLE = {
    "special-rapporteur": "UN Special Rapporteur",
    "crc-committee": "UN Committee on the Rights of the Child",
    "child-frontiers-study": "Child Frontiers study",
    "state-party": "State party",
}

EFFECT_WORDS = {
    "creates-offence": "creates the offence",
    "prohibits": "prohibits it",
    "sets-minimum-age": "sets the age",
    "sets-procedure": "provides for it",
    "grants-right": "grants the right",
    "defines": "defines it",
    "establishes-body": "establishes a body for it",
}


# The words the side panel uses for values the records hold as slugs.
SEX_WORDS = {
    "girls": "girls",
    "boys": "boys",
    "girls-and-boys": "girls and boys",
    "any-person": "any person",
    "female": "women and girls",
    "unspecified": "not stated by the source",
}
JURISDICTION_NAMES = {"la": "Lao PDR", "int": "international (treaty law)"}
RECOMMENDATION_KIND_WORDS = {
    "lead-in": "lead-in to a list",
    "item": "item of a list",
    "paragraph": "paragraph",
    "bullet": "bullet point",
}
RESPONSE_WORDS = {
    "reports-law": "reports a law",
    "reports-action": "reports action taken",
    "declines": "declines",
    "partial": "answers in part",
}
CONFLICT_WORDS = {
    "penalty": "The sources give different penalties",
    "finding-vs-provision": "A finding of a gap against a provision said to cover it",
}
VERDICT_WORDS = {
    "not-criminalised": "not criminalised",
    "no-law": "without a law",
    "partially-criminalised": "only partly criminalised",
    "criminalised": "criminalised",
}


def words(table: dict[str, str], value: str | None) -> str:
    """A slug in the words of `table`; one the table lacks with its hyphens as spaces."""
    if not value:
        return "not stated"
    return table.get(value, value.replace("-", " "))


def status_words(status: str) -> str:
    """Words for a status: an answer's own (the legend's words) or one a reason can carry."""
    if status in STATUS_STYLE:
        return STATUS_STYLE[status][1]
    return REASON_WORDS.get(status, status)


def gap_title(gap_id: str) -> str:
    """A question's short title, as its query file's `# title:` header gives it ('Buying sex
    from a child'); a question without one (a query file from elsewhere) is named from its id.
    Cards and network labels use it instead of the id."""
    q = catalogue().get(gap_id)
    if q is not None and q.get("title"):
        return str(q.get("title"))
    text = " ".join("CSAM" if w == "csam" else w for w in gap_id.split("-"))
    return text[:1].upper() + text[1:]
