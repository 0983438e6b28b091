"""Golden-profile history across builds: the SCD2 snapshots react to real changes and only to them.

The bundled demo data is copied to a temp dir and the project built from it (the conftest runner: the
repository, its warehouse and its target/ are never touched) three times into one temp warehouse, selecting
only the two snapshots and everything upstream of them (seeds, staging, identity, golden profile; no tests):

1. the demo data as bundled;
2. after editing crm_customers.csv: one CRM-only customer moves (new street, city, postal code), changes
   email address and gets a newer updated_at; another CRM-only customer's row is deleted;
3. the same data again.

Asserted: build 2 adds exactly one snapshot version, for the moved customer (old version closed where
the new one starts, new values current); the deleted customer's version is closed without a new one
(hard_deletes: invalidate); every other customer keeps its single current version; the identity-map
snapshot only closes the deleted record. Build 3 changes nothing in either snapshot.
"""

from __future__ import annotations

import csv
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import DbtProject

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_TIMEOUT_SECONDS = 900
SELECTION = ["--select", "+golden_profile_snapshot", "+identity_crosswalk_snapshot"]
CURRENT_VALID_TO = str(datetime(9999, 12, 31))
PROFILE_SNAPSHOT = "restricted_snapshots.golden_profile_snapshot"
CROSSWALK_SNAPSHOT = "restricted_snapshots.identity_crosswalk_snapshot"

NEW_STREET = "1 Survivorship Lane"
NEW_CITY = "Snapshotton"
NEW_POSTAL_CODE = "SN1 1AA"


def query(build: DbtProject, sql: str) -> list[list[str | None]]:
    """Rows of a query, every value as text."""
    return [[None if value is None else str(value) for value in row] for row in build.query(sql)]


def build_snapshots(build: DbtProject) -> None:
    build.run("build", *SELECTION, "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test")


def snapshot_state(build: DbtProject, relation: str, key: str) -> list[list[str]]:
    return sorted(query(build, f"select {key}, dbt_scd_id, dbt_valid_from, dbt_valid_to from {relation}"))


