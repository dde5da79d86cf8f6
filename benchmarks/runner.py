"""What lexgap's build and queries cost, and how the cost grows with the corpus.

Why: lexgap starts with one country and five documents; its users will add countries, cycles
and bodies. This measures, for corpora of 1, 10 and 100 jurisdictions (benchmarks/synth.py),
in one run so that ratios compare like with like:

- build: wall time, peak memory (the child's own maximum resident set, from `os.wait4`),
  triples, Turtle and store size;
- the embedded store: time to open it read-only, in a fresh process;
- every catalogue question (`queries.gaps.answer`, what `lexgap ask` does) and every other
  shipped query file: median and 95th percentile over repeated runs on the embedded store, and
  on rdflib's in-memory engine over the same data (the exported Turtle), with row counts
  compared so that both engines are seen to do the same work;
- cold `lexgap ask ID` as a whole process, next to `python -c "import pyoxigraph"` plus the
  question's own query, and next to the path a user without lexgap would take: a fresh Python
  that parses the Turtle with rdflib and runs the same `.rq` file;
- the gap map, where the command exists: generation time, HTML size, and how long headless
  Chromium takes to make it interactive.

Every whole-process figure comes from a subprocess timed with `time.perf_counter` and its peak
memory from `os.wait4`; in-process figures use `time.perf_counter`. Results are printed as one
table and written as JSON (`--json`, default benchmarks/out/results.json).

Not part of the test suite: tests/test_benchmarks_smoke.py runs it at a tiny size (`--quick`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bigdoc  # beside this script: benchmarks/bigdoc.py
import synth  # beside this script: benchmarks/synth.py

HERE = Path(__file__).resolve().parent

PYTHON = sys.executable
LEXGAP = str(Path(PYTHON).with_name("lexgap"))
ASK_QUESTION = "csam-possession"

# The targets of issues 9 and 22, as numbers (issue 22 tightened the cold and build ones).
COLD_VS_RDFLIB = 5.0  # cold ask at 1x at least 5x faster than rdflib parse-and-query
COLD_VS_BARE = 2.0  # and within 2x of `import pyoxigraph` plus the query
QUESTION_MEDIAN_MS = 100.0  # every question at 100x: median under 100 ms
QUESTION_VS_RDFLIB = 20.0  # and at least 20x faster than rdflib in memory
GROWTH_MAX = 11.0  # time(100x) / time(10x)
BUILD_MAX_S = 150.0
BUILD_MAX_MB = 2.5 * 1024.0
GAPMAP_INTERACTIVE_S = 3.0
BIG_DOCUMENT_PARAGRAPHS = bigdoc.BIG_PARAGRAPHS  # one 4 MB source of short paragraphs (issue 22)
BIG_DOCUMENT_MAX_S = 10.0
BIG_DOCUMENT_MAX_MB = 500.0
GAPMAP_FIRST_PAINT_S = 2.0  # issue 19: the overview (the answer) painted within 2 s at 1x
COMMAND_MAX_S = 1.0  # issue 22: conflicts, timeline and offences --provision at 10x, each
# The whole-graph look-ups issue 22 times as commands (a fresh process, as a user runs them).
COMMANDS: dict[str, list[str]] = {
    "conflicts": ["conflicts"],
    "timeline": ["timeline", ASK_QUESTION],
    "offences --provision": ["offences", "--provision", "Penal Code/257"],
}


# --------------------------------------------------------------------------------------------
# Measuring processes
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One finished subprocess: wall time, peak resident memory, exit code and output."""

    seconds: float
    peak_mb: float
    code: int
    stdout: str
    stderr: str
    timed_out: bool = False


