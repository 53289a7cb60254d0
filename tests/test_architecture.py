"""The package's layers: readers -> one model -> checks -> layout -> writers, commands on top.

A module imports only from its own subpackage or from a lower layer (an import
under `if TYPE_CHECKING:` is for typing and does not count), so the file list
keeps reading as the pipeline and no import cycle can form.
"""

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "drafter"
# Lowest first; one layer may hold several subpackages, which then do not import each other.
LAYERS = [
    {"errors", "patterns"},  # patterns: regular expressions compiled on first use
    {"files", "ooxml", "tables"},
    {"model"},
    {"readers", "layout"},
    {"checks", "writers"},
    {"commands"},
    {"web"},  # drafter serve: a front end beside the CLI
    {"diagnostics", "crash", "usage"},  # how the CLI shows a problem, a bug, and click's own words
    {"console"},  # one report's build and check, and what they print (no click)
    {"cli"},
    {"launch"},  # the command's entry: a plain build or check without click, the rest to cli
    {"__main__"},
]


def _layer(top: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if top in names)


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every drafter module `path` imports, outside `if TYPE_CHECKING:`."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            return
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:  # `from . import figures` imports the module figures
                submodule = f"{target}.{alias.name}"
                is_module = (ROOT / Path(*submodule.split("."))).with_suffix(".py").is_file()
                found.append((node.lineno, submodule if is_module else target))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found.extend((node.lineno, name) for name in names if name.split(".")[0] == "drafter")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def test_no_import_goes_up_a_layer_or_sideways():
    wrong = []
    for path in _modules():
        source = _module(path).split(".")
        for line, target in _imports(path):
            target_parts = target.split(".")
            if len(target_parts) < 2 or target_parts[1] == source[1]:
                continue
            if _layer(target_parts[1]) >= _layer(source[1]):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert wrong == []


def test_no_import_cycles():
    graph = {_module(path): {t for _, t in _imports(path)} for path in _modules()}
    visiting, done, cycles = set(), set(), []

    def walk(node: str, trail: list[str]) -> None:
        if node in done or node not in graph:
            return
        if node in visiting:
            cycles.append(trail[trail.index(node):] + [node])
            return
        visiting.add(node)
        for target in sorted(graph[node]):
            walk(target, trail + [node])
        visiting.discard(node)
        done.add(node)

    for module in sorted(graph):
        walk(module, [])
    assert cycles == []


def test_every_module_stays_readable():
    long = {str(p.relative_to(ROOT)): n for p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert long == {}
