"""Every macro is documented where it lives (README, "Layout"): each folder under macros/ has a `_macros.yml` that
describes each macro (and generic test) defined in the folder, and documents nothing that does not exist.

Dispatch implementations (`default__<name>`, `<adapter>__<name>`) are covered by the entry point's description.
Reads files only: well under a second.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

MACROS = Path(__file__).resolve().parents[2] / "macros"
DEFINITION = re.compile(r"{%-?\s*(macro|test)\s+([a-z_0-9]+)\s*\(")
DISPATCH_IMPLEMENTATION = re.compile(r"^[a-z0-9]+__")


def defined(folder: Path) -> set[str]:
    """Macro names as dbt registers them (a generic test `x` is the macro `test_x`)."""
    names = set()
    for path in folder.glob("*.sql"):
        for kind, name in DEFINITION.findall(path.read_text(encoding="utf-8")):
            names.add(f"test_{name}" if kind == "test" else name)
    return {name for name in names if not DISPATCH_IMPLEMENTATION.match(name)}


def documented(folder: Path) -> set[str]:
    path = folder / "_macros.yml"
    macros = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("macros", []) if path.exists() else []
    return {macro["name"] for macro in macros if str(macro.get("description") or "").strip()}


@pytest.mark.parametrize("folder", sorted(p.name for p in MACROS.iterdir() if p.is_dir()))
def test_every_macro_of_the_folder_is_described_in_its_macros_yml(folder: str) -> None:
    path = MACROS / folder
    assert (path / "_macros.yml").exists(), f"macros/{folder} has no _macros.yml"
    assert sorted(defined(path) - documented(path)) == [], "defined but not described"
    assert sorted(documented(path) - defined(path)) == [], "described but not defined"
