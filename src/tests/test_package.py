"""The Python package's public face (README, "Layout"): the documented commands run, tests use public names only,
and the benchmark's data cache is invalidated by every module that makes a generated data set.

A few seconds: every command is started once with `--help`.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from customer360.bench.pipeline import GENERATOR_SOURCES, INCREMENT_SOURCES

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE = REPO_ROOT / "src" / "customer360"
TESTS = Path(__file__).resolve().parent
# every `python -m customer360.<module>` the README, docs/*.md, the Makefile or a test names: (module, usage line)
COMMANDS = {
    "generate": "usage: python -m customer360.generate",
    "bench": "usage: python -m customer360.bench",
    "bench_identity": "--dataset",
    "evaluate_identity": "usage: python -m customer360.evaluate_identity",
    "evaluate_recommendations": "usage: python -m customer360.evaluate_recommendations",
    "architecture": "--manifest",
    "febrl": "febrl3,febrl4",
    "bench.increment": "usage: python -m customer360.bench.increment",
    "raw_sources": "usage: python -m customer360.raw_sources",
}


@pytest.mark.parametrize("module", sorted(COMMANDS))
def test_every_documented_command_runs(module: str) -> None:
    proc = subprocess.run([sys.executable, "-m", f"customer360.{module}", "--help"], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert COMMANDS[module] in proc.stdout


def test_the_commands_listed_are_the_ones_the_docs_name() -> None:
    """a command added to the docs (or removed from the package) must be added here too"""
    named = set()
    for path in [REPO_ROOT / "README.md", REPO_ROOT / "Makefile", *sorted((REPO_ROOT / "docs").glob("*.md"))]:
        for word in path.read_text(encoding="utf-8").split("python -m customer360.")[1:]:
            named.add(word.split()[0].strip("`'\",;:)."))
    assert named and named <= set(COMMANDS), sorted(named - set(COMMANDS))


def _imported_modules(path: Path) -> set[str]:
    """customer360 modules (and names imported from them) that a file imports, as dotted names."""
    found = set()
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            if base.startswith("customer360"):
                found |= {f"{base}.{alias.name}" for alias in node.names} | {base}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("customer360")}
    return found


def test_tests_import_no_private_module_or_name() -> None:
    private = {f"{path.name}: {name}" for path in sorted(TESTS.glob("*.py")) for name in _imported_modules(path)
               if any(part.startswith("_") for part in name.split("."))}
    assert private == set()


def test_the_bench_cache_fingerprint_covers_every_generator_module() -> None:
    """a change to any module the generator (or the day-2 increment) imports must invalidate the cached data"""

    def closure(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            module = todo.pop()
            path = PACKAGE.parent / (module.replace(".", "/") + ".py")
            if module in seen or not path.is_file():
                continue
            seen.add(module)
            todo.extend(_imported_modules(path))
        return {m.removeprefix("customer360.").replace(".", "/") + ".py" for m in seen} - {"project.py"}

    assert closure("customer360.generator.generate") == set(GENERATOR_SOURCES)
    assert closure("customer360.bench.increment") == set(INCREMENT_SOURCES)
