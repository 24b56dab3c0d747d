"""The package's shape: small modules, no import cycle, and a README that names every module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "crpsgen"
MAX_LINES = 360  # "no module over about 350 lines": split a module by concept before it grows past this
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def runtime_imports(path: Path) -> set[str]:
    """The crpsgen modules `path` imports when it runs (imports only for type checkers are left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []  # type: ignore[misc]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            if not base.startswith("crpsgen"):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(
                    candidate if (ROOT / Path(*candidate.split("."))).with_suffix(".py").exists() else base
                )
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("crpsgen.")}
    return {name for name in found if name != "crpsgen"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_too_long(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it by concept"


def test_no_import_cycle() -> None:
    graph = {module_name(p): runtime_imports(p) for p in MODULES}
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            cycle = [*path[path.index(node) :], node]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if node in done:
            return
        for other in sorted(graph.get(node, ())):
            visit(other, [*path, node])
        done.add(node)

    for name in sorted(graph):
        visit(name, [])


def test_readme_names_every_module() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the generator is built", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(?:crpsgen/)?((?:extensions/)?[a-z_]+\.py)`", section))
    modules = {str(p.relative_to(PACKAGE)) for p in MODULES}
    assert modules - named == set(), "modules the README's 'How the generator is built' does not name"
    assert named - modules - {"build.py"} == set(), "the README names modules that do not exist"