def run_process(cmd: Sequence[str], timeout: float | None = None, cwd: Path | None = None) -> Run:
    """Run `cmd`, timing it and taking its peak RSS from os.wait4 (this child and the
    grandchildren it waited for), with stdout/stderr captured to files (no pipe deadlock)."""
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"lexgap-bench-{os.getpid()}.out"
    err_path = out_path.with_suffix(".err")
    # Every process runs as an installed lexgap does, with its bytecode cached (pip compiles it
    # at install; here the first run writes it). With PYTHONDONTWRITEBYTECODE=1, which this
    # project's machine exports, each run recompiled lexgap's modules from source: 60 ms of a
    # cold `ask` that bare pyoxigraph, a compiled extension, never pays.
    env = {**os.environ, "LEXGAP_PROGRESS": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        timed_out = False
        deadline = None if timeout is None else started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                proc.kill()
                timed_out = True
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text("utf-8", "replace")
    stderr = err_path.read_text("utf-8", "replace")
    out_path.unlink(missing_ok=True)
    err_path.unlink(missing_ok=True)
    return Run(seconds, usage.ru_maxrss / 1024.0, proc.returncode, stdout, stderr, timed_out)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: Sequence[float]) -> float:
    """The 95th percentile (nearest rank), so that with 20 runs it is the 19th fastest."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-95 * len(ordered) // 100))
    return ordered[rank - 1]


# --------------------------------------------------------------------------------------------
# Query workers: one process per engine, one JSON line per query as it finishes
# --------------------------------------------------------------------------------------------


def worker(args: argparse.Namespace) -> int:
    """Time every question and query file on one engine; print JSON lines as they finish, so
    a parent that gives up on a slow engine still keeps what finished."""
    import signal

    started = time.perf_counter()
    from lexgap.queries import runner
    from lexgap.queries.answers import gaps
    from lexgap.queries.engine import Engine

    engine: Engine
    if args.engine == "oxigraph":
        from lexgap.graph.store import current
        from lexgap.queries.engine import open_store_engine

        found = current(Path(args.out))
        if found is None:
            raise SystemExit(f"no store in {args.out}")
        engine = open_store_engine(found[0])
    else:
        from rdflib import Graph

        from lexgap.queries.engine import RdflibEngine

        graph = Graph()
        parse_start = time.perf_counter()
        graph.parse(args.ttl, format="turtle")
        parse_s = time.perf_counter() - parse_start
        print(json.dumps({"parse_s": parse_s, "triples": len(graph)}), flush=True)
        engine = RdflibEngine(graph)
    print(json.dumps({"ready_s": time.perf_counter() - started}), flush=True)

    from lexgap.core.errors import LexgapError

    class Timeout(BaseException):
        """Not an Exception, so that no engine's error handling can swallow it."""

    def alarm(signum: int, frame: Any) -> None:
        raise Timeout

    signal.signal(signal.SIGALRM, alarm)
    limits: dict[str, float] = json.loads(Path(args.limits).read_text()) if args.limits else {}
    jobs: list[tuple[str, str]] = [("question", q) for q in sorted(gaps.catalogue())]
    if args.jurisdiction:
        # The same questions asked about one country (`lexgap ask --jurisdiction J`).
        jobs += [("country", q) for q in sorted(gaps.catalogue())]
    if not args.questions_only:
        jobs += [("query", q) for q in sorted(runner.catalogue())]
    if args.only:
        jobs = [(k, i) for k, i in jobs if f"{k}:{i}" == args.only]
    for kind, ident in jobs:
        limit = limits.get(f"{kind}:{ident}", args.query_timeout)
        times: list[float] = []
        rows = -1
        status = "ok"
        spent = 0.0
        while len(times) < args.repeat + 1:
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                t0 = time.perf_counter()
                if kind in ("question", "country"):
                    answer = gaps.answer(
                        engine, ident, args.jurisdiction if kind == "country" else None
                    )
                    result_rows = (
                        len(answer.provisions) + len(answer.findings) + len(answer.recommendations)
                    )
                else:
                    result_rows = len(runner.run(engine, runner.get(ident)))
                elapsed = time.perf_counter() - t0
            except Timeout:
                status = "timeout"
                break
            except LexgapError as exc:
                status = f"error: {exc.render()[:300]}"
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            rows = result_rows
            spent += elapsed
            times.append(elapsed)
            # The first run warms caches; stop repeating a slow query once its budget is spent.
            if spent > args.budget and len(times) >= 2:
                break
        measured = times[1:] if len(times) > 1 else times
        print(
            json.dumps(
                {
                    "kind": kind,
                    "id": ident,
                    "status": status,
                    "rows": rows,
                    "runs": len(measured),
                    "median_ms": median(measured) * 1000 if measured else None,
                    "p95_ms": p95(measured) * 1000 if measured else None,
                    "limit_s": limit,
                }
            ),
            flush=True,
        )
    return 0


def run_worker(
    engine: str,
    out: Path,
    ttl: Path,
    repeat: int,
    budget: float,
    timeout: float,
    per_query: float,
    limits: Path | None = None,
    questions_only: bool = False,
    only: str | None = None,
    jurisdiction: str | None = None,
) -> dict[str, Any]:
    """Run the query worker for one engine; its JSON lines as a dict. `limits` (a JSON file of
    seconds per query) stops a query once it has shown what the target needs to know."""
    extra = ["--limits", str(limits)] if limits is not None else []
    if limits is not None or questions_only:
        extra.append("--questions-only")
    if only is not None:
        extra += ["--only", only]
    if jurisdiction is not None:
        extra += ["--jurisdiction", jurisdiction]
    cmd = [
        PYTHON,
        str(Path(__file__).resolve()),
        "worker",
        "--engine",
        engine,
        "--out",
        str(out),
        "--ttl",
        str(ttl),
        "--repeat",
        str(repeat),
        "--budget",
        str(budget),
        "--query-timeout",
        str(per_query),
        *extra,
    ]
    run = run_process(cmd, timeout=timeout)
    result: dict[str, Any] = {
        "seconds": run.seconds,
        "peak_mb": run.peak_mb,
        "timed_out": run.timed_out,
        "code": run.code,
        "queries": {},
    }
    for line in run.stdout.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if "id" in item:
            result["queries"][f"{item['kind']}:{item['id']}"] = item
        else:
            result.update(item)
    if run.code != 0 and not run.timed_out:
        result["error"] = run.stderr.strip().splitlines()[-1:] or ["failed"]
    return result


# --------------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------------


