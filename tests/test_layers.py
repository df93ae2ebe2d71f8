"""Which way imports go: the table of what each part of the code may import.

The model is the bottom layer. `files/`, `check/`, `printouts/`, `solver/` and `maps/`
import only the model; only `jobs/` and `cli/` wire `solver/` and `maps/` in; `cli/` hands
off to the jobs. No two files import each other, directly or round a longer loop, not even
inside a function.

Imports are read with `ast` from the source, so an import inside a function or under
`TYPE_CHECKING` counts like any other.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOP = ("planner", "solver", "maps", "benchmarks")

MODEL = "planner.model"
ALLOWED: dict[str, set[str]] = {
    "planner": set(),
    "planner.__main__": {"planner.cli"},
    MODEL: set(),
    "planner.files": {MODEL},
    "planner.check": {MODEL},
    "planner.printouts": {MODEL},
    "planner.jobs": {
        MODEL,
        "planner.files",
        "planner.check",
        "planner.printouts",
        "solver",
        "maps",
    },
    "planner.cli": {
        MODEL,
        "planner.files",
        "planner.check",
        "planner.jobs",
        "solver.limits",
        "maps.tiles",
        "planner.server",
    },
    "planner.server": {
        MODEL,
        "planner.files",
        "planner.check",
        "planner.jobs",
        "solver",
    },
    "solver": {
        MODEL,
        "solver.cpsat",
        "solver.highs",
        "solver.lexicographic",
        "solver.limits",
        "solver.result",
        "solver.travel",
    },
    "maps": {MODEL},
    "benchmarks": {
        MODEL,
        "planner.files",
        "planner.check",
        "planner.printouts",
        "planner.jobs",
        "solver",
        "maps",
    },
}
"""Each part of the code (a package with everything inside it, or one module) and the
parts it may import besides the modules in its own folder. The longest name that holds a
module is its row: `planner.check.routes` follows `planner.check`. A sub-package of
`solver/` may import its own folder, the model and the solver's shared modules, but not
another sub-package of `solver/`. The row `planner` holds only the package's own
`__init__` (`test_planner_has_no_loose_module`)."""

LOOSE = {"planner/__init__.py", "planner/__main__.py"}
"""The only modules directly in `planner/`: everything else lives in its layer's folder."""

HEAVY = {"ortools", "pyvrp", "vroom", "folium", "typer", "rich", "weasyprint"}
NOT_IMPORTED: dict[str, set[str]] = {
    "planner.model": HEAVY | {"ruamel", "pandas", "jinja2", "numpy"},
    "planner.check": HEAVY,
    "planner.printouts": HEAVY - {"weasyprint"},
    "planner.files": HEAVY,
    "solver": {"folium", "typer", "rich", "weasyprint", "jinja2"},
    "maps": {"ortools", "pyvrp", "typer", "rich", "weasyprint"},
}
"""Third-party packages a part must not import: the model and the checker run without
solvers, maps or the command line installed in a process."""

Graph = dict[str, set[str]]


