"""Incremental builds give the same warehouse as a full refresh.

Day 1: the demo data, built from scratch. Day 2: the same files with new rows appended to the four large
append-only sources (web events, email events, online orders + lines, POS transactions + lines), among them
late rows inside the lookback window and exact duplicates (customer360.bench.increment). The day-1 warehouse is
built again incrementally on day 2 (a normal `dbt build`), and a copy of the day-1 warehouse is rebuilt with
`--full-refresh` on day 2 (a copy, so both share the history a warehouse keeps outside dbt: the privacy audit
schema with the erasure suppression list). Every mart, the crosswalk and the staging tables must be identical
(EXCEPT ALL both ways; floating-point columns rounded to 9 decimals, since DuckDB's parallel sums may differ in
the last bits between any two builds), the incremental run must have processed only a window of the raw rows,
and every customer_id of day 1 must survive.

    .venv/bin/python -m pytest src/tests/test_incremental.py        (~5 min: three dbt builds of the demo data)

Marked `slow` (`make test` skips it, `make test-all` runs it). The fast test of the same guarantee on small
hand-made data is src/tests/test_erasure_cascade.py: an incremental build with new, late and duplicate rows
equals a full refresh (staging, quarantine, reconciliation, crosswalk, order marts) and reconciles.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from customer360.bench.increment import append_increment
from customer360.bench.pipeline import crosswalk_ids

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo"
# incremental models: (model, schema, key) of the four append-only sources
INCREMENTAL_MODELS = [
    ("base_web__events", "restricted_staging"),
    ("stg_web__events", "restricted_staging"),
    ("base_esp__email_events", "restricted_staging"),
    ("stg_esp__email_events", "restricted_staging"),
    ("base_shop__orders", "restricted_staging"),
    ("base_shop__order_items", "restricted_staging"),
    ("stg_shop__order_items", "restricted_staging"),
    ("base_pos__transactions", "restricted_staging"),
    ("base_pos__transaction_items", "restricted_staging"),
    ("stg_pos__transaction_items", "restricted_staging"),
]
# tables also compared (recomputed on every run, from the incremental ones)
RECOMPUTED_MODELS = [
    ("stg_shop__orders", "restricted_staging"),
    ("stg_pos__transactions", "restricted_staging"),
    ("stg_quality__quarantine", "restricted_staging"),
    ("stg_quality__reconciliation", "restricted_staging"),
    ("int_identity__crosswalk", "restricted_intermediate"),
    ("int_identity__customer_identifiers", "restricted_intermediate"),
]
NO_TESTS = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]


def _lookback_days() -> int:
    project = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))
    return int(project["vars"]["incremental_lookback_days"])


def _build(dbt_project, run_dir: Path, data: Path, *args: str, command: str = "build") -> tuple[int, dict, str]:
    dbt = dbt_project(run_dir, data, threads=2, memory_limit="2GB")
    proc = dbt.run(command, *args, check=False)
    return proc.returncode, dbt.run_results(), proc.stdout[-5000:]


def _crosswalk(db: Path) -> dict[tuple[str, str], str]:
    return crosswalk_ids(db)


@pytest.fixture(scope="module")
def builds(tmp_path_factory, dbt_project):
    tmp = tmp_path_factory.mktemp("incremental")
    lookback = _lookback_days()
    day2 = tmp / "day2"
    increment = append_increment(DEMO, day2, fraction=0.02, seed=11, lookback_days=lookback)
    inc_dir, full_dir = tmp / "incremental", tmp / "full_refresh"
    code, _, log = _build(dbt_project, inc_dir, DEMO, *NO_TESTS)
    assert code == 0, log
    day1_ids = _crosswalk(inc_dir / "warehouse.duckdb")
    day1_counts = _counts(inc_dir / "warehouse.duckdb")
    shutil.copyfile(inc_dir / "warehouse.duckdb", inc_dir / "day1.duckdb")
    # day 2: a normal build (data tests apart: a failing test elsewhere would skip the models downstream of it)
    inc_code, inc_results, inc_log = _build(dbt_project, inc_dir, day2, *NO_TESTS)
    assert inc_code == 0, inc_log
    # ... then the data tests of the incremental models and of the reconciliation
    selected = [m for m, _ in INCREMENTAL_MODELS] + ["stg_quality__reconciliation"]
    _, test_results, _ = _build(dbt_project, inc_dir, day2, "--select", *selected, command="test")
    full_dir.mkdir(parents=True)
    shutil.copyfile(inc_dir / "day1.duckdb", full_dir / "warehouse.duckdb")
    code, _, log = _build(dbt_project, full_dir, day2, "--full-refresh", *NO_TESTS)
    assert code == 0, log
    yield {
        "increment": increment, "day1_ids": day1_ids, "day1_counts": day1_counts, "inc_code": inc_code,
        "inc_results": inc_results, "inc_log": inc_log, "test_results": test_results,
        "inc": inc_dir / "warehouse.duckdb", "full": full_dir / "warehouse.duckdb",
    }
    shutil.rmtree(tmp, ignore_errors=True)


def _counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {model: con.execute(f'select count(*) from "{schema}"."{model}"').fetchall()[0][0]
                for model, schema in INCREMENTAL_MODELS}
    finally:
        con.close()


def _tables(con: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> list[str]:
    return [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_schema = ? "
        "and table_type = 'BASE TABLE' order by 1", [catalog, schema]).fetchall()]


def _rounded(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> str:
    """select of a table with its floating-point columns rounded to 9 decimals"""
    columns = con.execute(
        "select column_name, data_type from information_schema.columns where table_catalog = ? and "
        "table_schema = ? and table_name = ? order by ordinal_position", [catalog, schema, table]).fetchall()
    select = ", ".join(f'round("{n}", 9) as "{n}"' if t in ("DOUBLE", "FLOAT") else f'"{n}"' for n, t in columns)
    return f'(select {select} from {catalog}."{schema}"."{table}")'


def _differences(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> tuple[int, int, int, int]:
    """rows only in the incremental warehouse, rows only in the full refresh (EXCEPT ALL), and both row counts"""
    inc, full = _rounded(con, "inc", schema, table), _rounded(con, "full_refresh", schema, table)
    only_inc = con.execute(f"select count(*) from (select * from {inc} except all select * from {full})").fetchall()
    only_full = con.execute(f"select count(*) from (select * from {full} except all select * from {inc})").fetchall()
    n_inc = con.execute(f"select count(*) from {inc}").fetchall()[0][0]
    n_full = con.execute(f"select count(*) from {full}").fetchall()[0][0]
    return only_inc[0][0], only_full[0][0], n_inc, n_full


@pytest.fixture(scope="module")
def both(builds):
    con = duckdb.connect()
    con.execute(f"attach '{builds['inc']}' as inc (read_only)")
    con.execute(f"attach '{builds['full']}' as full_refresh (read_only)")
    yield con
    con.close()


def test_the_incremental_models_are_incremental(builds):
    """The day-2 build ran the four sources' models incrementally: their compiled SQL reads a window."""
    by_name = {r["unique_id"].rsplit(".", 1)[-1]: r for r in builds["inc_results"]["results"]}
    failed = [(r["unique_id"], r.get("message")) for r in builds["inc_results"]["results"]
              if r["status"] in ("fail", "error")]
    for model, _ in INCREMENTAL_MODELS:
        node = by_name[model]
        assert node["status"] == "success", (model, node.get("message"), failed)
        assert "incremental window" in (node.get("compiled_code") or ""), f"{model} did not run incrementally"


