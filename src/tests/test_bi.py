"""The BI layer on the demo data (docs/marts.md, "BI"): what a BI user opens.

One warehouse in a temp dir, built once from data/demo read in place (`dbt build`: models, seeds, snapshots and
their tests, so the run history holds every kind of node):

1. the file `publish_bi_database` writes opens in a DuckDB 1.4 client (the version bundled by Evidence's
   connector), installed into a throwaway venv cached under pytest's cache dir, with the warehouse's row counts;
2. the semantic layer: `mf validate-configs` passes, and `mf query` gives the numbers that SQL written directly on
   the marts gives (weekly revenue by channel, orders, AOV; monthly active / new / returning customers; session
   conversion and email rates; revenue and repeat-purchase rate per RFM segment);
3. observability: the on-run-end hook recorded every node result of the build in audit.dbt_run_results (and a
   later run appends), `dbt source freshness` passes / warns / errors with the age of an export file, and the daily
   volume check flags the days an independent Python computation flags.

One full demo build plus a `pip install duckdb==1.4.*` the first time: about three minutes on two cores.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import DbtProject

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = REPO_ROOT / "data" / "demo"
DBT_TIMEOUT_SECONDS = 1800
# the oldest DuckDB that must open the published file (var bi_database_storage_version = v1.4.0)
OLD_DUCKDB_REQUIREMENT = "duckdb==1.4.*"
COUNTED_MARTS = ["customer_360", "customer_segments", "fct_orders", "fct_order_items", "fct_web_sessions"]


BUILD_RESULTS = "build_run_results.json"  # the fixture's build: later commands overwrite target/run_results.json


def publish(warehouse: DbtProject, name: str = "customer360_bi.duckdb") -> Path:
    path = warehouse.run_dir / name
    warehouse.run("run-operation", "publish_bi_database", "--args", json.dumps({"path": str(path)}))
    return path


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, dbt_project) -> DbtProject:
    built = dbt_project(tmp_path_factory.mktemp("bi"), DEMO_DATA)
    built.run("deps")
    built.run("build")
    shutil.copyfile(built.target_path / "run_results.json", built.run_dir / BUILD_RESULTS)
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


def test_published_bi_file_opens_in_duckdb_1_4(warehouse: DbtProject, old_duckdb_python: Path) -> None:
    published = publish(warehouse)
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


# ------------------------------------------------------------------------------------ 2. semantic layer
MF = str(Path(sys.executable).with_name("mf"))


def mf_project(warehouse: DbtProject) -> Path:
    """A project root for `mf`: links to the repository's files beside the warehouse's own target/.

    MetricFlow reads `<project root>/target/semantic_manifest.json` (it ignores DBT_TARGET_PATH): pointing it at the
    repository would read whatever a developer last parsed, so it runs in the warehouse's directory, whose target/ the
    build above wrote."""
    for item in REPO_ROOT.iterdir():
        link = warehouse.run_dir / item.name
        if item.name not in {"target", "logs", ".git", ".venv"} and not item.name.endswith((".duckdb", ".wal")):
            if not link.exists():
                link.symlink_to(item)
    assert (warehouse.run_dir / "target" / "semantic_manifest.json").exists()
    return warehouse.run_dir


def mf(warehouse: DbtProject, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [MF, *args], cwd=mf_project(warehouse), env=warehouse.env, capture_output=True, text=True,
        timeout=DBT_TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, f"mf {' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


def mf_query(warehouse: DbtProject, metrics: list[str], group_by: list[str]) -> list[dict[str, str]]:
    out = warehouse.run_dir / f"mf_{len(list(warehouse.run_dir.glob('mf_*.csv')))}.csv"
    args = ["query", "--metrics", ",".join(metrics), "--csv", str(out)]
    if group_by:
        args += ["--group-by", ",".join(group_by)]
    mf(warehouse, *args)
    with out.open(newline="") as handle:
        return list(csv.DictReader(handle))


def number(value: str | None) -> float | None:
    return None if value in (None, "") else float(value)


def by_key(rows: list[dict[str, str]], key: str, metrics: list[str]) -> dict[str, tuple]:
    """{group value (metric_time as YYYY-MM-DD): (metric values...)} of an mf query's CSV rows."""
    return {
        (row[key] or "")[: 10 if key.startswith("metric_time") else None]: tuple(number(row[m]) for m in metrics)
        for row in rows
    }


def close(left: dict, right: dict) -> bool:
    if left.keys() != right.keys():
        return False
    return all(
        all((a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-6) for a, b in zip(l, r))
        for key in left for l, r in [(left[key], right[key])]
    )


