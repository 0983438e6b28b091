"""The one list of raw sources, read from the sources YAML (``models/staging/<system>/_<system>__sources.yml``).

Every raw table of the contract is declared once, in the sources YAML of its system: its columns (with
``meta.required`` and ``meta.erasure_identifier``) and, at table level, ``config: meta:``::

    base_model: base_shop__orders      # the base_ model that reads the raw file
    stg_model: stg_shop__orders        # the staging model built on it
    person_bearing: true               # its records are people's (identity resolution, ground truth, erasure)

dbt reads the same meta (macro ``staging_sources``: the quarantine and the reconciliation iterate over it); the
pytest suite and the generator's contract check read it through this module, so adding a source is one entry in
one YAML file (docs/architecture.md, "Adding a source"). Only PyYAML is needed, not dbt.

``python -m customer360.raw_sources`` prints the list.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import yaml

from .project import REPO_ROOT

SOURCES_GLOB = "models/staging/*/_*__sources.yml"


@dataclass(frozen=True)
class RawSource:
    """One raw table: its file stem, dbt source, models and declared columns (in YAML order)."""

    name: str
    system: str
    base_model: str
    stg_model: str
    person_bearing: bool
    columns: tuple[str, ...]
    required_columns: tuple[str, ...]
    erasure_identifiers: tuple[str, ...]
    yaml_path: Path


def _meta(entry: dict) -> dict:
    """The `meta` of a YAML entry: under `config:` (dbt >= 1.10) or directly."""
    return (entry.get("config") or {}).get("meta") or entry.get("meta") or {}


def raw_sources(repo_root: Path = REPO_ROOT) -> list[RawSource]:
    """Every raw table of the sources YAML files under ``repo_root``, sorted by name.

    A table without ``base_model`` / ``stg_model`` in its meta is an error: every raw table has both.
    """
    found: list[RawSource] = []
    paths = sorted(repo_root.glob(SOURCES_GLOB))
    if not paths:
        raise RuntimeError(f"no sources YAML under {repo_root / 'models' / 'staging'}")
    for path in paths:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in spec.get("sources", []):
            for table in source.get("tables", []):
                meta = _meta(table)
                missing = [key for key in ("base_model", "stg_model") if not meta.get(key)]
                if missing:
                    raise ValueError(f"{path.name}: table {table['name']} lacks meta {', '.join(missing)}")
                columns = table.get("columns", [])
                found.append(RawSource(
                    name=table.get("identifier", table["name"]),
                    system=source["name"],
                    base_model=meta["base_model"],
                    stg_model=meta["stg_model"],
                    person_bearing=bool(meta.get("person_bearing", False)),
                    columns=tuple(c["name"] for c in columns),
                    required_columns=tuple(c["name"] for c in columns if _meta(c).get("required")),
                    erasure_identifiers=tuple(c["name"] for c in columns if _meta(c).get("erasure_identifier")),
                    yaml_path=path,
                ))
    names = [s.name for s in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"raw tables declared twice: {', '.join(duplicates)}")
    return sorted(found, key=lambda s: s.name)


def source_names(repo_root: Path = REPO_ROOT) -> list[str]:
    """The raw table names (file stems), sorted."""
    return [s.name for s in raw_sources(repo_root)]


def person_source_names(repo_root: Path = REPO_ROOT) -> list[str]:
    """The person-bearing raw tables (meta person_bearing), sorted."""
    return [s.name for s in raw_sources(repo_root) if s.person_bearing]


def contract_columns(repo_root: Path = REPO_ROOT) -> dict[str, list[str]]:
    """raw table -> its declared columns, in YAML (contract) order."""
    return {s.name: list(s.columns) for s in raw_sources(repo_root)}


def contract_differences(contract: dict[str, list[str]], repo_root: Path = REPO_ROOT) -> list[str]:
    """How a column contract (e.g. the generator's) differs from the sources YAML: one line per difference."""
    declared = contract_columns(repo_root)
    problems = [f"{name}: in the sources YAML, not in the contract" for name in sorted(set(declared) - set(contract))]
    problems += [f"{name}: in the contract, not in the sources YAML" for name in sorted(set(contract) - set(declared))]
    for name in sorted(set(declared) & set(contract)):
        if list(contract[name]) != declared[name]:
            problems.append(f"{name}: columns {list(contract[name])} != sources YAML {declared[name]}")
    return problems


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser(
        prog="python -m customer360.raw_sources",
        description="Print the raw sources of the sources YAML: system, table, base_ and stg_ model, person-bearing.",
    ).parse_args(argv)
    for s in raw_sources():
        flags = " person-bearing" if s.person_bearing else ""
        print(f"{s.system:<12} {s.name:<24} {s.base_model:<32} {s.stg_model:<30}{flags}")


if __name__ == "__main__":
    main()
