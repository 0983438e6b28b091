"""Staging layer against the generator's ground truth (models/staging, docs/validation_rules.md).

1. A ~20k-customer data set is generated into a temp dir and the staging layer (seeds + models) is built into a
   temp warehouse: the quarantine holds, per source and rule, exactly the rows the generator broke on purpose
   (`_truth/injected_defects.csv`): same counts, and the same records where both sides name a record the same
   way; every source reconciles (raw rows = staged + rejected + exact duplicates).
2. The bundled demo data: the same checks, with every data test of the staging models and the singular test
   `assert_staging_reconciles`, which must also fail when a staged row goes missing.
3. A partial export: a missing optional column builds (NULL), a missing required column and a missing file stop
   the build with an error naming the file and the column.
4. A newline-delimited JSON export stages like CSV.

The repository is never written to: data, warehouses and dbt artefacts live in pytest temp dirs.
About 3 minutes on two cores.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest

from customer360.raw_sources import source_names

if TYPE_CHECKING:
    from conftest import DbtProject

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = REPO_ROOT / "data" / "demo"
DBT_TIMEOUT_SECONDS = 1200
STAGING = "+path:models/staging"  # the staging models and what they read (the reference seeds)
LARGE_CUSTOMERS = 20_000
LARGE_SEED = 3
SOURCES = source_names()  # every raw table of the sources YAML (customer360.raw_sources)
# sources whose quarantined source_record_id is the generator's record key as well (record-level comparison);
# web events are compared on the event id (their source_record_id is the cookie), email events have no id
SAME_RECORD_IDS = {
    "crm_customers", "loyalty_members", "shop_orders", "shop_order_items", "pos_transactions",
    "pos_transaction_items", "consent_events",
}


# --------------------------------------------------------------------------------------------- helpers
_DBT: dict[str, DbtProject] = {}  # the module's dbt runner (fixture dbt_dirs)


def run_dbt(args: list[str], raw_path: Path, fmt: str = "csv", check: bool = True) -> subprocess.CompletedProcess:
    """dbt in the repository (the conftest runner), isolated in temp dirs, on the active warehouse.

    Every run uses the same profile settings (one warehouse path: saved warehouses are copied in and out) and the
    same target dir, and takes the raw-data directory from env var CUSTOMER360_RAW_DATA_PATH rather than a var:
    so dbt re-parses only the sources files between runs instead of the whole project.
    """
    dbt = _DBT["project"].replace(raw_data_path=raw_path, vars={"raw_data_format": fmt} if fmt != "csv" else {})
    return dbt.run(*args, check=check)


def active_warehouse() -> Path:
    return _DBT["project"].warehouse


def save_warehouse(name: str) -> Path:
    """Keep a copy of the active warehouse (dbt has exited: the file is complete)."""
    saved = _DBT["project"].run_dir / f"{name}.duckdb"
    shutil.copy(active_warehouse(), saved)
    return saved


def load_warehouse(saved: Path | None) -> Path:
    """Make a copy of a saved warehouse (or an empty one) the active warehouse."""
    active_warehouse().unlink(missing_ok=True)
    Path(str(active_warehouse()) + ".wal").unlink(missing_ok=True)
    if saved is not None:
        shutil.copy(saved, active_warehouse())
    return active_warehouse()


def generate(out: Path, customers: int, seed: int, fmt: str = "csv") -> Path:
    subprocess.run(
        [sys.executable, "-m", "customer360.generate", "--customers", str(customers), "--seed", str(seed),
         "--out", str(out), "--format", fmt, "--quiet"],
        check=True, cwd=REPO_ROOT, timeout=DBT_TIMEOUT_SECONDS,
    )
    return out


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql(sql).fetchall()


def injected_defects(data: Path) -> list[dict[str, str]]:
    with open(data / "_truth" / "injected_defects.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def quarantine_rows(warehouse: Path) -> list[tuple[str, str, str, str]]:
    return query(warehouse, """
        select source_name, rule_name, source_record_id, record_key
        from restricted_staging.stg_quality__quarantine
    """)


def assert_quarantine_matches_truth(warehouse: Path, data: Path, sources: set[str] | None = None) -> None:
    truth = [d for d in injected_defects(data) if sources is None or d["source_name"] in sources]
    quarantined = [q for q in quarantine_rows(warehouse) if sources is None or q[0] in sources]
    assert truth, "the generator injected no defects"
    expected = Counter((d["source_name"], d["rule_name"]) for d in truth)
    actual = Counter((q[0], q[1]) for q in quarantined)
    differences = {k: (actual.get(k, 0), expected.get(k, 0)) for k in expected.keys() | actual.keys()
                   if actual.get(k, 0) != expected.get(k, 0)}
    assert not differences, f"(source, rule): (quarantined, injected) differ: {sorted(differences.items())}"
    # the same records, where both sides name them the same way
    expected_ids = Counter((d["source_name"], d["rule_name"], d["source_record_id"]) for d in truth
                           if d["source_name"] in SAME_RECORD_IDS | {"web_events"})
    actual_ids = Counter(
        (s, r, key.split(":", 1)[1] if s == "web_events" else record_id)
        for s, r, record_id, key in quarantined if s in SAME_RECORD_IDS | {"web_events"}
    )
    assert actual_ids == expected_ids, (
        f"quarantined but not injected: {sorted((actual_ids - expected_ids).elements())[:10]}; "
        f"injected but not quarantined: {sorted((expected_ids - actual_ids).elements())[:10]}"
    )


def assert_reconciled(warehouse: Path, sources: list[str] = SOURCES) -> None:
    rows = query(warehouse, """
        select source_name, raw_rows, staged_rows, rejected_rows, malformed_rows, exact_duplicate_rows, erased_rows,
            is_reconciled
        from restricted_staging.stg_quality__reconciliation
    """)
    by_source = {r[0]: r for r in rows}
    assert sorted(by_source) == sorted(sources)
    for name, raw, staged, rejected, malformed, duplicates, erased, ok in rows:
        assert raw > 0, name
        # the generator writes well-formed files: no line is malformed
        assert malformed == 0, name
        assert raw == staged + rejected + duplicates + erased and ok, (name, raw, staged, rejected, duplicates)


def raw_row_count(path: Path) -> int:
    with duckdb.connect() as con:
        return con.sql(f"select count(*) from read_csv('{path.as_posix()}', all_varchar=true)").fetchall()[0][0]


# --------------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module", autouse=True)
def dbt_dirs(tmp_path_factory, dbt_project):
    root = tmp_path_factory.mktemp("staging_dbt")
    _DBT["project"] = dbt_project(root, warehouse=root / "active.duckdb", timeout_seconds=DBT_TIMEOUT_SECONDS)
    yield
    _DBT.clear()


@pytest.fixture(scope="module")
def large_build(tmp_path_factory):
    data = generate(tmp_path_factory.mktemp("staging_large") / "data", LARGE_CUSTOMERS, LARGE_SEED)
    load_warehouse(None)
    run_dbt(["build", "--select", STAGING, "--resource-type", "seed", "model"], data)
    return save_warehouse("large"), data


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory):
    """The demo data with every data test of the staging layer (unit tests run in the project's own build)."""
    data = tmp_path_factory.mktemp("staging_demo") / "demo"
    shutil.copytree(DEMO_DATA, data)
    load_warehouse(None)
    run_dbt(["build", "--select", STAGING, "path:tests/staging", "--indirect-selection", "cautious",
             "--exclude-resource-type", "unit_test"], data)
    return save_warehouse("demo"), data


# --------------------------------------------------------------------------------------------- tests
def test_large_quarantine_equals_injected_defects(large_build):
    warehouse, data = large_build
    assert_quarantine_matches_truth(warehouse, data)


def test_large_every_source_reconciles(large_build):
    warehouse, data = large_build
    assert_reconciled(warehouse)
    # the raw side is the file itself
    raw = dict(query(warehouse, "select source_name, raw_rows from restricted_staging.stg_quality__reconciliation"))
    assert raw["crm_customers"] == raw_row_count(data / "crm_customers.csv")
    # exact duplicates were injected into every file and removed once each
    duplicates = dict(query(warehouse, """
        select source_name, exact_duplicate_rows from restricted_staging.stg_quality__reconciliation
    """))
    assert all(duplicates[s] > 0 for s in ("crm_customers", "web_events", "email_events", "shop_orders"))


def test_large_staged_records_are_unique_and_clean(large_build):
    warehouse, _ = large_build
    for model in ("stg_crm__customers", "stg_web__events", "stg_shop__orders", "stg_esp__email_events"):
        total, distinct = query(warehouse, f"""
            select count(*), count(distinct record_key) from restricted_staging.{model}
        """)[0]
        assert total == distinct > 0, model
    bad_emails = query(warehouse, """
        select count(*) from restricted_staging.stg_crm__customers
        where email <> lower(trim(email)) or (email is null) <> not coalesce(is_valid_email, false)
    """)[0][0]
    assert bad_emails == 0
    # quarantined rows keep the offending raw value and the whole raw row
    missing = query(warehouse, """
        select count(*) from restricted_staging.stg_quality__quarantine
        where raw_record is null or rejected_column is null
            or (rejected_value is null and rule_name <> 'missing_required_field')
    """)[0][0]
    assert missing == 0


def test_demo_quarantine_equals_injected_defects(demo_build):
    warehouse, data = demo_build
    assert_quarantine_matches_truth(warehouse, data)


def test_demo_every_source_reconciles(demo_build):
    warehouse, _ = demo_build
    assert_reconciled(warehouse)


def test_reconciliation_test_fails_when_a_row_goes_missing(demo_build):
    saved, data = demo_build
    warehouse = load_warehouse(saved)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("""
            delete from restricted_staging.stg_crm__customers
            where record_key = (select min(record_key) from restricted_staging.stg_crm__customers)
        """)
    # rebuild the reconciliation (a table) on the tampered staging model, then test it
    proc = run_dbt(["build", "--select", "stg_quality__reconciliation", "assert_staging_reconciles"], data,
                   check=False)
    assert proc.returncode != 0
    assert "FAIL 1 assert_staging_reconciles" in proc.stdout.replace("  ", " ")


def test_partial_export(demo_build, tmp_path):
    """One export, three defects: optional columns missing (builds, NULL), a required column missing and the file of
    a required source missing (each model stops with an error naming the file and the column)."""
    saved, data = demo_build
    partial = tmp_path / "export"
    shutil.copytree(data, partial, ignore=shutil.ignore_patterns("_truth"))
    with duckdb.connect() as con:
        for table, dropped in {"crm_customers": "gender, updated_at, phone", "shop_orders": "order_total"}.items():
            path = (partial / f"{table}.csv").as_posix()
            con.execute(f"copy (select * exclude ({dropped}) from read_csv('{path}', all_varchar=true)) to '{path}'")
    (partial / "loyalty_members.csv").unlink()
    warehouse = load_warehouse(saved)
    # loyalty_members is optional by default (var raw_optional_sources: an absent file builds empty, see
    # test_source_subsets); declared required here, its missing file must stop the build
    proc = run_dbt(["run", "--select", "base_crm__customers", "stg_crm__customers", "base_shop__orders",
                    "base_pos__loyalty_members", "--vars", "{raw_optional_sources: []}"], partial, check=False)
    assert proc.returncode != 0
    out = proc.stdout
    assert "shop_orders.csv' (source shop.shop_orders) lacks required column(s): order_total" in out
    assert "Raw file missing: '" in out and "loyalty_members.csv' (source pos.loyalty_members)" in out
    assert "OK created sql table model restricted_staging.stg_crm__customers" in out
    total, with_gender, with_phone, with_email = query(warehouse, """
        select count(*), count(gender), count(phone_raw), count(email) from restricted_staging.stg_crm__customers
    """)[0]
    assert total > 1000 and with_gender == 0 and with_phone == 0 and with_email > 1000


def test_json_export_stages_like_csv(tmp_path):
    """Newline-delimited JSON goes through read_json_objects (Parquet is read like CSV, typed columns cast)."""
    data = generate(tmp_path / "data", 300, 11, "json")
    selected = ["crm_customers", "email_events"]
    warehouse = load_warehouse(None)
    run_dbt(["build", "--select", "+base_crm__customers", "+base_esp__email_events", "--resource-type", "seed",
             "model"], data, fmt="json")
    truth = Counter((d["source_name"], d["rule_name"]) for d in injected_defects(data) if d["source_name"] in selected)
    rows = query(warehouse, """
        select 'crm_customers', rejection_rule, count(*) from restricted_staging.base_crm__customers group by all
        union all
        select 'email_events', rejection_rule, count(*) from restricted_staging.base_esp__email_events group by all
    """)
    rejected = Counter({(s, r): n for s, r, n in rows if r is not None})
    staged = Counter({s: n for s, r, n in rows if r is None})
    assert rejected == truth
    assert all(staged[s] > 200 for s in selected)