def test_semantic_layer_validates(warehouse: DbtProject) -> None:
    result = mf(warehouse, "validate-configs")
    assert "ERRORS: 0" in result.stdout and "Successfully validated metrics against data warehouse" in result.stdout


def test_weekly_revenue_orders_and_aov_match_sql(warehouse: DbtProject) -> None:
    metrics = ["revenue", "revenue_online", "revenue_store", "orders", "average_order_value"]
    got = by_key(mf_query(warehouse, metrics, ["metric_time__week"]), "metric_time__week", metrics)
    expected = {
        str(week)[:10]: tuple(None if v is None else float(v) for v in values)
        for week, *values in warehouse.query(
            "select date_trunc('week', order_date) as week, sum(revenue_reporting), "
            "sum(case when channel = 'online' then revenue_reporting end), "
            "sum(case when channel = 'store' then revenue_reporting end), "
            "count(*) filter (where status = 'completed'), "
            "sum(revenue_reporting) / nullif(count(*) filter (where status = 'completed'), 0) "
            "from marts.fct_orders group by 1"
        )
    }
    assert len(expected) > 100
    assert close(got, expected)


def test_monthly_active_new_and_returning_customers_match_sql(warehouse: DbtProject) -> None:
    metrics = ["active_customers", "new_customers", "returning_customers"]
    got = by_key(mf_query(warehouse, metrics, ["metric_time__month"]), "metric_time__month", metrics)
    # returning computed independently: buyers of the month whose first completed order is in an earlier month
    rows = warehouse.query(
        """
        with completed as (
            select customer_id, order_date, date_trunc('month', order_date) as month
            from marts.fct_orders where status = 'completed' and customer_id is not null
        ),
        firsts as (select customer_id, date_trunc('month', min(order_date)) as first_month from completed group by 1)
        select c.month, count(distinct c.customer_id),
               count(distinct c.customer_id) filter (where f.first_month = c.month),
               count(distinct c.customer_id) filter (where f.first_month < c.month)
        from completed as c inner join firsts as f using (customer_id) group by 1
        """
    )
    expected = {str(month)[:10]: (float(a), float(n), float(r)) for month, a, n, r in rows}
    assert sum(r for _, _, r in expected.values()) > 0
    assert close(got, expected)


def test_rates_match_sql(warehouse: DbtProject) -> None:
    metrics = ["session_conversion_rate", "email_open_rate", "email_click_rate", "email_unsubscribe_rate"]
    got = mf_query(warehouse, metrics, [])
    assert len(got) == 1
    sessions = warehouse.query("select avg(case when has_purchase then 1.0 else 0 end) from marts.fct_web_sessions")[0]
    pairs = warehouse.query(
        "select "
        + ", ".join(
            f"count(distinct case when event_type = '{kind}' then campaign_id || '|' || email_pseudonym end)"
            for kind in ["sent", "open", "click", "unsubscribe"]
        )
        + " from marts.fct_email_events"
    )[0]
    expected = (float(sessions[0]), pairs[1] / pairs[0], pairs[2] / pairs[0], pairs[3] / pairs[0])
    assert 0 < expected[0] < 1 and 0 < expected[2] < expected[1] < 1
    assert close({"": tuple(number(got[0][m]) for m in metrics)}, {"": expected})


def test_revenue_per_segment_and_repeat_purchase_rate_match_sql(warehouse: DbtProject) -> None:
    metrics = ["revenue", "repeat_purchase_rate"]
    got = by_key(mf_query(warehouse, metrics, ["customer__rfm_segment"]), "customer__rfm_segment", metrics)
    rows = warehouse.query(
        """
        with revenue as (
            select s.rfm_segment, sum(o.revenue_reporting) as revenue
            from marts.fct_orders as o left join marts.customer_segments as s using (customer_id) group by 1
        ),
        repeat as (
            select rfm_segment,
                   count(*) filter (where completed_order_count >= 2) / nullif(count(first_order_date), 0) as rate
            from marts.customer_segments group by 1
        )
        select coalesce(r.rfm_segment, p.rfm_segment), r.revenue, p.rate
        from revenue as r full join repeat as p on r.rfm_segment is not distinct from p.rfm_segment
        """
    )
    expected = {
        (segment or ""): (None if revenue is None else float(revenue), None if rate is None else float(rate))
        for segment, revenue, rate in rows
    }
    assert {"champions", "lost", "no_purchase"} <= expected.keys()
    assert close(got, expected)