def test_the_incremental_run_adds_only_the_new_rows(builds):
    """Day-1 rows stay, the new rows are added once (exact duplicates and re-sent rows are not)."""
    con = duckdb.connect(str(builds["inc"]), read_only=True)
    try:
        after = {model: con.execute(f'select count(*) from "{schema}"."{model}"').fetchall()[0][0]
                 for model, schema in INCREMENTAL_MODELS}
    finally:
        con.close()
    inc = builds["increment"]["sources"]
    con = duckdb.connect(str(builds["inc"]), read_only=True)
    try:
        for model, source in (("base_web__events", "web_events"), ("base_esp__email_events", "email_events"),
                              ("base_shop__orders", "shop_orders"), ("base_pos__transactions", "pos_transactions")):
            # rows first seen after the day-1 rows of the file: the fresh rows, once each (their duplicates and
            # re-sent copies of day-1 rows add nothing); a few may belong to erased people (dropped on reading)
            (fresh,) = con.execute(f'select count(*) from restricted_staging."{model}" where raw_row_number > ?',
                                   [inc[source]["base_rows"]]).fetchall()[0]
            assert after[model] - builds["day1_counts"][model] == fresh, model
            assert 0.97 * inc[source]["new_rows"] <= fresh <= inc[source]["new_rows"], (model, fresh)
    finally:
        con.close()


def test_every_mart_equals_the_full_refresh(both):
    marts = _tables(both, "inc", "marts")
    assert marts == _tables(both, "full_refresh", "marts")
    assert marts, "no mart was built"
    different = {}
    for table in marts:
        only_inc, only_full, n_inc, n_full = _differences(both, "marts", table)
        if only_inc or only_full or n_inc != n_full:
            different[table] = {"only_incremental": only_inc, "only_full_refresh": only_full, "rows": (n_inc, n_full)}
    assert not different, different


@pytest.mark.parametrize("model,schema", INCREMENTAL_MODELS + RECOMPUTED_MODELS)
def test_staging_and_identity_equal_the_full_refresh(both, model, schema):
    only_inc, only_full, n_inc, n_full = _differences(both, schema, model)
    assert (only_inc, only_full) == (0, 0), f"{model}: {only_inc} rows only incremental, {only_full} only full"
    assert n_inc == n_full


def test_customer_ids_are_stable(builds):
    after = _crosswalk(builds["inc"])
    before = builds["day1_ids"]
    assert before
    changed = {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v}
    assert not changed, list(changed.items())[:10]
    # the new orders / transactions copy orders of known people: they join those people's customer_ids
    new = {k: v for k, v in after.items() if k not in before}
    known = set(before.values())
    assert new and sum(v in known for v in new.values()) >= 0.95 * len(new)


def test_the_incremental_models_pass_their_data_tests(builds):
    results = builds["test_results"]["results"]
    assert len(results) >= 20, "the data tests of the incremental models ran"
    failed = [(r["unique_id"], r.get("message")) for r in results if r["status"] in ("fail", "error")]
    assert not failed, failed


def test_reconciliation_holds_after_the_incremental_run(builds):
    con = duckdb.connect(str(builds["inc"]), read_only=True)
    try:
        rows = con.execute("select source_name, raw_rows, staged_rows, rejected_rows, exact_duplicate_rows "
                           "from restricted_staging.stg_quality__reconciliation where not is_reconciled").fetchall()
    finally:
        con.close()
    assert rows == []
