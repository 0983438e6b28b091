"""The BI layer on the demo data (docs/marts.md, "BI"): what a BI user opens.

One warehouse in a temp dir, built once from data/demo read in place (`dbt build`: models, seeds, snapshots and
their tests, so the run history holds every kind of node):

1. the file `publish_bi_database` writes opens in a DuckDB 1.4 client (the version bundled by Evidence's
   connector), installed into a throwaway venv cached under pytest's cache dir, with the warehouse's row counts.

One full demo build plus a `pip install duckdb==1.4.*` the first time: about three minutes on two cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = REPO_ROOT / "data" / "demo"
DBT = str(Path(sys.executable).with_name("dbt"))
DBT_TIMEOUT_SECONDS = 1800
# the oldest DuckDB that must open the published file (var bi_database_storage_version = v1.4.0)
OLD_DUCKDB_REQUIREMENT = "duckdb==1.4.*"
COUNTED_MARTS = ["customer_360", "customer_segments", "fct_orders", "fct_order_items", "fct_web_sessions"]


class Warehouse:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / "warehouse.duckdb"
        self.env = {
            **os.environ,
            "DBT_PROFILES_DIR": str(REPO_ROOT),
            "CUSTOMER360_DUCKDB_PATH": str(self.path),
            "CUSTOMER360_RAW_DATA_PATH": str(DEMO_DATA),
            "CUSTOMER360_DUCKDB_TEMP_DIR": str(root / "spill"),
            "DBT_TARGET_PATH": str(root / "target"),
            "DBT_LOG_PATH": str(root / "logs"),
        }

    def dbt(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [DBT, *args], cwd=REPO_ROOT, env=self.env, capture_output=True, text=True, timeout=DBT_TIMEOUT_SECONDS
        )
        if check:
            assert result.returncode == 0, f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}"
        return result

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.path), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def publish(self, name: str = "customer360_bi.duckdb") -> Path:
        path = self.root / name
        self.dbt("run-operation", "publish_bi_database", "--args", json.dumps({"path": str(path)}))
        return path


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    built = Warehouse(tmp_path_factory.mktemp("bi"))
    built.dbt("deps")
    built.dbt("build")
    return built


@pytest.fixture(scope="module")
def old_duckdb_python(request: pytest.FixtureRequest) -> Path:
    """Python of a venv holding DuckDB 1.4 (created once, kept in pytest's cache dir between runs)."""
    venv = request.config.cache.mkdir("bi-duckdb-1.4-client")
    python = venv / "bin" / "python"
    if not (venv / ".installed").exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, timeout=300)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", OLD_DUCKDB_REQUIREMENT], check=True, timeout=600
        )
        (venv / ".installed").touch()
    return python


OLD_CLIENT_SCRIPT = """
import json, sys, duckdb
path, tables = sys.argv[1], json.loads(sys.argv[2])
with duckdb.connect(path, read_only=True) as con:
    counts = {t: con.execute(f'select count(*) from marts."{t}"').fetchall()[0][0] for t in tables}
print(json.dumps({"version": duckdb.__version__, "counts": counts}))
"""


def test_published_bi_file_opens_in_duckdb_1_4(warehouse: Warehouse, old_duckdb_python: Path) -> None:
    published = warehouse.publish()
    result = subprocess.run(
        [str(old_duckdb_python), "-c", OLD_CLIENT_SCRIPT, str(published), json.dumps(COUNTED_MARTS)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"DuckDB 1.4 cannot read the published file:\n{result.stderr[-3000:]}"
    answer = json.loads(result.stdout)
    assert answer["version"].startswith("1.4.")
    expected = {table: warehouse.query(f'select count(*) from marts."{table}"')[0][0] for table in COUNTED_MARTS}
    assert answer["counts"] == expected
    assert all(count > 0 for count in expected.values())