# ------------------------------------------------------------------------------------- 3. observability
def test_run_history_appends_every_node_result(warehouse: DbtProject) -> None:
    # the fixture's `dbt build` was recorded by the on-run-end hook: one row per node result of run_results.json
    built = json.loads((warehouse.run_dir / BUILD_RESULTS).read_text())
    invocation = built["metadata"]["invocation_id"]
    history = {
        unique_id: (status, failures)
        for unique_id, status, failures in warehouse.query(
            "select unique_id, status, failures from audit.dbt_run_results where invocation_id = ?", [invocation]
        )
    }
    # (run_results.json also lists the project hooks themselves, which the on-run-end `results` do not)
    expected = {
        r["unique_id"]: (r["status"], r["failures"])
        for r in built["results"]
        if not r["unique_id"].startswith("operation.")
    }
    assert len(expected) > 500 and history == expected
    assert warehouse.query(
        "select distinct command from audit.dbt_run_results where invocation_id = ?", [invocation]
    ) == [("build",)]
    # the volume check's warn is recorded with its failing-row count
    warned = [uid for uid, (status, _) in history.items() if status == "warn"]
    assert any("source_daily_volume" in uid for uid in warned)
    # a second run appends (never replaces), a full refresh keeps the history
    before = warehouse.query("select count(*), count(distinct invocation_id) from audit.dbt_run_results")[0]
    warehouse.run("run", "--select", "metricflow_time_spine", "--full-refresh")
    after = warehouse.query("select count(*), count(distinct invocation_id) from audit.dbt_run_results")[0]
    assert after == (before[0] + 1, before[1] + 1)
    last = warehouse.query(
        "select unique_id, status, rows_affected is null or rows_affected >= 0, execution_seconds >= 0 "
        "from audit.dbt_run_results where invocation_id = ?", [warehouse.run_results()["metadata"]["invocation_id"]]
    )
    assert last == [("model.customer360.metricflow_time_spine", "success", True, True)]


def test_source_freshness_uses_the_export_files_delivery_time(warehouse: DbtProject, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    # freshness reads only the delivery time of the four event exports: copies that landed an hour ago, except
    # web_events, whose age each check sets
    now = time.time()
    for name in ["web_events", "email_events", "shop_orders", "pos_transactions"]:
        shutil.copyfile(DEMO_DATA / f"{name}.csv", exports / f"{name}.csv")
        os.utime(exports / f"{name}.csv", (now - 3600, now - 3600))
    web_events = exports / "web_events.csv"
    fresh = warehouse.replace(raw_data_path=exports)

    def freshness(age_hours: float) -> tuple[int, dict[str, str]]:
        os.utime(web_events, (now - age_hours * 3600, now - age_hours * 3600))
        result = fresh.run("source", "freshness", check=False)
        sources = json.loads((warehouse.target_path / "sources.json").read_text())
        return result.returncode, {r["unique_id"].split(".", 2)[2]: r["status"] for r in sources["results"]}

    # the four event sources are checked; a file that landed an hour ago passes, 30 h warns, 3 days errors
    code, statuses = freshness(1)
    assert code == 0 and statuses["web.web_events"] == "pass"
    assert set(statuses) == {"web.web_events", "esp.email_events", "shop.shop_orders", "pos.pos_transactions"}
    assert freshness(30) == (0, {**statuses, "web.web_events": "warn"})
    code, statuses = freshness(72)
    assert code != 0 and statuses["web.web_events"] == "error"


def test_daily_volume_check_matches_an_independent_computation(warehouse: DbtProject) -> None:
    window, stddevs, min_history = 28, 3, 14  # defaults of the volume_check_* vars
    # the demo's erasure requests are carried out by the on-run-end purge of the build that first sees them, after
    # the mart counted the staged rows: rebuilt, it counts what staging holds now (as every later build does)
    warehouse.run("run", "--select", "source_daily_volume")
    days = warehouse.query(
        "select cast(event_date as date), count(*) from restricted_staging.stg_web__events "
        "where event_date is not null group by 1 order by 1"
    )
    counts = dict(days)
    first, last = days[0][0], days[-1][0]
    series = [counts.get(first + timedelta(days=i), 0) for i in range((last - first).days + 1)]
    expected = set()
    for i, count in enumerate(series):
        history = series[max(0, i - window) : i]
        if len(history) >= min_history:
            mean, sd = statistics.fmean(history), statistics.stdev(history)
            if abs(count - mean) > stddevs * sd:
                expected.add(first + timedelta(days=i))
    rows = warehouse.query(
        "select volume_date, row_count, is_volume_anomaly from marts.source_daily_volume "
        "where source_name = 'web_events' order by 1"
    )
    assert [count for _, count, _ in rows] == series
    assert {day for day, _, anomaly in rows if anomaly} == expected
    assert {name for (name,) in warehouse.query("select distinct source_name from marts.source_daily_volume")} == {
        "web_events", "email_events", "shop_orders", "pos_transactions",
    }
