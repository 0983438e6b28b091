"""docs/architecture.md shows the DAG as dbt parses it (customer360.architecture).

One `dbt parse` into a temp target dir (~20 s); the committed page must hold exactly the block the manifest gives,
so a model added or moved without redrawing the picture fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from customer360.architecture import END_MARKER, START_MARKER, folder_edges, render_block, replace_block

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def manifest(parsed_manifest) -> dict:
    return parsed_manifest


def test_the_committed_picture_is_the_manifest(manifest):
    page = (REPO_ROOT / "docs" / "architecture.md").read_text()
    block = render_block(manifest)
    assert block in page, "docs/architecture.md is stale: run `dbt parse && python -m customer360.architecture`"


def test_every_raw_source_feeds_its_own_staging_folder(manifest):
    edges = folder_edges(manifest)
    systems = {source["source_name"] for source in manifest["sources"].values()}
    assert systems, "no sources parsed"
    for system in systems:
        assert (f"raw/{system}", f"models/staging/{system}") in edges, system


def test_staging_reads_no_intermediate_or_mart(manifest):
    edges = folder_edges(manifest)
    backwards = [(up, down) for up, down in edges
                 if down.startswith("models/staging") and up.startswith(("models/intermediate", "models/marts"))]
    assert backwards == []


def test_replace_block_needs_both_markers():
    with pytest.raises(ValueError):
        replace_block("# a page without markers\n", "block")
    page = f"before\n{START_MARKER}\nold\n{END_MARKER}\nafter\n"
    assert replace_block(page, "NEW") == "before\nNEW\nafter\n"
