"""Imports point one way and go round in no circle.

The graph is read from the source with `ast` (nothing is imported): every `import` and
`from … import`, at module level, inside functions and under `TYPE_CHECKING` alike, and
`__import__("chujing.…")` / `import_module("chujing.…")` with a literal name — a deferred
import still makes the modules depend on each other.

- Layering (docs/architecture.md): server → web and cli → platform → engine / scan → rules
  (`chujing.server` composes the API and the pages; `chujing serve` runs it); each
  top-level package may import only the packages listed for it in `MAY_IMPORT`.
- Cycles: the nodes are chujing's subpackages and modules two levels down
  (`chujing.platform.clocks`, `chujing.rules.book`, `chujing.engine.decide`); a domain's
  routes (`…/api.py`) are the layer above its services and count as a node of their own.
  No strongly connected component of more than one node may exist, except those listed in
  `KNOWN_CYCLES` (each with the reason it is still there); a listed cycle that is gone must
  be removed from the list, so the list only shrinks.
"""

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import inspect

from chujing.platform.orgs.models import Processor
from chujing.platform.principal import PROCESSORS

SRC = Path(__file__).resolve().parents[1] / "src"
CORE = {
    "rules",
    "ids",
    "canonical",
    "countries",
    "labels",
    "workdays",
    "draws",
    "synth",
    "listxlsx",
    "engine",
    "scan",
    "documents",
    "filing",
}
MAY_IMPORT: dict[str, set[str]] = {
    "rules": {"ids"},  # a pack checks its demo USCCs
    "ids": set(),
    "canonical": set(),
    "countries": set(),
    "labels": set(),
    "workdays": set(),
    "draws": {"canonical"},
    "synth": {"ids"},
    "listxlsx": {"rules", "labels"},
    "engine": {"rules", "ids", "canonical"},
    "scan": {"rules", "ids"},
    "documents": {"engine", "listxlsx", "rules", "countries", "labels"},
    "filing": {"documents", "engine", "rules", "workdays", "ids", "canonical"},
    "platform": CORE,
    "web": CORE | {"platform"},
    "server": CORE | {"platform", "web"},  # the served application: the API and the pages
    "cli": CORE | {"platform", "server"},  # `chujing serve` names chujing.server to uvicorn
    "__main__": {"cli"},
}
# Imports against the layering still in the code, each with its reason (shrink only).
KNOWN_LAYER_BREACHES: dict[tuple[str, str], str] = {}
# Cycles still in the code, each with its reason (shrink only).
KNOWN_CYCLES: dict[frozenset[str], str] = {}


def _modules() -> dict[str, tuple[Path, bool]]:
    found: dict[str, tuple[Path, bool]] = {}
    for path in (SRC / "chujing").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if package else parts)] = (path, package)
    return found


MODULES = _modules()


def _targets(name: str, path: Path, package: bool) -> Iterator[tuple[str, int]]:
    """The chujing modules `name` imports, with the line of each import."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                full = f"{module}.{alias.name}"
                yield (full if full in MODULES else module), node.lineno
        elif (
            isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value, node.lineno


def _edges() -> list[tuple[str, str, str]]:
    """(importer, imported, where) for every import of a chujing module by another."""
    edges = []
    for name, (path, package) in MODULES.items():
        for target, line in _targets(name, path, package):
            if target == "chujing" or target.startswith("chujing."):
                edges.append((name, target, f"{path.relative_to(SRC)}:{line}"))
    return edges


def _node(module: str) -> str:
    parts = module.split(".")
    if parts[-1] == "api" and len(parts) > 3:
        return module  # a domain's routes: the layer above its services
    return ".".join(parts[:3])


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_the_graph_is_read() -> None:
    edges = _edges()
    assert len(MODULES) > 100
    assert ("chujing.platform.clocks.service", "chujing.platform.clocks.registry") in {
        (a, b) for a, b, _ in edges
    }


def test_imports_follow_the_layering() -> None:
    breaches: dict[tuple[str, str], list[str]] = defaultdict(list)
    for importer, imported, where in _edges():
        source = importer.split(".")[1] if "." in importer else ""
        target = imported.split(".")[1] if "." in imported else ""
        if not source or not target or source == target:
            continue
        assert source in MAY_IMPORT, f"{source}: a new top-level package needs its layer here"
        if target not in MAY_IMPORT[source]:
            breaches[(importer, ".".join(imported.split(".")[:2]))].append(where)
    unknown = {k: v for k, v in breaches.items() if k not in KNOWN_LAYER_BREACHES}
    assert not unknown, (
        f"imports against server → web/cli → platform → engine/scan → rules: {unknown}"
    )
    gone = set(KNOWN_LAYER_BREACHES) - set(breaches)
    assert not gone, f"fixed, remove from KNOWN_LAYER_BREACHES: {gone}"


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for importer, imported, at in _edges():
        a, b = _node(importer), _node(imported)
        if a != b:
            graph[a].add(b)
            graph.setdefault(b, set())
            where[(a, b)].append(at)
    cycles = _cycles(graph)
    new = [c for c in cycles if c not in KNOWN_CYCLES]
    detail = [
        sorted(f"{a} -> {b} ({', '.join(where[(a, b)])})" for a in c for b in graph[a] if b in c)
        for c in new
    ]
    assert not new, f"import cycles: {detail}"
    gone = set(KNOWN_CYCLES) - set(cycles)
    assert not gone, f"fixed, remove from KNOWN_CYCLES: {[sorted(c) for c in gone]}"


def test_the_principals_view_of_processors_matches_the_table() -> None:
    table = inspect(Processor).local_table
    for column in PROCESSORS.columns:
        assert column.name in table.columns, column.name
        assert column.type._type_affinity is table.columns[column.name].type._type_affinity
