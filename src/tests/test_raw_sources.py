"""One list of raw sources (customer360.raw_sources, read from the sources YAML) and the staging layer's shape.

Fast: no build. The sources YAML's table meta (base_model, stg_model, person_bearing) is the one list; these tests
fail when the generator's contract, the demo files, the models on disk or the models that iterate over the list
disagree with it, and (one `dbt parse`, ~20 s) when the layers' refs break the rules of docs/architecture.md:
a staging model reads only its own system (the catalog is the one documented exception), an intermediate model
never reads a mart.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from customer360.generator.generate import CONTRACT, PERSON_SOURCES
from customer360.raw_sources import contract_differences, person_source_names, raw_sources, source_names

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = REPO_ROOT / "data" / "demo"
STAGING = REPO_ROOT / "models" / "staging"
QUALITY_MODELS = ("stg_quality__quarantine", "stg_quality__reconciliation")
# docs/architecture.md, "Staging reads only its own system": the catalog is a reference every system's staging
# may read (unknown product ids are rejected on read); the quality folder (quarantine, reconciliation) is the
# cross-source audit of staging and reads every system's base_ / stg_ models.
CROSS_SYSTEM_REFERENCES = {"stg_catalog__products"}
CROSS_SYSTEM_FOLDERS = {"quality"}


# --------------------------------------------------------------------------------------------- one list
def test_the_list_has_every_raw_table_once():
    names = source_names()
    assert len(names) == len(set(names)) == 13
    assert {s.system for s in raw_sources()} == {
        "catalog", "crm", "enrichment", "esp", "experiments", "pos", "privacy", "shop", "web"}


def test_generator_contract_is_the_sources_yaml():
    """the generator writes exactly the declared tables and columns, in declaration order"""
    assert contract_differences(CONTRACT) == []
    assert sorted(PERSON_SOURCES) == person_source_names()


def test_contract_differences_name_what_differs():
    contract = {name: list(columns) for name, columns in CONTRACT.items()}
    contract["crm_customers"] = contract["crm_customers"][::-1]
    del contract["products"]
    contract["loyalty_cards"] = ["card_number"]
    problems = contract_differences(contract)
    assert any(p.startswith("crm_customers: columns") for p in problems)
    assert "products: in the sources YAML, not in the contract" in problems
    assert "loyalty_cards: in the contract, not in the sources YAML" in problems


def test_demo_files_are_the_sources():
    assert sorted(p.stem for p in DEMO_DATA.glob("*.csv")) == source_names()


def test_models_on_disk_are_the_sources():
    """every raw table has its base_ model in <system>/base/ and its stg_ model in <system>/, and nothing else
    on disk is a base_ model"""
    for source in raw_sources():
        folder = STAGING / source.system
        assert (folder / "base" / f"{source.base_model}.sql").is_file(), source.base_model
        assert (folder / f"{source.stg_model}.sql").is_file(), source.stg_model
        assert source.yaml_path.parent == folder
    on_disk = sorted(p.stem for p in STAGING.glob("**/base_*.sql"))
    assert on_disk == sorted(s.base_model for s in raw_sources())
    assert all(p.parent.name == "base" for p in STAGING.glob("**/base_*.sql"))


def first_import_cte(sql: str) -> str:
    """the body of the first CTE after the model's `with`"""
    body = sql[re.search(r"^with\s*$", sql, re.MULTILINE).end():]
    match = re.search(r"^\w+ as \((.*?)^\),?$", body, re.MULTILINE | re.DOTALL)
    return match.group(1)


def test_each_base_model_names_its_source_in_its_first_import_cte():
    for source in raw_sources():
        sql = (STAGING / source.system / "base" / f"{source.base_model}.sql").read_text(encoding="utf-8")
        cte = first_import_cte(sql)
        assert "select_raw_columns(" in cte, source.base_model
        assert f"source('{source.system}', '{source.name}')" in cte, source.base_model
        # its validation rules read as data, against the same source (macro validation_rules)
        assert f"customer360.validation_rules(source('{source.system}', '{source.name}'), [" in sql, source.base_model
        assert "customer360.rule(" not in sql, source.base_model


