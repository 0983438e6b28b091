"""Privacy by design on the demo data: erasure, consent withdrawal and the PII-leak test (docs/privacy.md).

One warehouse in a temp dir, built from a temp copy of data/demo (the repository is never written to):

1. build; pick a person with many records whose records all resolved to one customer (ground truth) and a
   second customer who is in the marketing audience with email-marketing consent;
2. append an erasure request for the first person's email (as typed in one of their records, upper case and
   padded, to exercise normalization) and a withdrawal of the second customer's email-marketing consent;
   build again;
3. the erased person is nowhere: every table and view of every schema (snapshots and the audit schema
   included) is searched for their emails, phones, names, crm ids, loyalty cards, order / transaction ids,
   cookies, enrichment keys and customer ids: zero hits; the erasure log records the request with row counts
   and nothing personal; the consent flag is false and the customer has left the audience;
4. `dbt build --full-refresh` with the old raw records still in the files: the person stays gone, the erasure
   log does not grow, reconciliation counts the dropped rows as erased;
5. the `no_raw_pii` test fails the build when the leak fixture (a mart exposing emails) is enabled, and passes
   again without it.

Three full builds of the demo data and two small dbt runs: about ten minutes on two cores. Marked `slow`
(`make test` skips it, `make test-all` runs it); the fast tests of the same guarantees: src/tests/test_rebuild.py
(after the build that processes the demo's erasure requests no mart holds an erased address; a second build
changes nothing) and src/tests/test_erasure_cascade.py (an erased person's identifiers are in no table of any
schema after one build, and stay gone after an incremental build and --full-refresh, reconciled as erased).
"""

from __future__ import annotations

import csv
import re
import shutil
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest

from customer360.raw_sources import person_source_names

if TYPE_CHECKING:
    from conftest import DbtProject

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = REPO_ROOT / "data" / "demo"
ERASURE_REQUEST_ID = "ER-PYTEST-0001"
CONSENT_EVENT_ID = "CE-PYTEST-0001"
AUDIENCE_MODEL = "email_audience"  # marts: who may be emailed (one row per eligible customer and campaign type)
SYSTEM_SCHEMAS = ("information_schema", "pg_catalog")
# a phone's national significant number: this many trailing digits are searched for
PHONE_DIGITS_SEARCHED = 9
# person-bearing raw files: record id column, identifier columns, (first, last) name columns
PERSON_SOURCES = {
    "crm_customers": ("crm_id", ["crm_id", "email", "phone"], [("first_name", "last_name")]),
    "loyalty_members": ("card_number", ["card_number", "email", "phone"], [("first_name", "last_name")]),
    "shop_orders": ("order_id", ["order_id", "crm_id", "email", "phone"], [("shipping_first_name", "shipping_last_name")]),
    "pos_transactions": ("transaction_id", ["transaction_id", "loyalty_card_number"], []),
    "web_events": ("anonymous_id", ["anonymous_id"], []),
    "enrichment_demographics": ("email_sha256", ["email_sha256"], []),
}


def test_person_sources_are_the_person_bearing_sources_of_the_yaml():
    """PERSON_SOURCES (with the columns this module searches) covers exactly the tables the sources YAML marks
    person_bearing"""
    assert sorted(PERSON_SOURCES) == person_source_names()


# --------------------------------------------------------------------------------------------- helpers
def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def append_csv_row(path: Path, row: dict[str, str]) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    ends_with_newline = path.read_bytes().endswith(b"\n")
    with path.open("a", newline="", encoding="utf-8") as handle:
        if not ends_with_newline:
            handle.write("\n")
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writerow({column: row.get(column, "") for column in header})


