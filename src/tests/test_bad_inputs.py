"""Bad raw exports: every damage ends in a quarantine row or a clear error, never a crash, a hang or a wrong answer.

The demo data is copied to a temp dir and damaged, one way per case (docs/validation_rules.md,
docs/raw_data_contract.md). Cases that can share a build are damaged in different files or rows of one data set:

- build A (CSV): lines that cannot be parsed (an unbalanced quote and a Latin-1 byte in CRM lines, too few and too
  many fields in shop orders) are quarantined as `malformed_line` with file, line number, text and reason; values
  that used to crash or slip through (a 42-digit and a 1,500,000 order total, a 200,000-character name, a CRM
  `created_at` in 2999, an order total with 9 decimals) end in their rule or flag; what already worked (a BOM, CRLF
  line ends, an injection-like string) keeps working. Every source reconciles, malformed lines included.
- build B (JSON lines): the same records, every file shuffled, plus one malformed JSON line: the staged rows are
  identical to build A's (row order and format do not matter) and the malformed line is quarantined.
- compile-only cases: a semicolon-delimited file and a file without a required column stop with an error naming the
  file, and the delimiter found or the column.

Warehouses, dbt target and logs live in pytest temp dirs. About 3 minutes on two cores.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest

from customer360.raw_sources import source_names

if TYPE_CHECKING:
    from conftest import DbtProject

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = REPO_ROOT / "data" / "demo"
DBT_TIMEOUT_SECONDS = 900
STAGING = "+path:models/staging"
SOURCES = source_names()  # every raw table of the sources YAML (customer360.raw_sources)

# the damaged records (ids that the demo data does not use)
CRM_HEADER = ["crm_id", "first_name", "last_name", "email", "phone", "birth_date", "gender", "street", "city",
              "postal_code", "country", "created_at", "updated_at"]
ORDER_HEADER = ["order_id", "crm_id", "email", "phone", "ordered_at", "status", "currency", "order_total",
                "discount_total", "shipping_first_name", "shipping_last_name", "shipping_street", "shipping_city",
                "shipping_postal_code", "shipping_country"]
LONG_NAME = "Ab" * 100_000  # 200,000 characters
INJECTION = "'; drop table x; --"
HUGE_TOTAL = "1" + "0" * 41  # 42 digits


def crm_row(crm_id: str, **values: str) -> dict[str, str]:
    row = dict(zip(CRM_HEADER, [crm_id, "Test", "Person", f"{crm_id.lower()}@example.com", "+44 7700 900123",
                                "1980-01-01", "F", "1 High St", "London", "SW1A 1AA", "GB", "2023-01-01 10:00:00",
                                ""]))
    row.update(values)
    return row


def order_row(order_id: str, total: str) -> dict[str, str]:
    return dict(zip(ORDER_HEADER, [order_id, "", f"{order_id.lower()}@example.com", "", "2024-05-01T10:00:00Z",
                                   "completed", "EUR", total, "", "Test", "Buyer", "1 High St", "London", "SW1A 1AA",
                                   "GB"]))


# well-formed records with bad values: (source, record) -> what must happen
VALUE_CASES = {
    "C9990001": crm_row("C9990001", first_name=LONG_NAME),  # value_too_long, in milliseconds
    "C9990002": crm_row("C9990002", created_at="2999-01-01 00:00:00"),  # future_timestamp
    "C9990003": crm_row("C9990003", street=INJECTION),  # staged, inert text
    "SO99900001": order_row("SO99900001", HUGE_TOTAL),  # amount_above_cap, no cast error
    "SO99900002": order_row("SO99900002", "1500000"),  # amount_above_cap, no overflow
    "SO99900003": order_row("SO99900003", "0.123456789"),  # staged 0.1235, has_rounded_amount
}
# lines that cannot be parsed, inserted into the CSV files of build A: (file, physical line number, reason)
CRM_UNBALANCED_QUOTE_LINE = 11
CRM_LATIN1_LINE = 901
ORDERS_TOO_FEW_LINE = 12
ORDERS_TOO_MANY_LINE = 13
JSON_MALFORMED_LINE = 5


# --------------------------------------------------------------------------------------------- helpers
def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def csv_line(header: list[str], row: dict[str, str]) -> str:
    out = []
    for name in header:
        value = row.get(name, "") or ""
        out.append('"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value)
    return ",".join(out)


def write_lines(path: Path, lines: list[bytes], newline: bytes = b"\n", bom: bool = False) -> None:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + newline.join(lines) + newline)


def damaged_sources(demo: Path) -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    """Every demo source as (header, rows), with the value cases appended to CRM and shop orders."""
    sources = {name: read_rows(demo / f"{name}.csv") for name in SOURCES}
    for key, row in VALUE_CASES.items():
        sources["crm_customers" if key.startswith("C") else "shop_orders"][1].append(row)
    return sources


def write_csv_export(out: Path, sources) -> None:
    """Build A: CSV, the value cases plus the unparseable lines; consent events with a BOM, order lines with CRLF,
    products in Latin-1 (declared in var raw_file_encodings)."""
    out.mkdir(parents=True)
    for name, (header, rows) in sources.items():
        lines = [",".join(header).encode()]
        lines += [csv_line(header, row).encode() for row in rows]
        if name == "crm_customers":
            quote = crm_row("C9990010", first_name='"Unbalanced')  # opens a quote that never closes
            lines.insert(CRM_UNBALANCED_QUOTE_LINE - 1, ",".join(quote[h] for h in CRM_HEADER).encode())
            latin1 = ",".join(crm_row("C9990011", first_name="Ren\u00e9e", last_name="O'Brien")[h]
                              for h in CRM_HEADER).encode("latin-1")
            lines.insert(CRM_LATIN1_LINE - 1, latin1)
        if name == "shop_orders":
            full = order_row("SO99900010", "10.00")
            lines.insert(ORDERS_TOO_FEW_LINE - 1, ",".join(full[h] for h in ORDER_HEADER[:5]).encode())
            lines.insert(ORDERS_TOO_MANY_LINE - 1, (",".join(full[h] for h in ORDER_HEADER) + ",extra,more").encode())
        if name == "products":
            lines = [line.decode("utf-8").encode("latin-1") for line in lines]
        write_lines(out / f"{name}.csv", lines, newline=b"\r\n" if name == "shop_order_items" else b"\n",
                    bom=name == "consent_events")


def write_json_export(out: Path, sources, seed: int = 7) -> None:
    """Build B: JSON lines, every file shuffled (an empty value is absent), one malformed line in CRM."""
    out.mkdir(parents=True)
    rng = random.Random(seed)
    for name, (header, rows) in sources.items():
        lines = [json.dumps({k: v for k, v in row.items() if v not in (None, "")}, ensure_ascii=False)
                 for row in rows]
        rng.shuffle(lines)
        if name == "crm_customers":
            lines.insert(JSON_MALFORMED_LINE - 1, '{"crm_id": "C9990020", "first_name": "Cut off')
        (out / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_staging(dbt: DbtProject) -> Path:
    dbt.run("build", "--select", STAGING, "path:tests/staging", "--indirect-selection", "cautious",
            "--exclude-resource-type", "unit_test")
    return dbt.warehouse


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql(sql).fetchall()


def model_seconds(root: Path, model: str) -> float:
    results = json.loads((root / "target" / "run_results.json").read_text())["results"]
    return next(r["execution_time"] for r in results if r["unique_id"] == f"model.customer360.{model}")


# --------------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    sources = damaged_sources(DEMO_DATA)
    base = tmp_path_factory.mktemp("bad_inputs")
    write_csv_export(base / "csv", sources)
    write_json_export(base / "json", sources)
    return base


@pytest.fixture(scope="module")
def csv_build(exports, tmp_path_factory, dbt_project):
    root = tmp_path_factory.mktemp("bad_inputs_csv")
    # products.csv is written in Latin-1 and declared so
    dbt = dbt_project(root, exports / "csv", vars={"raw_file_encodings": {"products": "latin-1"}},
                      timeout_seconds=DBT_TIMEOUT_SECONDS)
    return build_staging(dbt), root


@pytest.fixture(scope="module")
def json_build(exports, tmp_path_factory, dbt_project):
    root = tmp_path_factory.mktemp("bad_inputs_json")
    dbt = dbt_project(root, exports / "json", vars={"raw_data_format": "json"}, timeout_seconds=DBT_TIMEOUT_SECONDS)
    return build_staging(dbt), root


# --------------------------------------------------------------------------------------------- tests
def test_unparseable_lines_are_quarantined_with_file_line_and_text(csv_build, exports):
    warehouse, _ = csv_build
    rows = query(warehouse, """
        select source_name, raw_line_number, malformed_reason, rejected_value, raw_file, record_key
        from restricted_staging.stg_quality__quarantine
        where rule_name = 'malformed_line'
        order by source_name, raw_line_number
    """)
    found = [(source, line, reason) for source, line, reason, *_ in rows]
    assert found == [
        ("crm_customers", CRM_UNBALANCED_QUOTE_LINE, "unbalanced_quotes"),
        ("crm_customers", CRM_LATIN1_LINE, "invalid_encoding"),
        ("shop_orders", ORDERS_TOO_FEW_LINE, "too_few_fields"),
        ("shop_orders", ORDERS_TOO_MANY_LINE, "too_many_fields"),
    ]
    by_line = {(r[0], r[1]): r for r in rows}
    assert by_line[("crm_customers", CRM_UNBALANCED_QUOTE_LINE)][3].startswith('C9990010,"Unbalanced,Person,')
    # the undecodable byte is shown as "?"; the rest of the line, quotes included, is kept
    assert by_line[("crm_customers", CRM_LATIN1_LINE)][3].startswith("C9990011,Ren")
    assert ",O'Brien," in by_line[("crm_customers", CRM_LATIN1_LINE)][3]
    assert by_line[("shop_orders", ORDERS_TOO_MANY_LINE)][3].endswith(",extra,more")
    assert all(Path(r[4]).name == f"{r[0]}.csv" for r in rows)
    assert len({r[5] for r in rows}) == 4


def test_every_source_reconciles_malformed_lines_included(csv_build):
    warehouse, _ = csv_build
    rows = query(warehouse, """
        select source_name, raw_rows, staged_rows, rejected_rows, malformed_rows, exact_duplicate_rows, erased_rows,
            is_reconciled
        from restricted_staging.stg_quality__reconciliation
    """)
    assert sorted(r[0] for r in rows) == sorted(SOURCES)
    for name, raw, staged, rejected, malformed, duplicates, erased, ok in rows:
        assert raw == staged + rejected + malformed + duplicates + erased and ok, name
    malformed = {r[0]: r[4] for r in rows}
    assert malformed == {name: {"crm_customers": 2, "shop_orders": 2}.get(name, 0) for name in SOURCES}
    # raw rows are counted from the file: every data line, the bad ones included
    raw = {r[0]: r[1] for r in rows}
    _, crm_rows = read_rows(DEMO_DATA / "crm_customers.csv")
    assert raw["crm_customers"] == len(crm_rows) + 3 + 2


def test_bad_values_end_in_their_rule(csv_build):
    warehouse, root = csv_build
    rules = dict(
        ((r[0], r[1]), r[2:]) for r in query(warehouse, """
            select source_record_id, rule_name, rejected_column, length(rejected_value), rejected_value
            from restricted_staging.stg_quality__quarantine
            where source_record_id in ('C9990001', 'C9990002', 'SO99900001', 'SO99900002')
        """)
    )
    assert rules[("C9990001", "value_too_long")][:2] == ("first_name", len(LONG_NAME))
    assert rules[("C9990002", "future_timestamp")][0] == "created_at"
    assert rules[("SO99900001", "amount_above_cap")][2] == HUGE_TOTAL
    assert rules[("SO99900002", "amount_above_cap")][2] == "1500000"
    assert len(rules) == 4
    # a 200,000-character name costs milliseconds, not minutes (normalize_name is linear)
    assert model_seconds(root, "base_crm__customers") < 30


def test_too_many_decimals_is_flagged_and_injection_is_inert_text(csv_build):
    warehouse, _ = csv_build
    ((total, flagged),) = query(warehouse, """
        select order_total, has_rounded_amount from restricted_staging.stg_shop__orders where order_id = 'SO99900003'
    """)
    assert str(total) == "0.1235" and flagged
    assert query(warehouse, "select count(*) from restricted_staging.stg_shop__orders where has_rounded_amount") == [(1,)]
    assert query(warehouse, "select street from restricted_staging.stg_crm__customers where crm_id = 'C9990003'") == [
        (INJECTION,)]


def test_bom_crlf_and_latin1_files_stage_every_row(csv_build):
    warehouse, _ = csv_build
    for name in ("consent_events", "shop_order_items", "products"):
        ((raw, staged, rejected, duplicates, erased),) = query(warehouse, f"""
            select raw_rows, staged_rows, rejected_rows, exact_duplicate_rows, erased_rows
            from restricted_staging.stg_quality__reconciliation where source_name = '{name}'
        """)
        assert raw == len(read_rows(DEMO_DATA / f"{name}.csv")[1])
        assert staged > 0.9 * raw
        assert query(warehouse, f"select malformed_rows from restricted_staging.stg_quality__reconciliation"
                                f" where source_name = '{name}'") == [(0,)]
    # the BOM is not part of the first column's name: every consent event has its id
    assert query(warehouse, "select count(*) from restricted_staging.stg_privacy__consent_events"
                            " where consent_event_id is null") == [(0,)]
    # Latin-1 decoded: accents intact, no mojibake (the JSON build's products are compared row by row as well)
    staged = {r[0] for r in query(warehouse, "select product_name from restricted_staging.stg_catalog__products")}
    assert any("Aur\u00e8le" in name for name in staged)
    assert not any("\u00c3" in name or "\ufffd" in name for name in staged)


def test_shuffled_json_lines_stage_the_same_rows(csv_build, json_build):
    csv_warehouse, _ = csv_build
    json_warehouse, _ = json_build
    with duckdb.connect() as con:
        con.execute(f"attach '{csv_warehouse}' as a (read_only)")
        con.execute(f"attach '{json_warehouse}' as b (read_only)")
        tables = [r[0] for r in con.sql("""
            select table_name from information_schema.tables
            where table_catalog = 'a' and table_schema = 'restricted_staging' and table_name like 'stg\\_%' escape '\\'
                and table_name not like 'stg_quality%'
        """).fetchall()]
        assert len(tables) == 13
        for table in tables:
            for left, right in (("a", "b"), ("b", "a")):
                (diff,) = con.sql(f"""
                    select count(*) from (
                        select * from {left}.restricted_staging.{table}
                        except all
                        select * from {right}.restricted_staging.{table}
                    )
                """).fetchall()[0]
                assert diff == 0, (table, left, right)
        # the same rows rejected with the same rules (positions differ: the JSON files are shuffled)
        quarantine = """
            select source_name, record_key, rule_name, rejected_column, rejected_value
            from {}.restricted_staging.stg_quality__quarantine where rule_name <> 'malformed_line'
        """
        assert sorted(con.sql(quarantine.format("a")).fetchall()) == sorted(con.sql(quarantine.format("b")).fetchall())
        malformed = con.sql("""
            select source_name, raw_line_number, malformed_reason, rejected_value
            from b.restricted_staging.stg_quality__quarantine where rule_name = 'malformed_line'
        """).fetchall()
        assert malformed == [("crm_customers", JSON_MALFORMED_LINE, "malformed_json",
                              '{"crm_id": "C9990020", "first_name": "Cut off')]
        assert con.sql("select bool_and(is_reconciled) from b.restricted_staging.stg_quality__reconciliation"
                       ).fetchall() == [(True,)]


def _damaged_crm_export(tmp_path: Path, damage) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(DEMO_DATA, raw)
    path = raw / "crm_customers.csv"
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    return raw


def test_semicolon_file_gets_an_error_naming_the_delimiter(tmp_path, dbt_project):
    raw = _damaged_crm_export(tmp_path, lambda text: text.replace(",", ";"))
    proc = dbt_project(tmp_path, raw, timeout_seconds=DBT_TIMEOUT_SECONDS).run(
        "compile", "--select", "base_crm__customers", check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "crm_customers.csv" in output and "is not comma-separated" in output and "semicolon (;)" in output
    assert "lacks required column" not in output


def test_missing_required_column_gets_an_error_naming_file_and_column(tmp_path, dbt_project):
    def drop_created_at(text: str) -> str:
        index = CRM_HEADER.index("created_at")
        return "\n".join(",".join(f for i, f in enumerate(line.split(",")) if i != index) if line else line
                         for line in text.split("\n"))
    raw = _damaged_crm_export(tmp_path, drop_created_at)
    proc = dbt_project(tmp_path, raw, timeout_seconds=DBT_TIMEOUT_SECONDS).run(
        "compile", "--select", "base_crm__customers", check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "crm_customers.csv" in output and "lacks required column(s): created_at" in output