def module_files(root: Path) -> dict[str, Path]:
    """Every module of the project's packages under `root`, by dotted name."""
    found = {}
    for top in TOP:
        for path in sorted((root / top).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imported_names(module: str, path: Path) -> Iterator[str]:
    """Every dotted name that `module` imports, anywhere in its file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(root: Path) -> tuple[Graph, Graph]:
    """Project module -> project modules it imports, and -> third-party top names."""
    files = module_files(root)
    inner: Graph = {m: set() for m in files}
    outer: Graph = {m: set() for m in files}
    for module, path in files.items():
        for name in imported_names(module, path):
            target = name
            while target not in files and "." in target:
                target = target.rpartition(".")[0]  # `from x import name`: the module x
            if target in files:
                if target != module:
                    inner[module].add(target)
            elif name.split(".")[0] not in sys.stdlib_module_names:
                outer[module].add(name.split(".")[0])
    return inner, outer


def row(module: str, table: dict[str, set[str]]) -> str | None:
    """The longest key of `table` that is the module or a package holding it."""
    keys = [k for k in table if module == k or module.startswith(k + ".")]
    return max(keys, key=len, default=None)


def folder(module: str, files: Graph) -> str:
    """The package whose folder holds the module's file (a package's own for __init__)."""
    is_package = any(m.startswith(module + ".") for m in files)
    return module if is_package else module.rpartition(".")[0]


def within(name: str, part: str) -> bool:
    """Whether a module belongs to a part (the part itself or inside it)."""
    return name == part or name.startswith(part + ".")


def breaches(inner: Graph, outer: Graph) -> list[str]:
    """Every import the tables forbid, as `importer -> imported (row)`."""
    found = []
    for module, targets in sorted(inner.items()):
        key = row(module, ALLOWED)
        if key is None:
            found.append(f"{module}: no row in ALLOWED")
            continue
        home = folder(module, inner)
        for target in sorted(targets):
            if folder(target, inner) == home or any(within(target, a) for a in ALLOWED[key]):
                continue
            found.append(f"{module} -> {target} (row {key!r})")
    for module, names in sorted(outer.items()):
        key = row(module, NOT_IMPORTED)
        if key is not None:
            found += [f"{module} -> {n} (row {key!r})" for n in sorted(names & NOT_IMPORTED[key])]
    return found


def cycles(graph: Graph) -> list[list[str]]:
    """The import loops: strongly connected sets of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            loop = []
            while not loop or loop[-1] != node:
                loop.append(stack.pop())
            if len(loop) > 1:
                found.append(sorted(loop))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_imports_follow_the_table() -> None:
    inner, outer = import_graph(ROOT)
    assert breaches(inner, outer) == []


def test_no_two_files_import_each_other() -> None:
    inner, _ = import_graph(ROOT)
    assert cycles(inner) == []


def test_every_row_names_a_part_that_exists() -> None:
    files = module_files(ROOT)
    rows = set(ALLOWED) | set(NOT_IMPORTED) | {a for allowed in ALLOWED.values() for a in allowed}
    assert sorted(r for r in rows if not any(within(m, r) for m in files)) == []


@pytest.mark.parametrize(
    "part", ["planner.model", "planner.files", "planner.check", "planner.printouts"]
)
def test_a_lower_layer_loads_no_solver_map_or_cli_code(part: str) -> None:
    # Runs the import for real: a package's __init__ or a third party's own imports
    # would not show in the source table above.
    code = (
        f"import sys, {part}; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'solver', 'maps', 'ortools', 'pyvrp', 'folium', 'typer'}))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_planner_has_no_loose_module() -> None:
    loose = {p.relative_to(ROOT).as_posix() for p in (ROOT / "planner").glob("*.py")}
    assert sorted(loose - LOOSE) == []


def test_the_checks_catch_a_breach_and_a_loop(tmp_path: Path) -> None:
    files = {
        "planner/__init__.py": "",
        "planner/model/__init__.py": "",
        "planner/model/a.py": "def f():\n    from solver import b\n",
        "planner/check/__init__.py": "import ortools\nfrom ..model import a\n",
        "solver/__init__.py": "",
        "solver/b.py": "from solver.c import x\n",
        "solver/c.py": "from .b import y\n",
        "maps/__init__.py": "",
        "benchmarks/__init__.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    inner, outer = import_graph(tmp_path)
    assert breaches(inner, outer) == [
        "planner.model.a -> solver.b (row 'planner.model')",
        "planner.check -> ortools (row 'planner.check')",
    ]
    assert cycles(inner) == [["solver.b", "solver.c"]]


def test_the_code_map_matches_the_tree() -> None:
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = architecture.split("## Code map", 1)[1].split("\n## ", 1)[0]
    block = section.split("```")[3]  # the second code block: one path per entry
    named = [line.split()[0] for line in block.splitlines() if line and not line[0].isspace()]
    assert sorted(n for n in named if not (ROOT / n.rstrip(",")).exists()) == []
    folders = {
        path.parent.relative_to(ROOT).as_posix() + "/"
        for top in TOP
        for path in (ROOT / top).rglob("__init__.py")
    }
    covered = {n if n.endswith("/") else n.rpartition("/")[0] + "/" for n in named}
    assert sorted(folders - covered) == []