def fold(text: str) -> str:
    """Lower case, accents stripped, whitespace collapsed: how the scan compares names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def letters_only(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text))


def digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text or "")


@dataclass
class Person:
    """Everything the raw files hold about one ground-truth person."""

    person_id: str
    records: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # source -> record ids
    values: set[str] = field(default_factory=set)  # emails, ids, raw phones: searched as text
    phones: set[str] = field(default_factory=set)  # national significant numbers: searched as digits
    names: set[tuple[str, str]] = field(default_factory=set)  # (first, last) forms: both in one row
    emails: list[str] = field(default_factory=list)  # as typed, in file order


def load_people(data_dir: Path) -> dict[str, Person]:
    truth = read_csv(DEMO_DATA / "_truth" / "ground_truth.csv")
    person_of = {(row["source_name"], row["source_record_id"]): row["person_id"] for row in truth}
    people: dict[str, Person] = {}
    for source, (id_column, identifier_columns, name_columns) in PERSON_SOURCES.items():
        for row in read_csv(data_dir / f"{source}.csv"):
            person_id = person_of.get((source, row.get(id_column, "")))
            if person_id is None:
                continue
            person = people.setdefault(person_id, Person(person_id))
            person.records[source].add(row[id_column])
            for column in identifier_columns:
                value = (row.get(column) or "").strip()
                if not value:
                    continue
                if column == "phone":
                    if len(digits(value)) >= PHONE_DIGITS_SEARCHED:
                        person.phones.add(digits(value)[-PHONE_DIGITS_SEARCHED:])
                    person.values.add(value.lower())
                else:
                    person.values.add(value.lower())
                if column == "email":
                    person.emails.append(value)
            for first_column, last_column in name_columns:
                first, last = (row.get(first_column) or "").strip(), (row.get(last_column) or "").strip()
                if first and last:
                    person.names.add((fold(first), fold(last)))
                    person.names.add((letters_only(first), letters_only(last)))
    return people


def relations(warehouse: DbtProject) -> dict[tuple[str, str], list[str]]:
    """Every table and view of every schema (system schemas excepted) with its columns, in order."""
    rows = warehouse.query(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema not in ('information_schema', 'pg_catalog') order by 1, 2, ordinal_position"
    )
    tables: dict[tuple[str, str], list[str]] = defaultdict(list)
    for schema, table, column in rows:
        tables[(schema, table)].append(column)
    return tables


def scan_for(
    warehouse: DbtProject, person: Person, customer_ids: set[str], only: set[tuple[str, str]] | None = None
) -> list[str]:
    """Every relation (and what) in which a value of the person is still found: one pass per relation."""
    text_values = sorted(v for v in person.values | {c.lower() for c in customer_ids} if len(v) >= 4)
    checks: list[tuple[str, str, list]] = [
        (
            "identifier (email, phone as typed, id)",
            "regexp_matches(blob, ?)",
            ["(^|[^a-z0-9])(" + "|".join(re.escape(v) for v in text_values) + ")($|[^a-z0-9])"],
        )
    ]
    for number in sorted(person.phones):
        checks.append((f"phone number ...{number[-4:]}", "contains(digit_cells, ?)", [number]))
    for first, last in sorted(person.names):
        if len(first) >= 2 and len(last) >= 2:
            checks.append((
                f"name '{first} {last}'",
                "(regexp_matches(blob, ?) and regexp_matches(blob, ?))",
                [rf"(^|[^a-z]){re.escape(first)}($|[^a-z])", rf"(^|[^a-z]){re.escape(last)}($|[^a-z])"],
            ))
    counters = ", ".join(f"count_if({condition})" for _, condition, _ in checks)
    params = [param for _, _, check_params in checks for param in check_params]
    hits = []
    con = duckdb.connect(str(warehouse.warehouse), read_only=True)
    for (schema, table), columns in relations(warehouse).items():
        if only is not None and (schema, table) not in only:
            continue
        cells = [f'coalesce(cast("{c}" as varchar), \'\')' for c in columns]
        blob = "lower(strip_accents(" + " || ' | ' || ".join(cells) + "))"
        # digits of each short cell, kept apart: a 64-character hash may hold any 9 digits by chance
        digit_cells = (
            "'|' || " + " || '|' || ".join(
                f"case when length({cell}) <= 40 then regexp_replace({cell}, '[^0-9]', '', 'g') else '' end"
                for cell in cells
            ) + " || '|'"
        )
        counts = con.execute(
            f'select {counters} from (select {blob} as blob, {digit_cells} as digit_cells from "{schema}"."{table}")',
            params,
        ).fetchall()[0]
        hits += [f"{schema}.{table}: {n} row(s) with the person's {kind}" for (kind, _, _), n in zip(checks, counts) if n]
    con.close()
    return hits


def customer_ids_of(warehouse: DbtProject, person: Person) -> set[str]:
    pairs = [(source, record_id) for source, ids in person.records.items() for record_id in ids]
    rows = warehouse.query(
        "select distinct crosswalk.customer_id from restricted_intermediate.int_identity__crosswalk as crosswalk "
        "inner join (select unnest(?) as source_name, unnest(?) as source_record_id) as records "
        "using (source_name, source_record_id)",
        [[p[0] for p in pairs], [p[1] for p in pairs]],
    )
    return {row[0] for row in rows}


def relation_exists(warehouse: DbtProject, schema: str, table: str) -> bool:
    return bool(
        warehouse.query(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, table]
        )[0][0]
    )


# --------------------------------------------------------------------------------------------- the scenario
@dataclass
class Scenario:
    warehouse: DbtProject
    erased: Person
    erased_customer_ids: set[str]
    withdrawn_customer_id: str
    rows_before: dict[str, int]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, dbt_project) -> Scenario:
    root = tmp_path_factory.mktemp("privacy")
    data_dir = root / "data"
    shutil.copytree(DEMO_DATA, data_dir, ignore=shutil.ignore_patterns("_truth"))
    # the development salt (the test computes pseudonyms with it)
    warehouse = dbt_project(root, data_dir, unset_env=("CUSTOMER360_PII_SALT",))

    # 1. first build
    warehouse.run("build")

    # 2a. the person to erase: records in at least four person sources, all resolved to one customer, with an
    # email; no value (email, phone, full name) shared with anybody else, so every hit is really theirs
    people = load_people(data_dir)
    owners: dict[str, set[str]] = defaultdict(set)
    for person in people.values():
        for value in person.values | person.phones | {" ".join(n) for n in person.names}:
            owners[value].add(person.person_id)
    requested = {row["subject"].strip().lower() for row in read_csv(data_dir / "erasure_requests.csv")}

    def candidate_rank(person: Person) -> tuple:
        return (len(person.records), sum(len(ids) for ids in person.records.values()), person.person_id)

    erased = None
    for person in sorted(people.values(), key=candidate_rank, reverse=True):
        if len(person.records) < 4 or "crm_customers" not in person.records or not person.emails:
            continue
        if person.values & requested:
            continue
        shared = [v for v in person.values | person.phones | {" ".join(n) for n in person.names} if len(owners[v]) > 1]
        if shared or len(customer_ids_of(warehouse, person)) != 1:
            continue
        # the request names an email as typed in one of their records that the identity graph resolves
        resolvable = {
            row[0]
            for row in warehouse.query(
                "select identifier_value from restricted_intermediate.int_identity__customer_identifiers "
                "where identifier_type = 'email' and customer_id in (select unnest(?))",
                [sorted(customer_ids_of(warehouse, person))],
            )
        }
        typed = [e for e in person.emails if e.strip().lower() in resolvable]
        if not typed:
            continue
        erased, email_as_typed = person, typed[0]
        break
    assert erased is not None, "no suitable person to erase in the demo data"
    erased_customer_ids = customer_ids_of(warehouse, erased)
    assert scan_for(
        warehouse, erased, erased_customer_ids, only={("restricted_staging", "stg_crm__customers")}
    ) != [], "the scan must find the person before erasure"
    before = {
        "crosswalk": warehouse.query(
            "select count(*) from restricted_intermediate.int_identity__crosswalk where customer_id in (select unnest(?))",
            [sorted(erased_customer_ids)],
        )[0][0],
        "crm": warehouse.query(
            "select count(*) from restricted_staging.stg_crm__customers where crm_id in (select unnest(?))",
            [sorted(erased.records["crm_customers"])],
        )[0][0],
    }

    # 2b. the customer who withdraws: in the marketing audience, with email-marketing consent
    audience = warehouse.query(
        f"select distinct audience.customer_id from marts.{AUDIENCE_MODEL} as audience "
        "inner join restricted_intermediate.int_privacy__customer_consent as consent using (customer_id) "
        "where consent.has_email_marketing_consent and audience.customer_id not in ("
        "select unnest(?)) order by 1",
        [sorted(erased_customer_ids)],
    )
    assert audience, f"nobody in marts.{AUDIENCE_MODEL}: cannot test a withdrawal"
    withdrawn_customer_id = audience[0][0]
    subject_type, subject_value = warehouse.query(
        "select latest.subject_type, latest.subject_value "
        "from restricted_intermediate.int_privacy__consent_latest as latest "
        "inner join restricted_intermediate.int_identity__customer_identifiers as identifiers "
        "on latest.subject_type = identifiers.identifier_type and latest.subject_value = identifiers.identifier_value "
        "where identifiers.customer_id = ? and latest.purpose = 'email_marketing' and latest.is_granted "
        "order by latest.occurred_at_utc desc limit 1",
        [withdrawn_customer_id],
    )[0]

    # 2c. the requests arrive; second build
    append_csv_row(
        data_dir / "erasure_requests.csv",
        {
            "request_id": ERASURE_REQUEST_ID,
            "subject": f"  {email_as_typed.strip().upper()} ",
            "subject_type": "email",
            "requested_at": "2026-01-15T09:30:00+01:00",
        },
    )
    withdrawn_at = datetime.now(timezone.utc) - timedelta(hours=1)
    append_csv_row(
        data_dir / "consent_events.csv",
        {
            "consent_event_id": CONSENT_EVENT_ID,
            "subject": subject_value,
            "subject_type": subject_type,
            "purpose": "email_marketing",
            "status": "withdrawn",
            "occurred_at": withdrawn_at.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
            "source_system": "web",
        },
    )
    warehouse.run("build")
    return Scenario(warehouse, erased, erased_customer_ids, withdrawn_customer_id, before)


# --------------------------------------------------------------------------------------------- tests
def test_erased_person_is_in_no_table(scenario: Scenario) -> None:
    hits = scan_for(scenario.warehouse, scenario.erased, scenario.erased_customer_ids)
    assert hits == [], "the erased person is still in the warehouse:\n" + "\n".join(hits)


def test_no_snapshot_row_of_the_erased_person(scenario: Scenario) -> None:
    warehouse = scenario.warehouse
    snapshots = [t for (s, t) in relations(warehouse) if s == "restricted_snapshots"]
    assert {"golden_profile_snapshot", "identity_crosswalk_snapshot"} <= set(snapshots)
    for table in snapshots:
        found = warehouse.query(
            f'select count(*) from restricted_snapshots."{table}" where customer_id in (select unnest(?))',
            [sorted(scenario.erased_customer_ids)],
        )[0][0]
        assert found == 0, f"restricted_snapshots.{table} still holds {found} row(s) of the erased customer"


def test_erasure_log_records_the_request_without_personal_data(scenario: Scenario) -> None:
    warehouse = scenario.warehouse
    rows = warehouse.query(
        "select relation_name, rows_removed, erased_at_utc from audit.erasure_log where request_id = ?",
        [ERASURE_REQUEST_ID],
    )
    removed = {relation: count for relation, count, _ in rows}
    assert sum(removed.values()) > 0
    # the identity map, the quarantine-capable staging, the golden profile history: all purged and logged
    assert removed.get("restricted_intermediate.int_identity__crosswalk") == scenario.rows_before["crosswalk"], removed
    assert removed.get("restricted_staging.stg_crm__customers") == scenario.rows_before["crm"], removed
    assert removed.get("restricted_snapshots.identity_crosswalk_snapshot", 0) > 0, removed
    # BI-facing models excluded the erased customer by themselves: the purge found nothing there
    assert not [r for r in removed if r.startswith("marts.")], removed
    columns = [c for (s, t), cs in relations(warehouse).items() if (s, t) == ("audit", "erasure_log") for c in cs]
    assert columns == ["request_id", "erased_at_utc", "relation_name", "rows_removed"]
    # hashes only on the suppression list
    assert warehouse.query(
        "select count(*) from audit.erasure_suppression where not regexp_matches(identifier_hash, '^[0-9a-f]{64}$')"
    ) == [(0,)]


def test_no_line_outlives_its_erased_order(scenario: Scenario) -> None:
    # the purge cascades over parent keys (var erasure_cascade_columns): a deleted order or transaction takes its
    # lines along, also one deleted only because it named an erased email (a shared address)
    for lines, parents, key in [("stg_shop__order_items", "stg_shop__orders", "order_id"),
                                ("stg_pos__transaction_items", "stg_pos__transactions", "transaction_id")]:
        assert scenario.warehouse.query(
            f"select count(*) from restricted_staging.{lines} "
            f"where {key} not in (select {key} from restricted_staging.{parents})"
        ) == [(0,)], lines


def test_purge_matches_erased_values_without_hashing_every_row(scenario: Scenario) -> None:
    # the erasures of both builds were explained by known values (the fast path), and no work table is left
    builds = [b.stdout for b in scenario.warehouse.runs[:2]]
    assert len(builds) == 2 and all("Done." in out for out in builds)
    assert not [out for out in builds if "slow path" in out], [out[-3000:] for out in builds if "slow path" in out]
    tables = {t for (s, t) in relations(scenario.warehouse)}
    assert not {t for t in tables if t.startswith("erasure_work_")}, tables


def test_consent_withdrawal_takes_effect_at_the_next_build(scenario: Scenario) -> None:
    warehouse = scenario.warehouse
    assert warehouse.query(
        "select has_email_marketing_consent from restricted_intermediate.int_privacy__customer_consent "
        "where customer_id = ?",
        [scenario.withdrawn_customer_id],
    ) == [(False,)]
    assert warehouse.query(
        f"select count(*) from marts.{AUDIENCE_MODEL} where customer_id = ?", [scenario.withdrawn_customer_id]
    ) == [(0,)]
    # and the audience as a whole holds nobody without consent
    assert warehouse.query(
        f"select count(*) from marts.{AUDIENCE_MODEL} as audience "
        "left join restricted_intermediate.int_privacy__customer_consent as consent using (customer_id) "
        "where not coalesce(consent.has_email_marketing_consent, false)"
    ) == [(0,)]


def test_erased_person_stays_gone_after_full_refresh(scenario: Scenario) -> None:
    warehouse = scenario.warehouse
    log_rows = warehouse.query("select count(*) from audit.erasure_log")[0][0]
    warehouse.run("build", "--full-refresh")
    hits = scan_for(warehouse, scenario.erased, scenario.erased_customer_ids)
    assert hits == [], "the erased person came back:\n" + "\n".join(hits)
    # the same data gives the same answer: nothing new to erase, nothing new logged
    assert warehouse.query("select count(*) from audit.erasure_log")[0][0] == log_rows
    # their raw rows are now dropped while reading and counted as erased; every source still reconciles
    reconciliation = dict(
        warehouse.query("select source_name, erased_rows from restricted_staging.stg_quality__reconciliation")
    )
    for source, ids in scenario.erased.records.items():
        assert reconciliation[source] >= len(ids), (source, reconciliation)
    assert warehouse.query(
        "select count(*) from restricted_staging.stg_quality__reconciliation where not is_reconciled"
    ) == [(0,)]


def test_pii_leak_test_fails_the_build_on_an_injected_leak(scenario: Scenario) -> None:
    warehouse = scenario.warehouse
    leak = warehouse.run(
        "build", "--select", "privacy_leak_fixture", vars={"privacy_leak_fixture_enabled": True}, check=False
    )
    try:
        assert leak.returncode != 0, "the leak fixture built without a failing test"
        failed = re.findall(r"Failure in test (\S+)", leak.stdout)
        assert failed == ["no_raw_pii_privacy_leak_fixture_"], leak.stdout[-4000:]
        assert relation_exists(warehouse, "marts", "privacy_leak_fixture")
    finally:
        with duckdb.connect(str(warehouse.warehouse)) as con:
            con.execute("drop table if exists marts.privacy_leak_fixture")
    # without the leak, every BI-facing model passes (and every one carries the test)
    clean = warehouse.run("test", "--select", "test_name:no_raw_pii", "assert_bi_models_have_pii_test", check=False)
    assert clean.returncode == 0, clean.stdout[-4000:]
    assert re.search(r"PASS=([1-9][0-9]*)", clean.stdout), clean.stdout[-2000:]
