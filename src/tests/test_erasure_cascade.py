"""An erasure's cascade holds in the next builds: incremental and full refresh (issue 17).

Small hand-made data: two CRM contacts; online order SO90000009 exported twice, first naming the erased
person's email (an old version), then again without any identifier (the later row of the file wins, so the
first is quarantined as `superseded_version`); one line per order; one erasure request for that email; every
other raw table header-only. The order is old: outside the incremental window of the next build.

Build 1 (full) processes the request: the on-run-end purge deletes the first version (its raw record names the
email) and, by the cascade over parent keys, the second version and the order's line. Build 2 is a normal
(incremental) build of the same files: it must still reconcile every source (the rows the purge removed count
as erased), must not bring the order's line back as an orphan, and the order must stay gone. Build 3
(`--full-refresh`) must not bring it back either.

Before the fix, build 2 left one shop order unaccounted for (raw 4 = staged 2 + erased 1) and re-staged the
line of the erased order as an orphan: the purge deleted rows whose keys were not on the suppression list, so
the raw-read filter neither dropped nor counted them.

Three dbt builds of a few rows (data tests excluded): about two minutes on two cores.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo"
THREADS = int(os.environ.get("CUSTOMER360_DBT_THREADS", "2"))
NO_TESTS = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]
ERASED_EMAIL = "anna.berg@example.com"
ERASED_ORDER = "SO90000009"

CRM = [
    {"crm_id": "C9000001", "first_name": "Anna", "last_name": "Berg", "email": ERASED_EMAIL,
     "created_at": "2024-01-05 10:00:00", "country": "DE"},
    {"crm_id": "C9000002", "first_name": "Ben", "last_name": "Kraus", "email": "ben.kraus@example.com",
     "created_at": "2024-02-07 11:00:00", "country": "DE"},
]
ORDERS = [
    {"order_id": "SO90000001", "crm_id": "C9000002", "email": "ben.kraus@example.com",
     "ordered_at": "2025-01-10T10:00:00Z", "status": "completed", "currency": "EUR", "order_total": "20.00"},
    # the erased person's order, first version: names her email
    {"order_id": ERASED_ORDER, "email": ERASED_EMAIL,
     "ordered_at": "2025-01-12T10:00:00Z", "status": "completed", "currency": "EUR", "order_total": "30.00"},
    # ... and its later version (wins): no identifier at all
    {"order_id": ERASED_ORDER,
     "ordered_at": "2025-01-12T10:00:00Z", "status": "returned", "currency": "EUR", "order_total": "30.00"},
    # a recent order: the incremental window of build 2 starts a few days before it
    {"order_id": "SO90000005", "crm_id": "C9000002", "email": "ben.kraus@example.com",
     "ordered_at": "2025-06-01T10:00:00Z", "status": "completed", "currency": "EUR", "order_total": "40.00"},
]
ORDER_ITEMS = [
    {"order_id": order_id, "line_number": "1", "product_id": "P00001", "quantity": "1", "unit_price": total}
    for order_id, total in (("SO90000001", "20.00"), (ERASED_ORDER, "30.00"), ("SO90000005", "40.00"))
]
ERASURE_REQUESTS = [
    {"request_id": "ER-PYTEST-17", "subject": ERASED_EMAIL, "subject_type": "email",
     "requested_at": "2025-06-02T00:00:00Z"},
]
ROWS = {"crm_customers": CRM, "shop_orders": ORDERS, "shop_order_items": ORDER_ITEMS,
        "erasure_requests": ERASURE_REQUESTS}
# day 2: rows appended to the same files (the export grows): a new order, a late one (inside the lookback window
# of var incremental_lookback_days before the latest order), an exact duplicate of a recent row; their lines
DAY2_ORDERS = [
    {"order_id": "SO90000006", "crm_id": "C9000002", "email": "ben.kraus@example.com",
     "ordered_at": "2025-06-03T09:00:00Z", "status": "completed", "currency": "EUR", "order_total": "15.00"},
    {"order_id": "SO90000007", "email": "ben.kraus@example.com",
     "ordered_at": "2025-05-31T18:00:00Z", "status": "completed", "currency": "EUR", "order_total": "25.00"},
    ORDERS[-1],
]
DAY2_ORDER_ITEMS = [
    {"order_id": order_id, "line_number": "1", "product_id": "P00002", "quantity": "2", "unit_price": price}
    for order_id, price in (("SO90000006", "7.50"), ("SO90000007", "12.50"))
]
DAY2_ROWS = {"shop_orders": DAY2_ORDERS, "shop_order_items": DAY2_ORDER_ITEMS}
# the tables an incremental build must leave exactly as a full refresh does
COMPARED = [
    ("restricted_staging", "base_shop__orders"), ("restricted_staging", "stg_shop__orders"),
    ("restricted_staging", "base_shop__order_items"), ("restricted_staging", "stg_shop__order_items"),
    ("restricted_staging", "stg_quality__quarantine"), ("restricted_staging", "stg_quality__reconciliation"),
    ("restricted_intermediate", "int_identity__crosswalk"), ("marts", "customer_360"), ("marts", "fct_orders"),
    ("marts", "fct_order_items"),
]


def _header(table: str) -> list[str]:
    with (DEMO / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _write_data(target: Path, *appended: dict[str, list[dict[str, str]]]) -> None:
    target.mkdir(parents=True)
    for path in sorted(DEMO.glob("*.csv")):
        table = path.stem
        if table == "products":
            shutil.copyfile(path, target / path.name)
            continue
        header = _header(table)
        with (target / path.name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            for rows in (ROWS, *appended):
                for row in rows.get(table, []):
                    writer.writerow({column: row.get(column, "") for column in header})


def _query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def builds(tmp_path_factory, dbt_project):
    tmp = tmp_path_factory.mktemp("erasure_cascade")
    data, day2, run_dir = tmp / "data", tmp / "day2", tmp / "run"
    _write_data(data)
    _write_data(day2, DAY2_ROWS)
    dbt = dbt_project(run_dir, data, threads=THREADS, memory_limit="2GB")
    dbt.run("build", *NO_TESTS)
    db = run_dir / "warehouse.duckdb"
    first = tmp / "first.duckdb"
    shutil.copyfile(db, first)
    dbt.replace(raw_data_path=day2).run("build", *NO_TESTS)
    second = tmp / "second.duckdb"
    shutil.copyfile(db, second)
    dbt.replace(raw_data_path=day2).run("build", *NO_TESTS, "--full-refresh")
    yield {"first": first, "second": second, "full_refresh": db}
    shutil.rmtree(tmp, ignore_errors=True)


UNRECONCILED = ("select source_name, raw_rows, staged_rows, rejected_rows, exact_duplicate_rows, erased_rows "
                "from restricted_staging.stg_quality__reconciliation where not is_reconciled order by 1")
ORDER_ROWS = (f"select 'orders', count(*) from restricted_staging.base_shop__orders where order_id = '{ERASED_ORDER}' "
              f"union all select 'lines', count(*) from restricted_staging.base_shop__order_items "
              f"where order_id = '{ERASED_ORDER}' "
              f"union all select 'quarantine', count(*) from restricted_staging.stg_quality__quarantine "
              f"where raw_record like '%{ERASED_ORDER}%' or source_record_id like '{ERASED_ORDER}%'")


def test_the_first_build_purges_the_order_and_its_line(builds):
    assert dict(_query(builds["first"], ORDER_ROWS)) == {"orders": 0, "lines": 0, "quarantine": 0}


@pytest.mark.parametrize("build", ["second", "full_refresh"])
def test_every_source_reconciles_in_the_next_builds(builds, build):
    assert _query(builds[build], UNRECONCILED) == []


@pytest.mark.parametrize("build", ["second", "full_refresh"])
def test_the_erased_order_stays_gone(builds, build):
    assert dict(_query(builds[build], ORDER_ROWS)) == {"orders": 0, "lines": 0, "quarantine": 0}


@pytest.mark.parametrize("build", ["second", "full_refresh"])
def test_no_order_line_without_its_order(builds, build):
    orphans = _query(builds[build], "select count(*) from restricted_staging.stg_shop__order_items "
                                    "where order_id not in (select order_id from restricted_staging.stg_shop__orders)")
    assert orphans == [(0,)]


def test_the_erased_rows_are_counted_as_erased(builds):
    erased = dict(_query(builds["second"], "select source_name, erased_rows "
                                           "from restricted_staging.stg_quality__reconciliation"))
    # both versions of the order, its line, the CRM contact
    assert erased["shop_orders"] == 2
    assert erased["shop_order_items"] == 1
    assert erased["crm_customers"] == 1


def test_the_erased_person_is_in_no_table_after_the_first_build(builds):
    """every text column of every table of every schema (audit included) is searched for her identifiers"""
    con = duckdb.connect(str(builds["first"]), read_only=True)
    try:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR' and table_schema not in ('information_schema', 'pg_catalog')").fetchall()
        needles = [ERASED_EMAIL, "C9000001", ERASED_ORDER]
        hits = {}
        for schema, table, column in columns:
            found = con.execute(
                f'select count(*) from "{schema}"."{table}" where '
                + " or ".join(f'contains(lower("{column}"), lower(?))' for _ in needles), needles).fetchall()[0][0]
            if found:
                hits[f"{schema}.{table}.{column}"] = found
    finally:
        con.close()
    assert hits == {}


@pytest.mark.parametrize("schema,table", COMPARED)
def test_the_incremental_build_equals_the_full_refresh(builds, schema, table):
    """build 2 (incremental: new, late and duplicate rows) leaves the same rows as build 3 (--full-refresh)"""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{builds['second']}' as inc (read_only)")
        con.execute(f"attach '{builds['full_refresh']}' as full_refresh (read_only)")
        inc, full = f'inc."{schema}"."{table}"', f'full_refresh."{schema}"."{table}"'
        counts = con.execute(f"select (select count(*) from {inc}), (select count(*) from {full})").fetchall()[0]
        only_inc = con.execute(f"select count(*) from (select * from {inc} except all select * from {full})")
        only_inc = only_inc.fetchall()[0][0]
        only_full = con.execute(f"select count(*) from (select * from {full} except all select * from {inc})")
        only_full = only_full.fetchall()[0][0]
    finally:
        con.close()
    assert (only_inc, only_full) == (0, 0), counts
    assert counts[0] == counts[1]


def test_the_incremental_build_staged_the_new_late_and_duplicate_rows(builds):
    rows = dict(_query(builds["second"], "select source_name, staged_rows || '/' || exact_duplicate_rows "
                                         "from restricted_staging.stg_quality__reconciliation "
                                         "where source_name in ('shop_orders', 'shop_order_items')"))
    # orders: SO90000001, SO90000005 (+ its copy), SO90000006, SO90000007; lines: one per order
    assert rows == {"shop_orders": "4/1", "shop_order_items": "4/0"}
