"""The dbt project this package belongs to, and how to run dbt on it in isolation.

One run directory holds everything a dbt invocation writes: the warehouse file, ``target/``, ``logs/`` and
DuckDB's spill directory. The profile (profiles.yml) reads them from env vars, so two runs with different run
directories never share a warehouse or artefacts. Used by the benchmarks (customer360.bench) and by the pytest
runner (src/tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

# src/customer360/project.py -> the repository (dbt_project.yml, profiles.yml, data/demo)
REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = REPO_ROOT / "data" / "demo"
WAREHOUSE_FILE = "warehouse.duckdb"


def dbt_executable() -> str:
    """dbt of this Python environment, else the first one on PATH."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else (shutil.which("dbt") or "dbt")


def dbt_env(run_dir: Path, data_dir: Path, threads: int | None = None, memory_limit: str | None = None,
            warehouse: Path | None = None) -> dict[str, str]:
    """The environment of a dbt run isolated in ``run_dir`` on the raw data in ``data_dir``.

    ``threads`` (dbt and DuckDB threads) and ``memory_limit`` (DuckDB's cap) are set only when given: otherwise
    the caller's environment (or the profile's default) applies. ``warehouse`` defaults to
    ``run_dir/warehouse.duckdb``.
    """
    env = os.environ.copy()
    env.update({
        "DBT_PROFILES_DIR": str(REPO_ROOT),
        "CUSTOMER360_DUCKDB_PATH": str(warehouse or run_dir / WAREHOUSE_FILE),
        "DBT_TARGET_PATH": str(run_dir / "target"),
        "DBT_LOG_PATH": str(run_dir / "logs"),
        "CUSTOMER360_DUCKDB_TEMP_DIR": str(run_dir / "spill"),
        "CUSTOMER360_RAW_DATA_PATH": str(data_dir),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    })
    if threads is not None:
        env["CUSTOMER360_DBT_THREADS"] = env["CUSTOMER360_DUCKDB_THREADS"] = str(threads)
    if memory_limit is not None:
        env["CUSTOMER360_DUCKDB_MEMORY_LIMIT"] = memory_limit
    return env
