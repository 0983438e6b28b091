"""Marts on the demo data (docs/marts.md): checks dbt's own tests cannot make alone.

One warehouse in a temp dir, built from data/demo read in place (nothing in the repository is written):

1. no personal value of the golden profile or the staged person records (emails, phones, names, streets, full
   postal codes, crm ids, loyalty cards, cookies) is a cell of a text column of the customer marts;
2. sessionization agrees with an independent Python implementation of the rule (a gap of more than
   `session_inactivity_minutes` per anonymous_id starts a session) run on the staged web events;
3. revenue, returned revenue and order counts of fct_orders equal the staged online orders and store sales
   (rounded to the cent per order), and the unattributed share is what the crosswalk leaves unmatched;
4. the reference date: by default the latest activity date; with var `segment_reference_date` set earlier,
   customer_segments only counts activity up to it (rebuilt with the var, then restored).

One full build of the demo data plus a rebuild of customer_segments: a few minutes on two cores.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest

if TYPE_CHECKING:
    from conftest import DbtProject

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = REPO_ROOT / "data" / "demo"
SESSION_INACTIVITY_MINUTES = 30  # the default of var session_inactivity_minutes
MART_MODELS = ["customer_360", "customer_segments", "fct_orders", "fct_order_items", "fct_web_sessions", "fct_email_events"]
SELECTION = ["path:models/marts/core", "path:models/marts/customers"]
OWN_SELECTION = [*SELECTION, "path:models/intermediate/marts_prep", "path:tests/marts"]


def columns(warehouse: DbtProject, schema: str, table: str) -> list[tuple[str, str]]:
    return warehouse.query(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, dbt_project) -> DbtProject:
    built = dbt_project(tmp_path_factory.mktemp("marts"), DEMO_DATA)
    built.run("deps")
    built.run("seed")
    # the marts and everything upstream of them (contracts are enforced while building), then the tests of
    # this area: its data tests, singular tests and unit tests (other areas test their own models)
    built.run("run", "--select", *[f"+{selector}" for selector in SELECTION])
    built.run("test", "--select", *OWN_SELECTION, "--indirect-selection", "cautious")
    return built


# ------------------------------------------------------------------------------------------------- 1. PII
def personal_values(warehouse: DbtProject) -> set[str]:
    """Lower-cased personal values found in the restricted layers (golden profile and staged person records)."""
    queries = [
        "select email, phone_e164, first_name, last_name, street, postal_code, cast(birth_date as varchar) "
        "from restricted_intermediate.int_customers__golden_profile",
        "select email, email_raw, phone_e164, phone_raw, first_name, last_name, street, postal_code, crm_id "
        "from restricted_staging.stg_crm__customers",
        "select email, phone_e164, first_name, last_name, card_number, postal_code from restricted_staging.stg_pos__loyalty_members",
        "select email, phone_e164, shipping_first_name, shipping_last_name, shipping_street, shipping_postal_code "
        "from restricted_staging.stg_shop__orders",
        "select distinct anonymous_id from restricted_staging.stg_web__events",
        "select distinct email from restricted_staging.stg_esp__email_events",
    ]
    values: set[str] = set()
    for sql in queries:
        for row in warehouse.query(sql):
            values.update(str(value).strip().lower() for value in row if value is not None and len(str(value).strip()) >= 3)
    return values


def test_customer_marts_hold_no_personal_value(warehouse: DbtProject) -> None:
    personal = personal_values(warehouse)
    assert len(personal) > 1000, "the restricted layers should hold thousands of personal values"
    leaks: dict[str, int] = {}
    with duckdb.connect(str(warehouse.warehouse), read_only=True) as con:
        con.execute("create temp table personal_values (value varchar)")
        con.executemany("insert into personal_values values (?)", [[value] for value in sorted(personal)])
        for model in MART_MODELS:
            for column, data_type in columns(warehouse, "marts", model):
                if data_type.upper() != "VARCHAR":
                    continue
                hits = con.execute(
                    f'select count(*) from marts.{model} as mart inner join personal_values '
                    f'on lower(trim(mart."{column}")) = personal_values.value'
                ).fetchall()[0][0]
                if hits:
                    leaks[f"{model}.{column}"] = hits
        # the scan can see a leak: a raw email of the golden profile is in the personal values
        known = con.execute(
            "select count(*) from restricted_intermediate.int_customers__golden_profile as golden "
            "inner join personal_values on lower(golden.email) = personal_values.value"
        ).fetchall()[0][0]
    assert known > 0
    assert leaks == {}, f"personal values found in BI-facing marts: {leaks}"
    # and no column carries a name that announces raw personal data
    forbidden = {"email", "phone", "phone_e164", "first_name", "last_name", "street", "birth_date", "anonymous_id", "crm_id"}
    for model in MART_MODELS:
        names = {column for column, _ in columns(warehouse, "marts", model)}
        assert not names & forbidden, f"{model} exposes {names & forbidden}"


# ---------------------------------------------------------------------------------------- 2. sessions
def python_sessions(events: list[tuple[str, str, datetime]], gap_minutes: int) -> dict[str, tuple[str, int]]:
    """event_id -> (anonymous_id, session_number): the rule written independently of the SQL."""
    by_cookie: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    for event_id, anonymous_id, event_at in events:
        by_cookie[anonymous_id].append((event_at, event_id))
    sessions = {}
    gap = timedelta(minutes=gap_minutes)
    for anonymous_id, cookie_events in by_cookie.items():
        number, previous = 0, None
        for event_at, event_id in sorted(cookie_events):
            if previous is None or event_at - previous > gap:
                number += 1
            sessions[event_id] = (anonymous_id, number)
            previous = event_at
    return sessions


def test_sessionization_matches_an_independent_implementation(warehouse: DbtProject) -> None:
    staged = warehouse.query("select event_id, anonymous_id, event_at_utc from restricted_staging.stg_web__events")
    expected = python_sessions(staged, SESSION_INACTIVITY_MINUTES)
    actual = {
        event_id: (anonymous_id, session_number)
        for event_id, anonymous_id, session_number in warehouse.query(
            "select event_id, anonymous_id, session_number from restricted_intermediate.int_web_events__sessionized"
        )
    }
    assert len(actual) > 10_000
    # every sessionized event is a staged event in the session the rule puts it in (the marts leave out the
    # events of erased customers; after the build's purge staging holds none of them either)
    mismatches = {event_id: (expected.get(event_id), got) for event_id, got in actual.items() if expected.get(event_id) != got}
    assert not mismatches, f"{len(mismatches)} events in another session, e.g. {list(mismatches.items())[:5]}"
    assert set(expected) == set(actual)
    # and fct_web_sessions has one row per (cookie, session)
    expected_sessions = len(set(expected.values()))
    assert warehouse.query("select count(*) from marts.fct_web_sessions")[0][0] == expected_sessions
    multi_session_cookies = sum(1 for _, number in set(expected.values()) if number == 2)
    assert multi_session_cookies > 100, "the demo data should exercise the 30-minute split"


# ----------------------------------------------------------------------------------------- 3. revenue
def test_order_revenue_matches_staging(warehouse: DbtProject) -> None:
    staged = warehouse.query(
        """
        select 'online', status, count(*), sum(round(order_total_reporting, 2))
        from restricted_staging.stg_shop__orders group by 1, 2
        union all
        select 'store', 'completed', count(*), sum(round(total_amount_reporting, 2))
        from restricted_staging.stg_pos__transactions group by 1, 2
        """
    )
    marts = {
        (channel, status): (count, revenue, returned)
        for channel, status, count, revenue, returned in warehouse.query(
            "select channel, status, count(*), sum(revenue_reporting), sum(returned_revenue_reporting) "
            "from marts.fct_orders group by 1, 2"
        )
    }
    assert {(channel, status) for channel, status, _, _ in staged} == set(marts)
    for channel, status, count, amount in staged:
        mart_count, revenue, returned = marts[(channel, status)]
        assert mart_count == count, (channel, status)
        assert revenue == (amount if status == "completed" else Decimal("0.00")), (channel, status)
        assert returned == (amount if status == "returned" else Decimal("0.00")), (channel, status)
    # attribution: an order has a customer exactly when the crosswalk holds it
    unmatched = warehouse.query(
        """
        select count(*) from marts.fct_orders as orders
        left join restricted_intermediate.int_identity__crosswalk as crosswalk
            on crosswalk.source_name = case orders.channel when 'online' then 'shop_orders' else 'pos_transactions' end
            and crosswalk.source_record_id = orders.order_id
        where (crosswalk.customer_id is null) <> (orders.customer_id is null)
            or crosswalk.customer_id <> orders.customer_id
        """
    )[0][0]
    assert unmatched == 0
    # store sales without a loyalty card are unattributable: they must be there, unattributed
    cardless = warehouse.query("select count(*) from restricted_staging.stg_pos__transactions where card_number is null")[0][0]
    unattributed_store = warehouse.query(
        "select count(*) from marts.fct_orders where channel = 'store' and customer_id is null"
    )[0][0]
    assert cardless > 0 and unattributed_store >= cardless


# ------------------------------------------------------------------------------------ 4. reference date
def test_reference_date_defaults_to_latest_activity_and_can_be_set(warehouse: DbtProject) -> None:
    latest = warehouse.query(
        """
        select max(activity_date) from (
            select max(order_date) as activity_date from marts.fct_orders
            union all select max(session_date) from marts.fct_web_sessions
            union all select max(event_date) from marts.fct_email_events
        ) as dates
        """
    )[0][0]
    assert warehouse.query("select distinct reference_date from marts.customer_segments") == [(latest,)]
    assert warehouse.query("select distinct reference_date from marts.customer_360") == [(latest,)]

    cut_off = latest - timedelta(days=180)
    buyers_before = warehouse.query(
        "select count(distinct customer_id) from marts.fct_orders "
        "where customer_id is not null and status = 'completed' and order_date <= ?",
        [cut_off],
    )[0][0]
    try:
        warehouse.run(
            "run", "--select", "int_reference_date__resolved", "customer_segments",
            vars={"segment_reference_date": cut_off.isoformat()},
        )
        assert warehouse.query("select distinct reference_date from marts.customer_segments") == [(cut_off,)]
        rows = warehouse.query(
            "select count(*), count(recency_score), max(last_order_date), min(recency_days) from marts.customer_segments"
        )[0]
        customers, buyers, last_order, min_recency = rows
        assert customers == warehouse.query("select count(*) from marts.customer_360")[0][0]
        assert buyers == buyers_before
        assert last_order <= cut_off and min_recency >= 0
    finally:
        warehouse.run("run", "--select", "int_reference_date__resolved", "customer_segments")
    assert warehouse.query("select distinct reference_date from marts.customer_segments") == [(latest,)]


# ------------------------------------------------------------------------------------- 5. BI publication
def test_published_bi_database_holds_only_the_marts(warehouse: DbtProject) -> None:
    published = warehouse.run_dir / "customer360_bi.duckdb"
    warehouse.run("run-operation", "publish_bi_database", "--args", json.dumps({"path": str(published)}))
    expected = {
        (table, warehouse.query(f'select count(*) from marts."{table}"')[0][0])
        for (table,) in warehouse.query("select table_name from duckdb_tables() where schema_name = 'marts'")
    }
    with duckdb.connect(str(published), read_only=True) as con:
        schemas = {row[0] for row in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
        tables = {
            (table, con.execute(f'select count(*) from marts."{table}"').fetchall()[0][0])
            for (table,) in con.execute("select table_name from duckdb_tables()").fetchall()
        }
        comments = con.execute(
            "select count(*), count(comment) from duckdb_columns() where table_name = 'customer_360'"
        ).fetchall()[0]
        try:
            con.execute("create table marts.should_fail as select 1 as x")
            writable = True
        except duckdb.Error:
            writable = False
    assert schemas == {"marts"}
    assert tables == expected and {name for name, _ in tables} >= set(MART_MODELS)
    assert comments[0] > 50 and comments[0] == comments[1], "every customer_360 column keeps its description"
    assert not writable