def corpus_args(corpus: Path) -> list[str]:
    return [
        "--sources",
        str(corpus / "sources"),
        "--readings",
        str(corpus / "readings"),
        "--recommendations",
        str(corpus / "recommendations"),
    ]


def available(command: str) -> bool:
    """Whether `lexgap COMMAND` exists in this checkout."""
    run = run_process([LEXGAP, command, "--help"], timeout=60)
    return run.code == 0


def query_text(query_id: str) -> str:
    from lexgap.queries import runner

    return runner.get(query_id).text


BARE_OXIGRAPH = """
import sys, pyoxigraph
store = pyoxigraph.Store.read_only(sys.argv[1])
rows = list(store.query(open(sys.argv[2]).read()))
print(len(rows))
"""

BARE_RDFLIB = """
import sys, rdflib
g = rdflib.Graph()
g.parse(sys.argv[1], format="turtle")
rows = list(g.query(open(sys.argv[2]).read()))
print(len(rows))
"""

OPEN_STORE = """
import json, sys, time
t0 = time.perf_counter()
import pyoxigraph
t1 = time.perf_counter()
store = pyoxigraph.Store.read_only(sys.argv[1])
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "open_s": t2 - t1}))
"""


def gapmap_check(html: Path, timeout_s: float = 30.0) -> dict[str, Any]:
    """Open the gap map in headless Chromium. `first_paint_s`: from navigation until the
    overview (the page's first screen, its cards) has been painted, the figure issue 19 holds
    to 2 s; `interactive_s`: until the whole network, drawn when its view is opened, has
    settled and the page answers a frame request (a page without the overview, an older
    lexgap, draws the network at once)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"status": "playwright not installed"}
    chromium = os.environ.get("LEXGAP_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        return {"status": f"no browser at {chromium}"}
    painted = """() => new Promise(resolve => {
        const wait = () => {
            if (document.body && document.body.dataset.ready === 'true') {
                requestAnimationFrame(() => resolve(performance.now()));
            } else if (typeof network !== 'undefined' && network && network.body) {
                resolve(null);  // an older page: no overview, the network is the first screen
            } else { setTimeout(wait, 5); }
        };
        wait();
    })"""
    settled = """() => new Promise(resolve => {
        if (window.gapmap && gapmap.showWhole && !window.network) gapmap.showWhole();
        const ready = () => typeof network !== 'undefined' && network && network.body
            && Object.keys(network.body.nodes).length > 0;
        const frame = () => requestAnimationFrame(() => resolve(performance.now()));
        const wait = () => {
            if (!ready()) { setTimeout(wait, 10); return; }
            const physics = network.physics;
            if (!physics || !physics.physicsEnabled || physics.stabilized) { frame(); return; }
            network.once('stabilized', frame);
            network.once('stabilizationIterationsDone', frame);
        };
        wait();
    })"""
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        started = time.perf_counter()
        page.goto(html.resolve().as_uri(), wait_until="load", timeout=timeout_s * 1000)
        loaded = time.perf_counter() - started
        first_paint: float | None = None
        try:
            if page.evaluate(painted) is not None:
                first_paint = time.perf_counter() - started
            page.evaluate(settled)
            interactive: float | None = time.perf_counter() - started
            nodes = page.evaluate("() => Object.keys(network.body.nodes).length")
        except Exception as exc:  # a page that never settles: report it, do not crash
            interactive, nodes = None, None
            loaded = loaded if loaded else float("nan")
            print(f"gap map did not settle: {exc}", file=sys.stderr)
        browser.close()
    remote = [u for u in requests if not u.startswith(("file:", "data:", "blob:"))]
    return {
        "status": "ok" if interactive is not None else "did not settle",
        "load_s": loaded,
        "first_paint_s": first_paint,
        "interactive_s": interactive,
        "nodes": nodes,
        "remote_requests": len(remote),
    }


def gapmap(
    size: int,
    work: Path,
    out: Path,
    corpus: Path,
    args: argparse.Namespace,
    narrow: list[str],
    force_browser: bool = False,
) -> dict[str, Any]:
    """Time `lexgap gapmap` (whole or narrowed), its HTML size, and Chromium on the page."""
    name = "-".join(n.strip("-") for n in narrow) or "all"
    html = work / f"gapmap-{size}-{name}.html"
    html.unlink(missing_ok=True)
    cmd = [LEXGAP, "gapmap", *narrow, "--out", str(html), "--store", str(out), *corpus_args(corpus)]
    run = run_process(cmd, timeout=args.gapmap_timeout)
    gm: dict[str, Any] = {"view": " ".join(narrow) or "whole map", "seconds": run.seconds}
    if run.timed_out:
        gm["error"] = f"stopped after {args.gapmap_timeout:.0f} s"
    gm["code"] = run.code
    if run.code == 0 and html.exists():
        gm["html_mb"] = html.stat().st_size / 1e6
        if args.browser and (force_browser or size <= args.browser_max_size):
            gm["browser"] = gapmap_check(html)
    else:
        gm["error"] = " ".join(run.stderr.split())[-400:]
    return gm


def measure_size(size: int, args: argparse.Namespace, template: synth.Template) -> dict[str, Any]:
    work: Path = args.work
    corpus = work / f"corpus-{size}-seed{args.seed}"
    out = work / f"out-{size}"
    result: dict[str, Any] = {"size": size}
    log = args.log

    log(f"[{size}x] generating corpus")
    t0 = time.perf_counter()
    synth.generate(size, args.seed, corpus, template)
    result["generate_s"] = time.perf_counter() - t0
    import yaml

    manifest = yaml.safe_load((corpus / "sources" / "manifest.yaml").read_text("utf-8"))
    result["documents"] = len(manifest["documents"])

    builds: list[Run] = []
    repeats = args.build_repeat if size <= 10 else 1
    for i in range(repeats):
        if out.exists():
            shutil.rmtree(out)
        log(f"[{size}x] build {i + 1}/{repeats}")
        run = run_process([LEXGAP, "build", *corpus_args(corpus), "--out", str(out)])
        if run.code != 0:
            result["build_error"] = run.stderr.strip()[-2000:]
            log(f"[{size}x] build failed:\n{run.stderr[-2000:]}")
            return result
        builds.append(run)
    triples = next(
        (
            int(line.split()[1])
            for line in builds[0].stdout.splitlines()
            if line.startswith("triples")
        ),
        None,
    )
    ttl = out / "lexgap.ttl"
    store_bytes = sum(f.stat().st_size for f in (out / "store").rglob("*") if f.is_file())
    result["build"] = {
        "seconds": median([b.seconds for b in builds]),
        "all_seconds": [b.seconds for b in builds],
        "peak_mb": max(b.peak_mb for b in builds),
        "triples": triples,
        "turtle_mb": ttl.stat().st_size / 1e6,
        "store_mb": store_bytes / 1e6,
    }

    from lexgap.graph.store import current

    found = current(out)
    assert found is not None
    store_folder = found[0]
    opens = [run_process([PYTHON, "-c", OPEN_STORE, str(store_folder)]) for _ in range(5)]
    opened = [json.loads(r.stdout) for r in opens if r.code == 0]
    result["store_open"] = {
        "open_ms": median([o["open_s"] for o in opened]) * 1000,
        "import_pyoxigraph_ms": median([o["import_s"] for o in opened]) * 1000,
    }

    # The country each question is also asked about: the last synthetic one (la at 1x).
    country = "la" if size == 1 else f"x{size - 1:03d}"
    result["country"] = country
    log(f"[{size}x] questions on the embedded store (all countries, and {country})")
    if size < args.isolate_from:
        result["embedded"] = run_worker(
            "oxigraph",
            out,
            ttl,
            args.repeat,
            args.budget,
            args.engine_timeout,
            args.query_timeout,
            questions_only=args.quick,
            jurisdiction=country,
        )
    else:
        # A store query cannot be interrupted from Python: each question gets its own process,
        # killed at the limit (the figure is then "more than the limit").
        from lexgap.queries.answers import gaps as gaps_module

        merged: dict[str, Any] = {"queries": {}, "isolated_limit_s": args.isolated_limit}
        for kind, qid in [
            (k, q) for k in ("question", "country") for q in sorted(gaps_module.catalogue())
        ]:
            key = f"{kind}:{qid}"
            one = run_worker(
                "oxigraph",
                out,
                ttl,
                args.repeat,
                args.budget,
                args.isolated_limit,
                args.isolated_limit,
                questions_only=True,
                only=key,
                jurisdiction=country,
            )
            merged["queries"][key] = one["queries"].get(
                key,
                {
                    "kind": kind,
                    "id": qid,
                    "status": "timeout",
                    "rows": -1,
                    "runs": 0,
                    "median_ms": None,
                    "p95_ms": None,
                    "limit_s": args.isolated_limit,
                },
            )
            log(f"[{size}x]   {key}: {merged['queries'][key]['status']}")
        result["embedded"] = merged
    if args.rdflib and args.rdflib_questions and size <= args.rdflib_max_size:
        # rdflib runs each question until it is 25x slower than the embedded store (which
        # settles the 20x target with margin) or RDFLIB_CAP_S, whichever comes first.
        limits = {
            key: min(args.rdflib_cap, max(1.0, 25 * (v.get("median_ms") or 0) / 1000))
            for key, v in result["embedded"]["queries"].items()
            if key.startswith("question:")
        }
        limits_file = work / f"rdflib-limits-{size}.json"
        limits_file.write_text(json.dumps(limits), "utf-8")
        log(f"[{size}x] questions on rdflib in memory (parsing {ttl.stat().st_size / 1e6:.0f} MB)")
        result["rdflib"] = run_worker(
            "rdflib",
            out,
            ttl,
            max(1, args.repeat // 4),
            args.budget,
            args.engine_timeout,
            args.query_timeout,
            limits_file,
        )

    # Cold `lexgap ask` against the bare pyoxigraph and rdflib paths, same question, same data.
    log(f"[{size}x] cold ask")
    from lexgap.queries.answers import gaps

    rq = work / f"{ASK_QUESTION}.rq"
    rq.write_text(query_text(gaps.question(ASK_QUESTION).id), "utf-8")
    cold_repeats = args.cold_repeat if size <= 10 else max(1, args.cold_repeat // 2)
    ask_cmd = [
        LEXGAP,
        "ask",
        ASK_QUESTION,
        "--format",
        "json",
        "--out",
        str(out),
        *corpus_args(corpus),
    ]
    # One untimed run first: it writes the bytecode an installed lexgap would already have.
    warm = run_process(ask_cmd, timeout=args.ask_timeout)
    found = current(out)
    assert found is not None
    store_folder = found[0]
    # Pairs, side by side: on a shared machine the load moves between two runs; an ask and
    # the bare path timed one after the other see the same load, a block of each does not.
    asks, bare = [], []
    for _ in range(cold_repeats):
        asks.append(run_process(ask_cmd, timeout=args.ask_timeout))
        bare.append(run_process([PYTHON, "-c", BARE_OXIGRAPH, str(store_folder), str(rq)]))
    rebuilt = any("building it" in a.stderr for a in [warm, *asks])
    cold: dict[str, Any] = {
        "question": ASK_QUESTION,
        "ask_s": median([a.seconds for a in asks]),
        "ask_ok": all(a.code == 0 for a in asks) and not rebuilt,
        "ask_peak_mb": max(a.peak_mb for a in asks),
        "bare_oxigraph_s": median([b.seconds for b in bare]),
    }
    if rebuilt:
        cold["note"] = "lexgap ask rebuilt the store: its inputs did not match"
    rdflib_repeats = cold_repeats if size <= 10 else 1
    if args.rdflib and size <= args.rdflib_max_size:
        bare_rdflib = [
            run_process([PYTHON, "-c", BARE_RDFLIB, str(ttl), str(rq)], timeout=args.engine_timeout)
            for _ in range(rdflib_repeats)
        ]
        cold["rdflib_path_s"] = median([b.seconds for b in bare_rdflib])
        cold["rdflib_path_peak_mb"] = max(b.peak_mb for b in bare_rdflib)
        cold["rdflib_path_timed_out"] = any(b.timed_out for b in bare_rdflib)
        cold["rows_agree"] = {b.stdout.strip() for b in bare_rdflib} == {
            b.stdout.strip() for b in bare
        }
    result["cold"] = cold
    result["commands"] = commands(out, corpus, cold_repeats, args)

    if available("gapmap"):
        log(f"[{size}x] gap map")
        result["gapmap"] = gapmap(size, work, out, corpus, args, [])
        # The whole map of a large corpus is refused or unwieldy; the narrowed view is what a
        # user of a large corpus opens.
        if not args.quick:
            result["gapmap_narrowed"] = gapmap(
                size, work, out, corpus, args, ["--jurisdiction", country], force_browser=True
            )
    else:
        result["gapmap"] = {"status": "not available: this checkout has no `lexgap gapmap`"}
    if not args.keep:
        shutil.rmtree(corpus, ignore_errors=True)
    return result


def commands(out: Path, corpus: Path, repeats: int, args: argparse.Namespace) -> dict[str, Any]:
    """`lexgap conflicts`, `timeline` and `offences --provision` as whole processes: median
    seconds over `repeats` runs after an untimed one. Why whole processes: the target is what
    a user waits for, and these read most of the graph, so the query is most of it."""
    found: dict[str, Any] = {}
    for name, argv in COMMANDS.items():
        cmd = [LEXGAP, *argv, "--format", "json", "--out", str(out), *corpus_args(corpus)]
        run_process(cmd, timeout=args.ask_timeout)
        runs = [run_process(cmd, timeout=args.ask_timeout) for _ in range(repeats)]
        found[name] = {
            "seconds": median([r.seconds for r in runs]),
            "ok": all(r.code == 0 and not r.timed_out for r in runs),
        }
    return found


# --------------------------------------------------------------------------------------------
# Targets and the table
# --------------------------------------------------------------------------------------------


def measure_big_document(paragraphs: int, args: argparse.Namespace) -> dict[str, Any]:
    """Build one document of `paragraphs` short paragraphs (benchmarks/bigdoc.py): wall time
    and peak memory of `lexgap build`, as for the corpora, plus the passages and triples.

    Why apart from the sizes: the corpora grow by documents of a real document's size, so a
    cost that grows faster than one document's length shows only here."""
    corpus = args.work / f"bigdoc-{paragraphs}"
    out = args.work / f"out-bigdoc-{paragraphs}"
    args.log(f"[bigdoc] one document of {paragraphs:,} paragraphs")
    bigdoc.generate(paragraphs, corpus)
    result: dict[str, Any] = {
        "paragraphs": paragraphs,
        "source_mb": (corpus / "sources" / bigdoc.FILE).stat().st_size / 1e6,
    }
    if out.exists():
        shutil.rmtree(out)
    run = run_process([LEXGAP, "build", *corpus_args(corpus), "--out", str(out)])
    if run.code != 0:
        result["build_error"] = run.stderr.strip()[-2000:]
        args.log(f"[bigdoc] build failed:\n{run.stderr[-2000:]}")
        return result
    counts = {
        line.split()[0]: int(line.split()[1])
        for line in run.stdout.splitlines()
        if len(line.split()) == 2 and line.split()[1].isdigit()
    }
    result["build"] = {
        "seconds": run.seconds,
        "peak_mb": run.peak_mb,
        "passages": counts.get("passages"),
        "triples": counts.get("triples"),
    }
    if not args.keep:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    return result


