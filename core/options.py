"""The choices and defaults lexgap offers, in one module free of heavy imports: output formats,
push protocols, time limits, the default output folder, the home jurisdiction and where the
bundled data lives.

Why a module of its own: building the argument parser for `lexgap ask` used to import the
exporter, the pusher and the gap map (rdflib, pyvis, the loaders) only to read these constants,
which tripled the cost of a cold `lexgap ask` (issue 9). The modules that act on the choices
import them from here, so the command line and the library cannot drift apart.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Literal

from lexgap.core.errors import UsageError

# Where the installed package's own folders are. Paths from the package folder, not
# importlib.resources: every query command resolves them, and importing that machinery cost a
# cold `lexgap ask` 10 ms.
PACKAGE = Path(__file__).resolve().parent.parent  # the installed `lexgap` package
DATA = PACKAGE / "data"
BUNDLED_SOURCES = DATA / "sources"
BUNDLED_READINGS = DATA / "readings"
BUNDLED_RECOMMENDATIONS = DATA / "recommendations"
ONTOLOGY = PACKAGE / "ontology"

# The country whose law the bundled corpus discusses (ISO 3166-1 alpha-2, lower case); a
# manifest that names no jurisdiction is about it.
HOME = "la"

# Where builds and query commands keep the graph and the store unless told otherwise (issue 18):
# $LEXGAP_OUT, else a per-user data folder ($XDG_DATA_HOME/lexgap, else
# ~/.local/share/lexgap; %LOCALAPPDATA%\\lexgap on Windows), so a command run from any folder
# opens the same store instead of silently building a new one where the caller stands. Only
# when no home folder can be found is it ./lexgap-out, and a build always says where it writes.
OUT_ENV = "LEXGAP_OUT"
DEFAULT_OUT = Path("lexgap-out")  # the last resort, relative to the working folder
APP_FOLDER = "lexgap"


def user_data_folder() -> Path | None:
    """The per-user data folder lexgap keeps its build in, or None when there is no home."""
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / APP_FOLDER
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg and Path(xdg).is_absolute():  # the XDG spec: a relative value is ignored
        return Path(xdg) / APP_FOLDER
    try:
        return Path.home() / ".local" / "share" / APP_FOLDER
    except RuntimeError:  # no HOME and no password entry
        return None


def default_out() -> Path:
    """The output folder when none is given: $LEXGAP_OUT, else the per-user data folder
    (`user_data_folder`), else ./lexgap-out."""
    given = os.environ.get(OUT_ENV)
    if given:
        return Path(given)
    return user_data_folder() or DEFAULT_OUT


def default_out_help() -> str:
    """The rule, for --help: what the default is and where it is on this machine."""
    return f"$LEXGAP_OUT, else the per-user data folder; now {default_out()}"


def version() -> str:
    """The installed distribution's version (`lexgap --version`, `lexgap.__version__`): read from
    the package metadata so it cannot drift from pyproject.toml; "unknown" when lexgap runs
    from a source tree that was never installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("lexgap")
    except PackageNotFoundError:
        return "unknown"


# Output formats of every command that prints rows.
FORMATS: tuple[str, ...] = ("table", "json", "csv")

# publish/export.py: the RDF syntaxes `lexgap validate` and `load_file` read
INPUT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld")

# publish/export.py: where `lexgap export` writes in the build folder unless told otherwise
EXPORT_FOLDER = "export"

# publish/jsonld.py: the framed JSON-LD views (`lexgap export --format jsonld --frame NAME`)
JSONLD_FRAMES = ("documents", "provisions", "offences")

# publish/push.py: how `lexgap push` writes to a SPARQL 1.1 store
Protocol = Literal["update", "gsp"]
PROTOCOLS: tuple[Protocol, ...] = ("update", "gsp")
DEFAULT_TIMEOUT = 300.0  # seconds to wait for a remote store (push, and the API's push)
QUERY_TIMEOUT = 60.0  # seconds a user's SPARQL query may run (`lexgap sparql`, `lexgap.sparql`)
REMOTE_QUERY_TIMEOUT = 30.0  # seconds per request to a SPARQL endpoint named with --endpoint
MAX_TIMEOUT = 1_000_000.0  # seconds (11 days): past it, the system's timers overflow


def check_timeout(timeout: float) -> float:
    """A finite positive number of seconds, at most MAX_TIMEOUT (`nan`, `inf`, 0, negatives
    and 1e300 are usage errors, not tracebacks)."""
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not math.isfinite(timeout)
        or not 0 < timeout <= MAX_TIMEOUT
    ):
        raise UsageError(
            f"--timeout must be a positive number of seconds (at most {MAX_TIMEOUT:g}), "
            f"not {timeout!r}"
        )
    return float(timeout)


# gapmap/filter.py: a page this size still settles in seconds on a laptop
MAX_NODES = 1000

# gapmap/stats.py: the analytics tables `lexgap gapmap --stats` prints, their columns
STATS_COLUMNS: dict[str, list[str]] = {
    "pressure": [
        "gap",
        "status",
        "recommendations",
        "bodies",
        "body_list",
        "first",
        "last",
        "span_years",
        "answered",
    ],
    "recommendations-without-provision": [
        "recommendation",
        "body",
        "document",
        "date",
        "gaps",
        "why",
    ],
    "provisions-without-recommendation": ["provision", "instrument", "gaps", "described_by"],
}
STATS_TITLES = {
    "pressure": "gaps by pressure: recommendations, bodies, years",
    "recommendations-without-provision": "recommendations that reach no provision the graph knows",
    "provisions-without-recommendation": "provisions no recommendation names",
}
