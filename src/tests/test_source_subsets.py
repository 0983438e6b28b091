"""Any subset of sources builds (docs/raw_data_contract.md, "Optional sources").

A retailer starting out exports its CRM and loyalty members only. The data set: the demo's crm_customers.csv
and loyalty_members.csv; every other raw table header-only, except a few optional ones that are absent
altogether (no file). Then:

1. `dbt build` (data tests included) exits 0; the row-count expectations of the header-only optional sources
   warn, none errors;
2. `customer_360` has one row per customer of the crosswalk, every order count 0; the reference date falls back
   to the latest profile change;
3. an absent optional source gives an empty staging model with its declared columns, and reconciles (0 raw rows);
4. a required source (the CRM) that is absent still stops the build with the missing-file error naming the file.

One small dbt build (about 3,000 CRM and loyalty rows) and one failing compile: about a minute on two cores.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo"
THREADS = int(os.environ.get("CUSTOMER360_DBT_THREADS", "2"))
KEPT = ("crm_customers", "loyalty_members")
# optional raw tables left out altogether (the rest of the optional ones are header-only)
ABSENT = ("enrichment_demographics", "experiment_assignments", "web_events")


def _optional_sources() -> list[str]:
    project = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))
    return list(project["vars"]["raw_optional_sources"])


def _crm_and_loyalty_only(target: Path) -> None:
    target.mkdir(parents=True)
    for path in sorted(DEMO.glob("*.csv")):
        table = path.stem
        if table in KEPT:
            shutil.copyfile(path, target / path.name)
        elif table in ABSENT:
            continue
        else:
            with path.open(encoding="utf-8", newline="") as handle:
                header = handle.readline()
            (target / path.name).write_text(header, encoding="utf-8", newline="")


@pytest.fixture(scope="module")
def crm_only(tmp_path_factory, dbt_project):
    tmp = tmp_path_factory.mktemp("subsets")
    data = tmp / "data"
    _crm_and_loyalty_only(data)
    run_dir = tmp / "run"
    dbt = dbt_project(run_dir, data, threads=THREADS, memory_limit="2GB")
    proc = dbt.run("build", "--exclude-resource-type", "unit_test", check=False)
    results = dbt.run_results()
    con = duckdb.connect(str(run_dir / "warehouse.duckdb"), read_only=True)
    yield {"proc": proc, "results": results, "con": con, "tmp": tmp}
    con.close()
    shutil.rmtree(tmp, ignore_errors=True)


def test_the_data_set_is_crm_and_loyalty_only():
    """the defaults make every table but the CRM optional; the kept ones and the absent ones exist in the demo"""
    optional = _optional_sources()
    assert "crm_customers" not in optional
    assert set(ABSENT) <= set(optional) and "loyalty_members" in optional
    assert all((DEMO / f"{table}.csv").exists() for table in (*KEPT, *ABSENT))


def test_dbt_build_exits_0(crm_only):
    proc = crm_only["proc"]
    assert proc.returncode == 0, proc.stdout[-6000:]
    failed = [r["unique_id"] for r in crm_only["results"]["results"] if r["status"] in ("error", "fail", "skipped")]
    assert failed == []


def test_row_count_expectations_of_empty_optional_sources_warn(crm_only):
    statuses = {r["unique_id"]: r["status"] for r in crm_only["results"]["results"]
                if "expect_table_row_count_to_be_between" in r["unique_id"]}
    assert statuses, "no row-count expectation ran"
    warned = sorted(uid for uid, status in statuses.items() if status == "warn")
    # header-only or absent: online orders, lines, POS, web, email, enrichment, consent, experiments, products
    assert any("stg_shop__orders" in uid for uid in warned)
    assert any("stg_enrichment__demographics" in uid for uid in warned)
    crm = [status for uid, status in statuses.items() if "stg_crm__customers" in uid]
    assert crm == ["pass"]
    assert all(status in ("pass", "warn") for status in statuses.values()), statuses


def test_customer_360_has_one_row_per_customer_with_no_orders(crm_only):
    con = crm_only["con"]
    customers, distinct_ids, with_orders, crm_customers = con.execute(
        "select count(*), count(distinct customer_id), count(*) filter (where order_count <> 0), "
        "(select count(distinct customer_id) from restricted_intermediate.int_identity__crosswalk) "
        "from marts.customer_360").fetchall()[0]
    assert customers > 1000
    assert customers == distinct_ids == crm_customers
    assert with_orders == 0
    nulls = con.execute("select count(*) from marts.customer_360 where order_count is null").fetchall()[0][0]
    assert nulls == 0


def test_the_reference_date_falls_back_to_the_profiles(crm_only):
    rows = crm_only["con"].execute(
        "select reference_date, reference_date_source, latest_activity_date "
        "from restricted_intermediate.int_reference_date__resolved").fetchall()
    assert len(rows) == 1
    reference_date, source, activity = rows[0]
    assert reference_date is not None and activity is None
    assert source == "latest profile change in the data"
    latest_crm = crm_only["con"].execute(
        "select max(cast(coalesce(updated_at_utc, created_at_utc) as date)) from restricted_staging.stg_crm__customers"
    ).fetchall()[0][0]
    assert reference_date >= latest_crm


def test_an_absent_optional_source_gives_an_empty_staging_model(crm_only):
    con = crm_only["con"]
    columns = [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = 'restricted_staging' "
        "and table_name = 'stg_enrichment__demographics'").fetchall()]
    assert "record_key" in columns and "email_sha256" in columns
    assert con.execute("select count(*) from restricted_staging.stg_enrichment__demographics").fetchall()[0][0] == 0
    reconciliation = dict(con.execute(
        "select source_name, raw_rows from restricted_staging.stg_quality__reconciliation "
        "where source_name in ('enrichment_demographics', 'web_events', 'shop_orders', 'crm_customers')"
    ).fetchall())
    assert reconciliation["enrichment_demographics"] == 0 and reconciliation["web_events"] == 0
    assert reconciliation["shop_orders"] == 0 and reconciliation["crm_customers"] > 0
    unreconciled = con.execute(
        "select count(*) from restricted_staging.stg_quality__reconciliation where not is_reconciled").fetchall()
    assert unreconciled[0][0] == 0


def test_an_absent_required_source_still_stops_the_build(crm_only, dbt_project):
    data = crm_only["tmp"] / "no_crm"
    shutil.copytree(crm_only["tmp"] / "data", data)
    (data / "crm_customers.csv").unlink()
    proc = dbt_project(crm_only["tmp"] / "run_no_crm", data, threads=THREADS, memory_limit="2GB").run(
        "run", "--select", "base_crm__customers", check=False)
    assert proc.returncode != 0
    assert "Raw file missing" in proc.stdout and "crm_customers.csv" in proc.stdout