def test_first_import_cte_is_what_the_test_reads():
    sql = "{{ config() }}\nwith\n\nraw as (\n    {{ read(source('a', 'b')) }}\n),\n\nother as (\n    x\n),\n"
    assert first_import_cte(sql).strip() == "{{ read(source('a', 'b')) }}"


def declared_dependencies(model: str) -> set[str]:
    """the refs and sources named in the SQL comment lines (`-- depends_on: ...`) before the model's `with`"""
    sql = (STAGING / "quality" / f"{model}.sql").read_text(encoding="utf-8")
    header = "\n".join(line for line in sql[:re.search(r"^with\s*$", sql, re.MULTILINE).start()].splitlines()
                       if line.startswith("--"))
    refs = re.findall(r"\{\{ ref\('(\w+)'\) \}\}", header)
    sources = re.findall(r"\{\{ source\('(\w+)', '(\w+)'\) \}\}", header)
    return set(refs) | {f"{system}.{table}" for system, table in sources}


@pytest.mark.parametrize("model", QUALITY_MODELS)
def test_quality_models_name_every_input_of_the_list(model):
    """the models that iterate over staging_sources() name exactly the list's sources and models"""
    expected = {f"{s.system}.{s.name}" for s in raw_sources()} | {s.base_model for s in raw_sources()}
    if model == "stg_quality__reconciliation":
        expected |= {s.stg_model for s in raw_sources()}
    assert declared_dependencies(model) == expected


# --------------------------------------------------------------------------------------------- layers (manifest)
@pytest.fixture(scope="module")
def manifest(parsed_manifest) -> dict:
    return parsed_manifest


def model_refs(manifest: dict, layer: str) -> list[tuple[list[str], list[str]]]:
    """(path parts of a model of `layer`, path parts of a model it refs), for every ref"""
    nodes = manifest["nodes"]
    pairs = []
    for node in nodes.values():
        parts = node["original_file_path"].split("/")
        if node["resource_type"] != "model" or parts[1] != layer:
            continue
        for parent in node["depends_on"]["nodes"]:
            if parent.startswith("model."):
                pairs.append((parts, nodes[parent]["original_file_path"].split("/")))
    return pairs


def cross_system_refs(manifest: dict) -> list[str]:
    found = []
    for child, parent in model_refs(manifest, "staging"):
        child_name, parent_name = Path(child[-1]).stem, Path(parent[-1]).stem
        if parent[1] != "staging":
            found.append(f"{child_name} reads {parent[1]} model {parent_name}")
        elif parent[2] != child[2] and child[2] not in CROSS_SYSTEM_FOLDERS and parent_name not in CROSS_SYSTEM_REFERENCES:
            found.append(f"{child_name} ({child[2]}) reads {parent_name} ({parent[2]})")
    return found


def test_staging_reads_only_its_own_system(manifest):
    assert cross_system_refs(manifest) == []


def test_the_layer_check_catches_a_cross_system_ref(manifest):
    broken = json.loads(json.dumps(manifest))
    crm = next(n for n in broken["nodes"].values() if n["name"] == "base_crm__customers")
    crm["depends_on"]["nodes"].append(next(k for k, n in broken["nodes"].items() if n["name"] == "stg_shop__orders"))
    assert cross_system_refs(broken) == ["base_crm__customers (crm) reads stg_shop__orders (shop)"]


def test_the_catalog_exception_is_used_as_documented(manifest):
    """the three line-item / event models read the catalog; nothing else in staging reads another system"""
    readers = sorted(Path(child[-1]).stem for child, parent in model_refs(manifest, "staging")
                     if Path(parent[-1]).stem in CROSS_SYSTEM_REFERENCES and child[2] not in CROSS_SYSTEM_FOLDERS
                     and child[2] != parent[2])
    assert readers == ["base_pos__transaction_items", "base_shop__order_items", "base_web__events"]


def test_intermediate_never_reads_a_mart(manifest):
    reads = sorted(f"{Path(child[-1]).stem} reads {Path(parent[-1]).stem}"
                   for child, parent in model_refs(manifest, "intermediate") if parent[1] == "marts")
    assert reads == []
