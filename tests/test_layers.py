"""The dependency rule of the package, read from every module's imports (an AST walk).

The folder tree is the architecture; this test is what keeps the arrows pointing one way::

    base (errors values chars controls dates doctypes record paragraphs anchors)   stdlib only
    reading/      base                                  no Whoosh, no Rich
    index/        base                                  Whoosh (booted by index/__init__)
    indexing/     base, reading, index                  Whoosh, multiprocessing
    searching/    base, index                           Whoosh; never indexing/
    output/       base (+ types only from the stages)   Rich; never Whoosh, never runs a search
    evaluate      base, reading, indexing, searching
    cli/          anything                              Typer

Imports inside ``if TYPE_CHECKING:`` blocks are for type checkers and are not counted. An import
inside a function is allowed only for start-up and must say so with a ``# start-up:`` comment on
its line or the line above (``# platform:``/``# optional:`` for a module some interpreters lack);
it still counts as an arrow, so it cannot hide a cycle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "searchtool"
BASE = {"errors", "values", "chars", "controls", "dates", "doctypes", "record", "names", "paragraphs", "people", "anchors", "languages", "translit"}

#: layer -> the layers it may import (itself always allowed).
MAY_IMPORT = {
    "base": {"base"},
    "reading": {"base"},
    "index": {"base"},
    "indexing": {"base", "reading", "index"},
    "searching": {"base", "index"},
    "output": {"base"},
    "evaluate": {"base", "reading", "indexing", "searching"},
    "cli": {"base", "reading", "index", "indexing", "searching", "output", "evaluate", "cli", "compat"},
    "compat": {"index"},
    "top": {"base", "reading", "index", "indexing", "searching", "output", "evaluate", "cli", "compat"},
}
#: layer -> third-party packages it must not import.
FORBIDDEN_THIRD_PARTY = {
    "base": {"whoosh", "rich", "typer"},
    "reading": {"whoosh", "rich", "typer"},
    "index": {"rich", "typer"},
    "indexing": {"rich", "typer"},
    "searching": {"rich", "typer"},
    "output": {"whoosh", "typer"},
    "evaluate": {"rich", "typer"},
}
#: What a comment must say to keep an import inside a function: ``# start-up: <what it saves>``,
#: or ``# platform:``/``# optional:`` for a module some interpreters lack (fcntl, _md5).
MARKERS = ("start-up:", "platform:", "optional:")
#: The old module paths Whoosh pickled into indexes written before the move.
COMPAT = {"schema", "analysis", "postings"}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "top"
    head = parts[1]
    if head in BASE:
        return "base"
    if head in COMPAT:
        return "compat"
    if head in ("__init__", "__main__"):
        return "top"
    return head


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for each import outside TYPE_CHECKING blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other, in_function)
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.append((base, child.lineno, in_function))
                for alias in child.names:  # from searchtool.index import schema: a module import
                    candidate = f"{base}.{alias.name}"
                    if (PACKAGE.parent / Path(*candidate.split("."))).with_suffix(".py").exists():
                        found.append((candidate, child.lineno, in_function))
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    visit(tree, False)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in MODULES:
        this = module_name(path)
        for target, _line, _local in imports_of(path):
            if target.startswith("searchtool") and target != this:
                graph[this].add(target)
    return graph


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_what_its_layer_may(path):
    this = module_name(path)
    layer = layer_of(this)
    wrong = []
    for target, line, _local in imports_of(path):
        top = target.split(".")[0]
        if top == "searchtool":
            if target == "searchtool":
                continue
            other = layer_of(target)
            if other != layer and other not in MAY_IMPORT[layer]:
                wrong.append(f"line {line}: {layer} may not import {target} ({other})")
        elif top in FORBIDDEN_THIRD_PARTY.get(layer, ()):
            wrong.append(f"line {line}: {layer} may not import {top}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_function_local_imports_say_they_are_for_start_up(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    unmarked = []
    for target, line, local in imports_of(path):
        if not local:
            continue
        here, above = lines[line - 1], lines[line - 2] if line > 1 else ""
        # A multi-line import's comment may stand on any of its lines.
        block = [here, above]
        j = line
        while "(" in here and ")" not in here and j < len(lines):
            here = lines[j]
            block.append(here)
            j += 1
        if not any(marker in text for text in block for marker in MARKERS):
            unmarked.append(f"line {line}: import {target}")
    assert not unmarked, "function-local imports without a '# start-up: ...' reason:\n" + "\n".join(unmarked)


def test_no_import_cycles():
    graph = _graph()
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)