def edit_crm_customers(path: Path, moved_crm_id: str, new_email: str, deleted_crm_id: str) -> None:
    """Move one CRM contact and change its email (bumping updated_at); delete another contact's row."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fieldnames = reader.fieldnames
        rows = list(reader)
    moved = [row for row in rows if row["crm_id"] == moved_crm_id]
    assert len(moved) == 1 and sum(row["crm_id"] == deleted_crm_id for row in rows) == 1
    moved[0].update(
        street=NEW_STREET, city=NEW_CITY, postal_code=NEW_POSTAL_CODE, email=new_email,
        updated_at=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
    )
    rows = [row for row in rows if row["crm_id"] != deleted_crm_id]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def run_history(build: DbtProject, raw_dir: Path) -> dict:
    """Run the three builds on the raw data in `raw_dir` (edited in between), return what the tests check."""

    def state() -> dict:
        return {
            "profile": snapshot_state(build, PROFILE_SNAPSHOT, "customer_id"),
            "crosswalk": snapshot_state(build, CROSSWALK_SNAPSHOT, "record_key"),
        }

    # -- build 1: the demo data as bundled
    build_snapshots(build)
    # CRM-only customers (one record, a CRM contact) whose email and address come from that contact
    crm_only = query(
        build,
        """
        select profile.customer_id, crosswalk.source_record_id, profile.email, profile.street
        from restricted_intermediate.int_customers__golden_profile as profile
        inner join restricted_intermediate.int_identity__crosswalk as crosswalk
            on profile.customer_id = crosswalk.customer_id
        where profile.record_count = 1
            and crosswalk.source_name = 'crm_customers'
            and profile.email_source = 'crm_customers'
            and profile.street_source = 'crm_customers'
        order by profile.customer_id
        """
    )
    assert len(crm_only) >= 2, "the demo data has fewer than two CRM-only customers with an email and an address"
    (moved_customer_id, moved_crm_id, old_email, old_street), (deleted_customer_id, deleted_crm_id, _, _) = crm_only[:2]
    after_1 = state()

    # -- build 2: one customer moves and changes email, another is deleted
    new_email = f"{moved_crm_id.lower()}.moved@survivorship-test.org"
    edit_crm_customers(raw_dir / "crm_customers.csv", moved_crm_id, new_email, deleted_crm_id)
    build_snapshots(build)
    after_2 = state()
    moved_versions = query(
        build,
        f"""
        select email, street, city, postal_code, dbt_valid_from, dbt_valid_to
        from {PROFILE_SNAPSHOT}
        where customer_id = '{moved_customer_id}'
        order by dbt_valid_from
        """
    )

    # -- build 3: nothing changed
    build_snapshots(build)
    return {
        "moved_customer_id": moved_customer_id,
        "deleted_customer_id": deleted_customer_id,
        "deleted_record_key": f"crm_customers:{deleted_crm_id}",
        "old_email": old_email,
        "old_street": old_street,
        "new_email": new_email,
        "moved_versions": moved_versions,
        "after_1": after_1,
        "after_2": after_2,
        "after_3": state(),
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, dbt_project) -> dict:
    work = tmp_path_factory.mktemp("golden_profile_history")
    raw_dir = work / "raw"
    shutil.copytree(REPO_ROOT / "data" / "demo", raw_dir, ignore=shutil.ignore_patterns("_truth"))
    return run_history(dbt_project(work, raw_dir, timeout_seconds=DBT_TIMEOUT_SECONDS), raw_dir)


def versions_by_key(state: list[list[str]]) -> dict[str, list[list[str]]]:
    by_key: dict[str, list[list[str]]] = {}
    for row in state:
        by_key.setdefault(row[0], []).append(row)
    return by_key


def test_first_build_has_one_current_version_per_customer(builds: dict) -> None:
    profile = builds["after_1"]["profile"]
    assert profile, "golden_profile_snapshot is empty after the first build"
    assert all(valid_to == CURRENT_VALID_TO for _, _, _, valid_to in profile)
    assert len(versions_by_key(profile)) == len(profile)


def test_moved_customer_gets_exactly_one_new_version(builds: dict) -> None:
    before = versions_by_key(builds["after_1"]["profile"])
    after = versions_by_key(builds["after_2"]["profile"])
    changed = {key for key in after if after[key] != before.get(key)}
    assert changed == {builds["moved_customer_id"], builds["deleted_customer_id"]}
    assert len(after[builds["moved_customer_id"]]) == 2
    # exactly one row more in all: the moved customer's new version (the deleted one is closed, not added)
    assert len(builds["after_2"]["profile"]) == len(builds["after_1"]["profile"]) + 1


def test_moved_customer_history_holds_old_and_new_values(builds: dict) -> None:
    old_version, new_version = builds["moved_versions"]
    old_email, old_street, _, _, old_from, old_to = old_version
    new_email, new_street, new_city, new_postal_code, new_from, new_to = new_version
    assert (old_email, old_street) == (builds["old_email"], builds["old_street"])
    assert old_email != builds["new_email"]
    assert (new_email, new_street, new_city, new_postal_code) == (
        builds["new_email"], NEW_STREET, NEW_CITY, NEW_POSTAL_CODE.replace(" ", "")
    )
    # the old version ends exactly where the new one starts; the new one is current
    assert old_from <= old_to == new_from < new_to == CURRENT_VALID_TO


def test_deleted_customer_is_closed_without_new_version(builds: dict) -> None:
    ((_, _, valid_from, valid_to),) = versions_by_key(builds["after_2"]["profile"])[builds["deleted_customer_id"]]
    assert valid_from <= valid_to < CURRENT_VALID_TO


def test_other_customers_are_untouched(builds: dict) -> None:
    touched = {builds["moved_customer_id"], builds["deleted_customer_id"]}
    before = [row for row in builds["after_1"]["profile"] if row[0] not in touched]
    after = [row for row in builds["after_2"]["profile"] if row[0] not in touched]
    assert before == after


def test_identity_snapshot_only_closes_the_deleted_record(builds: dict) -> None:
    before = versions_by_key(builds["after_1"]["crosswalk"])
    after = versions_by_key(builds["after_2"]["crosswalk"])
    changed = {key for key in after if after[key] != before.get(key)}
    assert changed == {builds["deleted_record_key"]}
    ((_, _, valid_from, valid_to),) = after[builds["deleted_record_key"]]
    assert valid_from <= valid_to < CURRENT_VALID_TO


def test_rebuild_without_changes_adds_nothing(builds: dict) -> None:
    assert builds["after_3"]["profile"] == builds["after_2"]["profile"]
    assert builds["after_3"]["crosswalk"] == builds["after_2"]["crosswalk"]

