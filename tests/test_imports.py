"""The imports of brosur/ run one way, down the pipeline, as the README draws it:

    floor (brosur/*.py) ← content ← render, translation ← pdf ← jobs ← commands

A stage imports the floor and the stages before it, never one after it nor one beside it,
and no module comes back to itself through others — imports inside functions included, so a
cycle cannot hide in a function. Read from the source with `ast`: nothing is imported."""

from __future__ import annotations

import ast
from pathlib import Path

from brosur.paths import PACKAGE

FLOOR = 0
LAYERS = {"content": 1, "render": 2, "translation": 2, "pdf": 3, "jobs": 4, "commands": 5}


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its __init__)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imported(path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules `path` imports, wherever the import stands in it."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from brosur.pdf import writer` imports the module brosur.pdf.writer.
            names |= {f"{node.module}.{alias.name}" for alias in node.names} | {node.module}
    return {name for name in names if name in known and name.startswith("brosur.")}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(path, known) - {name} for name, path in known.items()}


def layer(module: str) -> int:
    """The stage a module belongs to; FLOOR for the shared modules beside the stages."""
    parts = module.split(".")
    return LAYERS.get(parts[1], FLOOR) if len(parts) > 2 or parts[1] in LAYERS else FLOOR


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or parts[1] in LAYERS else "floor"


def test_every_import_runs_down_the_pipeline():
    wrong = [
        f"{module} ({stage(module)}) imports {target} ({stage(target)})"
        for module, targets in graph().items()
        for target in sorted(targets)
        if stage(module) != stage(target) and layer(target) >= layer(module)
    ]
    assert wrong == []


def test_no_module_imports_itself_through_others():
    edges = graph()
    cycles = [component for component in _strongly_connected(edges) if len(component) > 1]
    assert cycles == []


def _strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of the import graph, each sorted."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = lowest[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                lowest[node] = min(lowest[node], lowest[target])
            elif target in on_stack:
                lowest[node] = min(lowest[node], index[target])
        if lowest[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return components


def test_the_test_sees_the_imports_it_must_judge():
    """The graph holds what the source plainly imports, lazily imported modules included."""
    edges = graph()
    assert "brosur.errors" in edges["brosur.output"]
    assert "brosur.jobs.pipeline" in edges["brosur.commands.cli"]  # inside a function
    assert layer("brosur.content.load") == 1 and layer("brosur.errors") == FLOOR
