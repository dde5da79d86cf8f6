"""The package's layers point one way: a module imports only from its own layer or the layers
below it, and no set of modules imports itself round a cycle.

    cli -> api -> {gapmap, publish} -> queries -> graph -> loaders -> core

Every import counts, including those inside functions and under TYPE_CHECKING: a lazy import
is still a dependency, and the old graph/store <-> graph/persist cycle was a lazy one. The walk
reads the source (AST), so it sees what an import-time check would miss.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]  # the repository root is the package `lexgap`
# Top to bottom; modules of one entry are one layer (siblings may not import each other).
LAYERS: list[tuple[str, ...]] = [
    ("lexgap.cli",),
    ("lexgap.api", "lexgap"),
    ("lexgap.gapmap",),
    ("lexgap.publish",),
    ("lexgap.queries",),
    ("lexgap.graph",),
    ("lexgap.loaders",),
    ("lexgap.core",),
]
SIBLINGS = {"lexgap.gapmap": 2, "lexgap.publish": 2}  # one layer: neither imports the other
OUTSIDE = ("tests", "benchmarks", "notebooks", "data", "ontology", ".venv", "build", "artifacts")


def module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("lexgap", *parts))


def package_modules(root: Path) -> dict[str, Path]:
    """Every module of the package under `root`, by dotted name."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).parts
        if rel[0] in OUTSIDE or rel[0].startswith(".") or "__pycache__" in rel:
            continue
        found[module_name(root, path)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The lexgap modules `name` imports (a `from pkg import mod` counts as pkg.mod)."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "lexgap")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "lexgap":
                continue
            for alias in node.names:
                full = f"{target}.{alias.name}"
                out.add(full if full in known else target)
    out.discard(name)
    return out


def layer_of(module: str) -> int:
    """Index in LAYERS (0 is the top); siblings share their layer's rank."""
    best: tuple[int, int] | None = None  # (prefix length, index)
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            inside = module == prefix or module.startswith(prefix + ".")
            if inside and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    if best is None:
        raise AssertionError(f"{module} belongs to no layer: add its folder to LAYERS")
    top = best[1]
    return SIBLINGS.get(LAYERS[top][0], top)


def top_package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """'a -> b' for every import of a higher layer, or of a sibling of the same layer."""
    bad: list[str] = []
    for source, targets in sorted(graph.items()):
        for target in sorted(targets):
            up = layer_of(target) < layer_of(source)
            sibling = (
                layer_of(target) == layer_of(source)
                and top_package(target) != top_package(source)
                and top_package(source) in SIBLINGS
            )
            if up or sibling:
                bad.append(f"{source} -> {target}")
    return bad


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component: list[str] = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    modules = package_modules(root)
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def test_no_module_imports_a_higher_layer() -> None:
    assert upward_imports(import_graph(ROOT)) == []


def test_no_import_cycles() -> None:
    assert cycles(import_graph(ROOT)) == []


def test_every_module_belongs_to_a_layer() -> None:
    for name in package_modules(ROOT):
        layer_of(name)


def test_the_walk_sees_an_upward_import_a_lazy_one_and_a_cycle(tmp_path: Path) -> None:
    """The checker itself, on a small package made for it: it must fail where the rules say."""
    for folder in ("core", "graph", "queries", "cli"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "core" / "errors.py").write_text("from lexgap.graph import store\n")
    (tmp_path / "graph" / "store.py").write_text("def f():\n    from . import persist\n")
    (tmp_path / "graph" / "persist.py").write_text("from lexgap.graph.store import f\n")
    (tmp_path / "queries" / "engine.py").write_text("from ..core.errors import X\n")
    (tmp_path / "cli" / "main.py").write_text("from lexgap.queries import engine\n")
    graph = import_graph(tmp_path)
    assert upward_imports(graph) == ["lexgap.core.errors -> lexgap.graph.store"]
    assert cycles(graph) == [["lexgap.graph.persist", "lexgap.graph.store"]]
    assert graph["lexgap.queries.engine"] == {"lexgap.core.errors"}
    assert graph["lexgap.cli.main"] == {"lexgap.queries.engine"}


def test_tests_benchmarks_and_notebooks_do_not_import_as_lexgap_modules() -> None:
    """They sit outside the package: `lexgap.tests`, `lexgap.benchmarks` and `lexgap.notebooks`
    would only import from an editable install, and a wheel has none of them."""
    outside = ("lexgap.tests", "lexgap.benchmarks", "lexgap.notebooks")
    bad: list[str] = []
    for folder in ("tests", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"), str(path))
            for node in ast.walk(tree):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                bad += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.startswith(outside)]
    assert bad == []