def big_document_targets(big: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The single large source's targets (issue 22), met or missed. Held to them only at the
    full size: a smaller document (the smoke test's) is reported without a verdict."""
    if not big or "build" not in big:
        return []
    full = big["paragraphs"] >= BIG_DOCUMENT_PARAGRAPHS
    name = f"one document of {big['paragraphs']:,} paragraphs: build"
    b = big["build"]
    return [
        {
            "target": f"{name} seconds",
            "value": b["seconds"],
            "limit": f"< {BIG_DOCUMENT_MAX_S}",
            "met": b["seconds"] < BIG_DOCUMENT_MAX_S if full else None,
        },
        {
            "target": f"{name} peak MB",
            "value": b["peak_mb"],
            "limit": f"< {BIG_DOCUMENT_MAX_MB:.0f}",
            "met": b["peak_mb"] < BIG_DOCUMENT_MAX_MB if full else None,
        },
    ]


def question_ratios(r: dict[str, Any]) -> dict[str, float]:
    """Per question: rdflib's median over the embedded store's; where rdflib was stopped at
    its limit, limit over median (a lower bound)."""
    out: dict[str, float] = {}
    rd = r.get("rdflib", {}).get("queries", {})
    for key, v in r.get("embedded", {}).get("queries", {}).items():
        other = rd.get(key)
        if not key.startswith("question:") or not other or not v.get("median_ms"):
            continue
        if other.get("median_ms"):
            out[key] = other["median_ms"] / v["median_ms"]
        elif other.get("status") == "timeout":
            out[key] = other["limit_s"] * 1000 / v["median_ms"]
    return out


def targets(results: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each target of issue 9 with the measured figure and whether it is met."""
    out: list[dict[str, Any]] = []

    def add(name: str, value: float | None, limit: str, met: bool | None) -> None:
        out.append({"target": name, "value": value, "limit": limit, "met": met})

    one = results.get(1)
    if one and "cold" in one:
        c = one["cold"]
        if "rdflib_path_s" in c:
            ratio = c["rdflib_path_s"] / c["ask_s"]
            add(
                "cold ask 1x: rdflib path / ask",
                ratio,
                f">= {COLD_VS_RDFLIB}",
                ratio >= COLD_VS_RDFLIB,
            )
        ratio = c["ask_s"] / c["bare_oxigraph_s"]
        add(
            "cold ask 1x: ask / bare pyoxigraph", ratio, f"<= {COLD_VS_BARE}", ratio <= COLD_VS_BARE
        )
    big = results.get(max(results)) if results else None
    if big and "embedded" in big:
        size = big["size"]
        emb = big["embedded"]["queries"]
        questions = {k: v for k, v in emb.items() if k.startswith("question:")}
        worst = max((v["median_ms"] or float("inf") for v in questions.values()), default=None)
        add(
            f"questions {size}x: slowest median (ms)",
            worst,
            f"< {QUESTION_MEDIAN_MS}",
            None if worst is None else worst < QUESTION_MEDIAN_MS,
        )
        countries = {k: v for k, v in emb.items() if k.startswith("country:")}
        if countries:
            worst_one = max(
                (v["median_ms"] or float("inf") for v in countries.values()), default=None
            )
            add(
                f"questions {size}x about one country: slowest median (ms)",
                worst_one,
                f"< {QUESTION_MEDIAN_MS}",
                None if worst_one is None else worst_one < QUESTION_MEDIAN_MS,
            )
        ratios = question_ratios(big)
        if ratios:
            low = min(ratios.values())
            add(
                f"questions {size}x: smallest rdflib/embedded ratio",
                low,
                f">= {QUESTION_VS_RDFLIB}",
                low >= QUESTION_VS_RDFLIB,
            )
    ten = results.get(10)
    for name, c in (ten or {}).get("commands", {}).items():
        s = c["seconds"] if c["ok"] else None
        add(f"lexgap {name} 10x (s)", s, f"< {COMMAND_MAX_S}", s is not None and s < COMMAND_MAX_S)
    if 10 in results and 100 in results and "build" in results[10] and "build" in results[100]:
        growth = results[100]["build"]["seconds"] / results[10]["build"]["seconds"]
        add("build time 100x / 10x", growth, f"<= {GROWTH_MAX}", growth <= GROWTH_MAX)
    if 100 in results and "build" in results[100]:
        b = results[100]["build"]
        add("build 100x seconds", b["seconds"], f"< {BUILD_MAX_S}", b["seconds"] < BUILD_MAX_S)
        add(
            "build 100x peak MB", b["peak_mb"], f"< {BUILD_MAX_MB:.0f}", b["peak_mb"] < BUILD_MAX_MB
        )
    if one and "browser" in one.get("gapmap", {}):
        paint = one["gapmap"]["browser"].get("first_paint_s")
        add(
            "gap map 1x overview first paint (s)",
            paint,
            f"< {GAPMAP_FIRST_PAINT_S}",
            paint is not None and paint < GAPMAP_FIRST_PAINT_S,
        )
        s = one["gapmap"]["browser"].get("interactive_s")
        add(
            "gap map 1x interactive (s)",
            s,
            f"<= {GAPMAP_INTERACTIVE_S}",
            s is not None and s <= GAPMAP_INTERACTIVE_S,
        )
    return out


def target_line(t: dict[str, Any]) -> str:
    """One target: the figure, the limit, met or MISSED, and the figure over the limit (below
    1 is within an upper limit; above 1 meets a lower one), so that a near miss shows."""
    verdict = {True: "met", False: "MISSED", None: "-"}[t["met"]]
    ratio = limit_ratio(t)
    ratio = f"{ratio} of limit" if ratio else ""
    return (
        f"{t['target']:<52} {fmt(t['value'], 2):>10}  target {t['limit']:<10} {verdict:<7} {ratio}"
    )


def limit_ratio(t: dict[str, Any]) -> str:
    """The figure over the limit, e.g. "0.93x"; "" when either is not a number."""
    try:
        return f"{t['value'] / float(t['limit'].split()[-1]):.2f}x"
    except (TypeError, ValueError, ZeroDivisionError, IndexError):
        return ""


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if value != value:
            return "-"
        if value == float("inf"):
            return "inf"
        return f"{value:.{digits}f}"
    return str(value)


def table(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, getter: Any, digits: int = 1) -> None:
        cells = []
        for s in sizes:
            try:
                cells.append(fmt(getter(results[s]), digits))
            except (KeyError, TypeError, ValueError, ZeroDivisionError):
                cells.append("-")
        rows.append((label, cells))

    row("documents", lambda r: r["documents"], 0)
    row("triples", lambda r: r["build"]["triples"], 0)
    row("build (s)", lambda r: r["build"]["seconds"])
    row("build peak memory (MB)", lambda r: r["build"]["peak_mb"], 0)
    row("Turtle (MB)", lambda r: r["build"]["turtle_mb"])
    row("store on disk (MB)", lambda r: r["build"]["store_mb"])
    row("store open (ms)", lambda r: r["store_open"]["open_ms"])
    row("cold lexgap ask (s)", lambda r: r["cold"]["ask_s"], 2)
    row("  import pyoxigraph + query (s)", lambda r: r["cold"]["bare_oxigraph_s"], 2)
    row("  rdflib parse + same .rq (s)", lambda r: r["cold"]["rdflib_path_s"], 2)
    row("rdflib parse in worker (s)", lambda r: r["rdflib"]["parse_s"])

    def question_stat(
        r: dict[str, Any], engine: str, key: str, agg: Any, kind: str = "question"
    ) -> float:
        qs = [
            v[key]
            for k, v in r[engine]["queries"].items()
            if k.startswith(kind + ":") and v.get(key) is not None
        ]
        return float(agg(qs))

    row(
        "questions: median of medians (ms)",
        lambda r: question_stat(r, "embedded", "median_ms", median),
    )
    row("questions: slowest median (ms)", lambda r: question_stat(r, "embedded", "median_ms", max))
    row("questions: slowest p95 (ms)", lambda r: question_stat(r, "embedded", "p95_ms", max))
    row(
        "one country: median of medians (ms)",
        lambda r: question_stat(r, "embedded", "median_ms", median, "country"),
    )
    row(
        "one country: slowest median (ms)",
        lambda r: question_stat(r, "embedded", "median_ms", max, "country"),
    )
    row(
        "  rdflib: median of medians (ms)",
        lambda r: question_stat(r, "rdflib", "median_ms", median),
        0,
    )
    row("  rdflib: slowest median (ms)", lambda r: question_stat(r, "rdflib", "median_ms", max), 0)
    row("  rdflib: smallest ratio to embedded", lambda r: min(question_ratios(r).values()))
    row(
        "  rdflib: questions stopped at their limit",
        lambda r: sum(
            1
            for k, v in r["rdflib"]["queries"].items()
            if k.startswith("question:") and v["status"] == "timeout"
        ),
        0,
    )
    for key, label in (
        ("gapmap", "gap map"),
        ("gapmap_narrowed", "gap map --jurisdiction (one country)"),
    ):
        row(f"{label} (s)", lambda r, k=key: r[k]["seconds"] if r[k]["code"] == 0 else None)
        row("  HTML (MB)", lambda r, k=key: r[k]["html_mb"], 2)
        row("  nodes", lambda r, k=key: r[k]["browser"]["nodes"], 0)
        row("  overview painted (s)", lambda r, k=key: r[k]["browser"]["first_paint_s"], 2)
        row("  interactive in Chromium (s)", lambda r, k=key: r[k]["browser"]["interactive_s"], 2)

    width = max(len(label) for label, _ in rows)
    head = f"{'':<{width}}  " + "  ".join(f"{str(s) + 'x':>10}" for s in sizes)
    lines = [head, "-" * len(head)]
    for label, cells in rows:
        lines.append(f"{label:<{width}}  " + "  ".join(f"{c:>10}" for c in cells))
    return "\n".join(lines)


def query_table(results: dict[int, dict[str, Any]]) -> str:
    """Per question and query file: embedded median / p95 and rdflib median, per size."""
    sizes = sorted(results)
    keys = sorted({k for r in results.values() for k in r.get("embedded", {}).get("queries", {})})
    lines = []
    head = f"{'query':<48}" + "".join(f"{str(s) + 'x emb med/p95 | rdflib':>32}" for s in sizes)
    lines.append(head)
    lines.append("-" * len(head))
    for key in keys:
        cells = []
        for s in sizes:
            e = results[s].get("embedded", {}).get("queries", {}).get(key, {})
            d = results[s].get("rdflib", {}).get("queries", {}).get(key, {})
            rd = fmt(d.get("median_ms"), 0) if d.get("status") != "timeout" else "timeout"
            cells.append(f"{fmt(e.get('median_ms'))}/{fmt(e.get('p95_ms'))} | {rd}")
        lines.append(f"{key:<48}" + "".join(f"{c:>32}" for c in cells))
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="lexgap benchmarks (see benchmarks/README.md)")
    sub = parser.add_subparsers(dest="command")
    w = sub.add_parser("worker", help=argparse.SUPPRESS)
    w.add_argument("--engine", choices=["oxigraph", "rdflib"], required=True)
    w.add_argument("--out", required=True)
    w.add_argument("--ttl", required=True)
    w.add_argument("--repeat", type=int, default=20)
    w.add_argument("--budget", type=float, default=10.0)
    w.add_argument("--query-timeout", type=float, default=120.0)
    w.add_argument("--limits", default=None)
    w.add_argument("--questions-only", action="store_true")
    w.add_argument("--only", default=None, help="just this kind:id")
    w.add_argument("--jurisdiction", default=None, help="also ask each question about this one")
    parser.add_argument(
        "--sizes", default="1,10,100", help="jurisdiction counts (default 1,10,100)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20, help="runs per query (after one warm-up)")
    parser.add_argument(
        "--budget", type=float, default=10.0, help="seconds per query before repeats stop"
    )
    parser.add_argument("--query-timeout", type=float, default=120.0)
    parser.add_argument("--engine-timeout", type=float, default=3600.0)
    parser.add_argument("--build-repeat", type=int, default=3, help="builds at sizes up to 10")
    parser.add_argument("--cold-repeat", type=int, default=5)
    parser.add_argument("--no-rdflib", dest="rdflib", action="store_false")
    parser.add_argument(
        "--no-rdflib-questions",
        dest="rdflib_questions",
        action="store_false",
        help="skip rdflib on the questions (keep the cold rdflib path)",
    )
    parser.add_argument(
        "--rdflib-max-size", type=int, default=100, help="largest size rdflib is run on"
    )
    parser.add_argument(
        "--rdflib-cap", type=float, default=60.0, help="longest one rdflib question may run (s)"
    )
    parser.add_argument(
        "--isolate-from",
        type=int,
        default=50,
        help="from this size on, each question runs in its own process with a hard limit",
    )
    parser.add_argument("--isolated-limit", type=float, default=60.0)
    parser.add_argument("--gapmap-timeout", type=float, default=600.0)
    parser.add_argument("--ask-timeout", type=float, default=600.0)
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--browser-max-size", type=int, default=10)
    parser.add_argument("--work", type=Path, default=HERE / "out" / "work")
    parser.add_argument("--json", type=Path, default=HERE / "out" / "results.json")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora")
    parser.add_argument(
        "--big-paragraphs",
        type=int,
        default=BIG_DOCUMENT_PARAGRAPHS,
        help="paragraphs of the one large document built on its own (0: skip it)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="few repeats, questions only, no browser, no rdflib questions (smoke test)",
    )
    args = parser.parse_args(argv)
    if args.command == "worker":
        return worker(args)
    if args.quick:
        args.repeat, args.build_repeat, args.cold_repeat, args.browser = 2, 1, 1, False
        args.rdflib_questions = False
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    args.work.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    args.log = log
    started = time.perf_counter()
    template = synth.load_template()
    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        results[size] = measure_size(size, args, template)
        partial = {"machine": machine(), "sizes": sizes, "results": results}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(partial, indent=1, default=str), "utf-8")
    big = measure_big_document(args.big_paragraphs, args) if args.big_paragraphs > 0 else None
    report = {
        "command": "benchmarks/run " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "seed": args.seed,
        "sizes": sizes,
        "generator": synth.describe(template),
        "results": {str(k): v for k, v in results.items()},
        "big_document": big,
        "targets": targets(results) + big_document_targets(big),
        "total_s": time.perf_counter() - started,
    }
    args.json.write_text(json.dumps(report, indent=1, default=str), "utf-8")
    print(table(results))
    print()
    print(query_table(results))
    print()
    for t in report["targets"]:
        print(target_line(t))
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
