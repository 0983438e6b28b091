"""Tests of the raw-data generator (customer360.generator, command `python -m customer360.generate`).

A small world is generated once per module into a temporary directory; the tests read the files
back with DuckDB (all columns as text, as staging does) and check them against the raw-data
contract, the stated dirt rates, the ground truth and the reference seeds.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import duckdb
import numpy as np
import pytest

from customer360.generator import reference as ref
from customer360.generator.config import DIRT, PLACEHOLDER_EMAILS, PLACEHOLDER_PHONES, REJECT_RULES
from customer360.generator.seeds import SEED_FILES, seed_contents
from customer360.generator.generate import CONTRACT, PERSON_SOURCES, generate

REPO = Path(__file__).resolve().parents[2]
N_CUSTOMERS = 1500
SEED = 7

REQUIRED = {
    "crm_customers": ["crm_id", "created_at"],
    "web_events": ["event_id", "anonymous_id", "event_type", "event_at"],
    "shop_orders": ["order_id", "ordered_at", "status", "currency", "order_total"],
    "shop_order_items": ["order_id", "line_number", "product_id", "quantity", "unit_price"],
    "pos_transactions": ["transaction_id", "store_id", "transacted_at", "currency", "total_amount"],
    "pos_transaction_items": ["transaction_id", "line_number", "product_id", "quantity", "unit_price"],
    "loyalty_members": ["card_number", "enrolled_at"],
    "email_events": ["recipient", "event_type", "occurred_at", "campaign_id"],
    "enrichment_demographics": ["email_sha256"],
    "consent_events": ["consent_event_id", "subject", "subject_type", "purpose", "status", "occurred_at"],
    "erasure_requests": ["request_id", "subject", "subject_type", "requested_at"],
    "products": ["product_id", "product_name", "price", "currency"],
    "experiment_assignments": ["experiment_id", "variant", "subject", "subject_type", "assigned_at"],
}
RECORD_KEY = {
    "crm_customers": "crm_id", "web_events": "event_id", "shop_orders": "order_id",
    "shop_order_items": "order_id || '-' || line_number", "pos_transactions": "transaction_id",
    "pos_transaction_items": "transaction_id || '-' || line_number", "loyalty_members": "card_number",
    "email_events": ("md5(" + " || '|' || ".join(f"coalesce({c}, '\\N')" for c in (
        "recipient", "event_type", "occurred_at", "campaign_id", "campaign_type", "bounce_type", "link_url")) + ")"),
    "enrichment_demographics": "email_sha256", "consent_events": "consent_event_id", "erasure_requests": "request_id",
    "products": "product_id", "experiment_assignments": "experiment_id || '|' || subject",
}
TS = "coalesce(try_cast({c} as timestamptz), try_strptime({c}, '%d/%m/%Y %H:%M')::timestamptz)"
DATE = "try_strptime({c}, ['%Y-%m-%d', '%d/%m/%Y', '%d.%m.%Y', '%Y%m%d'])"
DEC = "try_cast({c} as decimal(18, 2))"
INT = "try_cast({c} as bigint)"


def enum(values):
    return "{c} in (" + ", ".join(f"'{v}'" for v in values) + ")"


# (column, parse check that must be true when the value is not null)
# columns whose unparseable value rejects the row (a garbled birth date does not: the contact is staged without it)
PARSE = {
    "crm_customers": [("created_at", TS), ("updated_at", TS),
                      ("gender", enum(["F", "M", "female", "male", "X", "U"]))],
    "web_events": [("event_at", TS), ("event_type", enum(["page_view", "product_view", "add_to_cart",
                                                          "remove_from_cart", "checkout", "purchase", "search",
                                                          "login"])),
                   ("device_type", enum(["desktop", "mobile", "tablet", "app"]))],
    "shop_orders": [("ordered_at", TS), ("status", enum(["completed", "cancelled", "returned"])),
                    ("currency", enum(["EUR", "GBP", "USD"])), ("order_total", DEC), ("discount_total", DEC)],
    "shop_order_items": [("line_number", INT), ("quantity", INT), ("unit_price", DEC), ("discount_amount", DEC)],
    "pos_transactions": [("transacted_at", TS), ("currency", enum(["EUR", "GBP", "USD"])), ("total_amount", DEC),
                         ("discount_amount", DEC), ("payment_method", enum(["card", "cash", "voucher"]))],
    "pos_transaction_items": [("line_number", INT), ("quantity", INT), ("unit_price", DEC), ("discount_amount", DEC)],
    "loyalty_members": [("enrolled_at", TS)],
    "email_events": [("occurred_at", INT), ("event_type", enum(["sent", "delivered", "open", "click", "bounce",
                                                                "unsubscribe", "complaint"])),
                     ("campaign_type", enum(["newsletter", "promotion", "abandoned_cart", "transactional"])),
                     ("bounce_type", enum(["hard", "soft"]))],
    "enrichment_demographics": [("age_band", enum(["18-24", "25-34", "35-44", "45-54", "55-64", "65+"])),
                                ("income_band", enum(["low", "middle", "high"])), ("household_size", INT),
                                ("updated_at", DATE)],
    "consent_events": [("occurred_at", TS), ("subject_type", enum(["email", "crm_id"])),
                       ("purpose", enum(["email_marketing", "personalization", "analytics"])),
                       ("status", enum(["granted", "withdrawn"])), ("source_system", enum(["web", "store", "crm"]))],
    "erasure_requests": [("requested_at", TS), ("subject_type", enum(["email", "crm_id"]))],
    "products": [("price", DEC), ("is_consumable", enum(["true", "false"]))],
    "experiment_assignments": [("assigned_at", TS), ("subject_type", enum(["email", "anonymous_id"]))],
}
FUTURE = {"web_events": TS.format(c="event_at"), "shop_orders": TS.format(c="ordered_at"),
          "pos_transactions": TS.format(c="transacted_at"),
          "email_events": "to_timestamp(try_cast(occurred_at as bigint))",
          "consent_events": TS.format(c="occurred_at")}
EMAIL_RE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _read(con, d: Path, src: str, fmt: str = "csv") -> None:
    if fmt == "csv":
        con.execute(f"create or replace view {src} as select * from read_csv('{d / (src + '.csv')}', all_varchar=true)")
    elif fmt == "parquet":
        con.execute(f"create or replace view {src} as select * from read_parquet('{d / (src + '.parquet')}')")
    else:
        cols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in CONTRACT[src]) + "}"
        con.execute(f"create or replace view {src} as select * from read_json('{d / (src + '.jsonl')}', "
                    f"columns = {cols}, format = 'newline_delimited')")


def reference_rejections(con) -> set[tuple[str, str, str]]:
    """A plain implementation of docs/validation_rules.md: (source, record key, first broken rule)."""
    out = set()
    con.execute("create or replace table rates as select * from read_csv('" + str(REPO / "seeds" / "currency_rates.csv")
                + "', all_varchar=true)")
    stores = {s["store_id"] for s in ref.STORES}
    products = {r[0] for r in con.execute("select distinct product_id from products").fetchall()}
    staged_parents = {}
    order = ["crm_customers", "web_events", "shop_orders", "pos_transactions", "shop_order_items",
             "pos_transaction_items", "loyalty_members", "email_events", "enrichment_demographics", "consent_events",
             "erasure_requests", "products", "experiment_assignments"]
    for src in order:
        key = RECORD_KEY[src]
        checks = []
        checks.append(("missing_required_field", " or ".join(f"nullif(trim({c}), '') is null" for c in REQUIRED[src])))
        checks.append(("unparseable_value", " or ".join(
            f"({c} is not null and trim({c}) <> '' and not coalesce(({p.format(c=c) if '{c}' in p else p} "
            f"{'is not null' if not p.startswith('{c} in') else ''}), false))" for c, p in PARSE[src])))
        if src in FUTURE:
            checks.append(("future_timestamp", f"{FUTURE[src]} > now() + interval 24 hour"))
        if src == "pos_transactions":
            checks.append(("unknown_store", "store_id not in (" + ", ".join(f"'{s}'" for s in stores) + ")"))
        if src in ("shop_order_items", "pos_transaction_items"):
            parent_col = "order_id" if src == "shop_order_items" else "transaction_id"
            con.execute("create or replace table staged_parent as select unnest(?::varchar[]) as id",
                        [sorted(staged_parents[parent_col])])
            checks.append(("orphan_line_item", f"{parent_col} not in (select id from staged_parent)"))
            checks.append(("unknown_product_id", "product_id not in (select product_id from products)"))
        if src in ("shop_orders", "pos_transactions", "shop_order_items", "pos_transaction_items"):
            amt = {"shop_orders": "order_total", "pos_transactions": "total_amount"}.get(src, "unit_price")
            checks.append(("negative_amount", f"try_cast({amt} as decimal(18, 2)) < 0"))
        if src in ("shop_orders", "pos_transactions"):
            amt = "order_total" if src == "shop_orders" else "total_amount"
            checks.append(("amount_above_cap", f"""try_cast({amt} as decimal(18, 2)) * (
                select try_cast(rate_to_reporting as double) from rates r where r.currency_code = currency
                order by valid_from desc limit 1) > 50000"""))
        if src == "email_events":
            checks.append(("invalid_email", f"not regexp_matches(trim(recipient), '{EMAIL_RE}')"))
        if src == "enrichment_demographics":
            checks.append(("invalid_email_sha256", "not regexp_matches(email_sha256, '^[0-9a-f]{64}$')"))
        case = "case " + " ".join(f"when {cond} then '{rule}'" for rule, cond in checks) + " end"
        rows = con.execute(f"select distinct {key} as k, {case} as rule from (select distinct * from {src})").fetchall()
        if src == "crm_customers":
            sup = con.execute("""
                with d as (select distinct * from crm_customers),
                r as (select crm_id, row_number() over (partition by crm_id order by
                      coalesce(try_cast(updated_at as timestamptz), try_strptime(updated_at, '%d/%m/%Y %H:%M')::timestamptz) desc) as rn
                      from d)
                select distinct crm_id from r where rn > 1
            """).fetchall()
            out |= {(src, k, "superseded_version") for (k,) in sup}
        rejected = {(src, k, rule) for k, rule in rows if rule is not None}
        out |= rejected
        if src in ("shop_orders", "pos_transactions"):
            col = "order_id" if src == "shop_orders" else "transaction_id"
            bad = {k for _, k, _ in rejected}
            staged_parents[col] = {r[0] for r in con.execute(f"select distinct {col} from {src}").fetchall()} - bad
    return out


# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("gen") / "raw"
    manifest = generate(d, N_CUSTOMERS, SEED, "csv")
    return d, manifest


@pytest.fixture(scope="module")
def con(world_dir):
    d, _ = world_dir
    c = duckdb.connect()
    for src in CONTRACT:
        _read(c, d, src)
    c.execute(f"create or replace view ground_truth as select * from read_csv('{d / '_truth' / 'ground_truth.csv'}', "
              "all_varchar=true)")
    c.execute(f"create or replace view injected_defects as select * from "
              f"read_csv('{d / '_truth' / 'injected_defects.csv'}', all_varchar=true)")
    return c


def q(con, sql):
    return con.execute(sql).fetchall()


# ------------------------------------------------------------------------------------------------
def _file_bytes(d: Path) -> dict[str, bytes]:
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory):
    d = tmp_path_factory.mktemp("small") / "csv"
    generate(d, 300, 11, "csv")
    return d


def test_same_seed_same_bytes_and_other_seed_differs(small_csv, tmp_path):
    generate(tmp_path / "b", 300, 11, "csv")
    generate(tmp_path / "c", 300, 12, "csv")
    a, b, c = _file_bytes(small_csv), _file_bytes(tmp_path / "b"), _file_bytes(tmp_path / "c")
    assert len(a) == 13 + 3
    assert a == b
    assert a.keys() == c.keys()
    differing = [k for k in a if a[k] != c[k]]
    assert len(differing) >= 12  # every data file but the catalogue-like ones changes


@pytest.mark.parametrize("fmt", ["parquet", "json"])
def test_other_formats_hold_the_same_rows_deterministically(small_csv, tmp_path, fmt):
    generate(tmp_path / fmt, 300, 11, fmt)
    generate(tmp_path / (fmt + "2"), 300, 11, fmt)
    assert _file_bytes(tmp_path / fmt) == _file_bytes(tmp_path / (fmt + "2"))
    c = duckdb.connect()
    for src in CONTRACT:
        _read(c, small_csv, src)
        x = sorted(c.execute(f"select * from {src}").fetchall(), key=repr)
        _read(c, tmp_path / fmt, src, fmt)
        y = sorted(c.execute(f"select {', '.join(CONTRACT[src])} from {src}").fetchall(), key=repr)
        assert x == y, src


def test_every_contract_file_and_column(world_dir):
    d, manifest = world_dir
    for src, cols in CONTRACT.items():
        path = d / f"{src}.csv"
        with path.open(encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert header == cols, src
        assert manifest["files"][path.name]["rows"] > 0, src
    for name in ("ground_truth.csv", "injected_defects.csv", "manifest.json"):
        assert (d / "_truth" / name).exists()


def test_all_values_are_text_and_read_as_varchar(con):
    for src in CONTRACT:
        n = q(con, f"select count(*) from {src}")[0][0]
        assert n > 0
        types = {r[1] for r in q(con, f"describe {src}")}
        assert types == {"VARCHAR"}, src


def test_activity_window(con):
    lo, hi = q(con, """select min(try_cast(event_at as timestamptz)), max(try_cast(event_at as timestamptz))
                       from web_events where event_at < '2030'""")[0]
    assert str(lo)[:10] >= "2024-01-01" and str(hi)[:10] <= "2025-12-31"
    lo, hi = q(con, """select min(try_cast(ordered_at as timestamptz)), max(try_cast(ordered_at as timestamptz))
                       from shop_orders where ordered_at < '2030'""")[0]
    assert str(lo)[:10] >= "2024-01-01" and str(hi)[:10] <= "2025-12-31"
    lo, hi = q(con, """select min(to_timestamp(try_cast(occurred_at as bigint))),
                              max(to_timestamp(try_cast(occurred_at as bigint)))
                       from email_events where try_cast(occurred_at as bigint) < 1900000000""")[0]
    assert str(lo)[:10] >= "2024-01-01" and str(hi)[:10] <= "2025-12-31"


# -- dirt rates ----------------------------------------------------------------------------------
def _within(measured, expected, rel=0.5, abs_tol=0.004):
    return abs(measured - expected) <= max(expected * rel, abs_tol)


@pytest.fixture(scope="module")
def person_emails(con):
    return q(con, """
        select email from crm_customers where email is not null
        union all select email from loyalty_members where email is not null
        union all select email from shop_orders where email is not null
    """)


def test_email_dirt_rates(con, person_emails):
    emails = [e for (e,) in person_emails]
    n = len(emails)
    assert n > 2000
    placeholder = sum(e.strip().lower() in PLACEHOLDER_EMAILS for e in emails) / n
    import re
    rx = re.compile(EMAIL_RE)
    invalid = sum(not rx.match(e.strip()) for e in emails) / n
    spaces = sum(e != e.strip() for e in emails) / n
    upper = sum(e == e.upper() and e != e.lower() for e in emails) / n
    capital = sum(e != e.upper() and e != e.lower() for e in emails) / n
    plus = sum("+" in e.split("@")[0] for e in emails) / n
    assert _within(placeholder, DIRT["email_placeholder"]["rate"])
    assert _within(invalid, DIRT["email_invalid"]["rate"])
    assert _within(spaces, DIRT["email_whitespace"]["rate"])
    assert _within(upper, DIRT["email_upper_case"]["rate"])
    assert _within(capital, DIRT["email_capitalized"]["rate"])
    assert _within(plus, DIRT["email_plus_tag"]["rate"])


def test_placeholders_are_shared_by_many_people(con):
    rows = q(con, """
        select lower(trim(o.email)), count(distinct g.person_id) from shop_orders o
        join ground_truth g on g.source_name = 'shop_orders' and g.source_record_id = o.order_id
        where lower(trim(o.email)) in (select unnest(?::varchar[])) group by 1
    """.replace("?::varchar[]", str(PLACEHOLDER_EMAILS)))
    assert sum(n for _, n in rows) >= 10
    assert all(n >= 1 for _, n in rows)


def test_phone_formats(con):
    phones = [p for (p,) in q(con, """
        select phone from crm_customers where phone is not null
        union all select phone from loyalty_members where phone is not null
        union all select phone from shop_orders where phone is not null""")]
    n = len(phones)
    intl = sum(p.startswith("+") for p in phones) / n
    zz = sum(p.startswith("00") and p not in PLACEHOLDER_PHONES for p in phones) / n
    placeholder = sum(p in PLACEHOLDER_PHONES for p in phones) / n
    punct = sum(("." in p or "-" in p or "(" in p) for p in phones) / n
    assert _within(intl, DIRT["phone_international"]["rate"] + 0.03, rel=0.25)
    assert _within(zz, DIRT["phone_00_prefix"]["rate"], rel=0.4)
    assert _within(placeholder, DIRT["phone_placeholder"]["rate"])
    assert 0.12 < punct < 0.35
    # country-correct shapes: GB landlines in London read 020 xxxx xxxx nationally
    assert any(p.startswith("020 ") and len(p) == 13 for p in phones)
    assert any(p.startswith("+44 20 ") for p in phones) or any(p.startswith("+44 7") for p in phones)
    assert any(p.startswith("(") and ") " in p and "-" in p for p in phones)  # US (212) 555-0123


def test_birth_dates_and_timestamps(con):
    rows = [b for (b,) in q(con, "select birth_date from crm_customers where birth_date is not null "
                                 "union all select birth_date from loyalty_members where birth_date is not null")]
    n = len(rows)
    non_iso = sum(not (len(b) == 10 and b[4] == "-") for b in rows) / n
    assert _within(non_iso, DIRT["birth_date_formats"]["rate"], rel=0.2)
    implausible = q(con, """
        with b as (select try_strptime(birth_date, ['%Y-%m-%d', '%d/%m/%Y', '%d.%m.%Y', '%Y%m%d']) as d,
                          coalesce(try_cast(created_at as timestamptz),
                                   try_strptime(created_at, '%d/%m/%Y %H:%M')::timestamptz) as t
                   from crm_customers where birth_date is not null)
        select avg(case when d < date '1910-01-01' or d > t - interval 14 year then 1.0 else 0 end) from b
        where d is not null and t is not null""")[0][0]
    assert _within(float(implausible), DIRT["birth_date_implausible"]["rate"], rel=0.7)
    fmts = q(con, """select avg(case when created_at like '____-__-__ __:__:__' then 1.0 else 0 end),
                            avg(case when created_at like '__/__/____ __:__' then 1.0 else 0 end)
                     from crm_customers where created_at is not null""")[0]
    assert _within(float(fmts[0]), 1 - DIRT["crm_timestamp_formats"]["rate"], rel=0.15)
    assert float(fmts[1]) > 0.08
    offsets = q(con, "select avg(case when ordered_at like '%Z' then 1.0 else 0 end) from shop_orders")[0][0]
    assert _within(float(offsets), 1 - DIRT["offset_timestamps"]["rate"], rel=0.3)


def test_other_dirt_rates(con):
    def share(sql):
        return float(q(con, sql)[0][0])

    spelled = share("select avg(case when regexp_matches(country, '^[A-Z]{2}$') then 0.0 else 1 end) "
                    "from crm_customers where country is not null")
    assert _within(spelled, DIRT["country_spellings"]["rate"], rel=0.25)
    millis = share("select avg(case when event_at like '%.___Z' then 1.0 else 0 end) from web_events")
    assert _within(millis, DIRT["web_millis"]["rate"], rel=0.3)
    esp_case = share("select avg(case when recipient <> lower(recipient) then 1.0 else 0 end) from email_events")
    assert _within(esp_case, DIRT["esp_recipient_case"]["rate"], rel=0.5)
    unknown = share("select avg(case when product_id not in (select product_id from products) then 1.0 else 0 end) "
                    "from web_events where product_id is not null")
    assert _within(unknown, DIRT["web_unknown_product"]["rate"], abs_tol=0.002)
    postal = share("""select avg(case when postal_code <> upper(postal_code) or postal_code not like '% %' then 1.0
                      else 0 end) from crm_customers where country in ('GB', 'United Kingdom', 'uk', 'UK', 'England',
                      'NL', 'Netherlands', 'The Netherlands', 'Holland', 'nl') and postal_code is not null""")
    assert _within(postal, DIRT["postal_code_variants"]["rate"], rel=0.5)
    case = share("select avg(case when last_name = upper(last_name) or last_name = lower(last_name) then 1.0 else 0 "
                 "end) from crm_customers where last_name is not null")
    assert _within(case, DIRT["name_case"]["rate"], rel=0.5)
    missing = share("select avg(case when street is null then 1.0 else 0 end) from crm_customers")
    assert _within(missing, DIRT["missing_optional"]["rate"], rel=0.5)
    accents = share("""with n as (select first_name as n from crm_customers union all select first_name from
                       loyalty_members union all select shipping_first_name from shop_orders)
                       select avg(case when n = strip_accents(n) then 1.0 else 0 end) from n
                       where lower(strip_accents(n)) in (select lower(strip_accents(first_name)) from crm_customers
                                                         where first_name <> strip_accents(first_name))""")
    assert 0.2 < accents < 0.6  # accents stripped on ~30% of accented names (plus people who spell it so)


def test_exact_duplicates_per_file(con, world_dir):
    _, manifest = world_dir
    for src in CONTRACT:
        total, distinct = q(con, f"select (select count(*) from {src}), (select count(*) from (select distinct * "
                                 f"from {src}))")[0]
        info = manifest["files"][f"{src}.csv"]
        assert total == info["rows"]
        assert total - distinct == info["exact_duplicate_rows"], src
        if total > 500:
            assert _within((total - distinct) / total, DIRT["exact_duplicate"]["rate"], rel=0.35), src


def test_names_accents_countries_and_postcodes(con):
    names = {r[0] for r in q(con, "select last_name from crm_customers")}
    assert {"Müller", "Çelik"} & names or any("ü" in n or "Ç" in n for n in names if n)
    firsts = {r[0] for r in q(con, "select first_name from crm_customers where first_name is not null")}
    assert any(any(ch in n for ch in "éèëüöäçñ") for n in firsts)
    spellings = {r[0] for r in q(con, "select distinct country from crm_customers")}
    assert {"GB", "United Kingdom", "uk"} <= spellings
    pcs = [r[0] for r in q(con, "select postal_code from crm_customers where country in ('GB', 'United Kingdom') "
                                "and postal_code is not null")]
    import re
    assert sum(bool(re.match(r"^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$", p)) for p in pcs) / len(pcs) > 0.85


def test_households_share_last_name_and_address(con):
    # people who share street + postal code + last name but are different persons exist (~10% of persons)
    n = q(con, """
        with c as (select distinct c.crm_id, c.last_name, c.street, c.postal_code, g.person_id
                   from crm_customers c join ground_truth g on g.source_name = 'crm_customers'
                   and g.source_record_id = c.crm_id where c.street is not null and c.postal_code is not null)
        select count(*) from (select lower(last_name), street, postal_code from c group by all
                              having count(distinct person_id) > 1)""")[0][0]
    assert n >= 20


def test_loyalty_members_hold_the_persons_address(con):
    """Loyalty street / city / country: the member's own address (the one of its postal code, old or new), with the
    CRM's noise (missing values, country spellings that seed country_codes knows)."""
    def share(sql):
        return float(q(con, sql)[0][0])

    for col in ("street", "city", "country"):
        missing = share(f"select avg(case when {col} is null then 1.0 else 0 end) from loyalty_members")
        assert _within(missing, DIRT["missing_optional"]["rate"], rel=0.6), col
    spelled = share("select avg(case when regexp_matches(country, '^[A-Z]{2}$') then 0.0 else 1 end) "
                    "from loyalty_members where country is not null")
    assert _within(spelled, DIRT["country_spellings"]["rate"], rel=0.3)
    aliases = {r[0] for r in duckdb.connect().execute(
        f"select country_alias from read_csv('{REPO / 'seeds' / 'country_codes.csv'}', all_varchar=true)").fetchall()}
    spellings = {r[0].lower() for r in q(con, "select distinct country from loyalty_members where country is not null")}
    assert spellings <= aliases and len(spellings) >= 10
    # against the same person's CRM records (ground truth): the same country always; the same street and city unless
    # the person moved between the two; street and postal code always from the same address
    c = duckdb.connect()
    c.execute(f"create view country_codes as select * from read_csv('{REPO / 'seeds' / 'country_codes.csv'}', "
              "all_varchar=true)")
    rows = q(con, """
        with members as (
            select l.*, g.person_id from loyalty_members l join ground_truth g
                on g.source_name = 'loyalty_members' and g.source_record_id = l.card_number
        ),
        contacts as (
            select k.*, g.person_id from crm_customers k join ground_truth g
                on g.source_name = 'crm_customers' and g.source_record_id = k.crm_id
        ),
        pairs as (
            select
                m.card_number,
                bool_or(upper(trim(m.country)) = upper(trim(k.country))
                        or lower(trim(m.country)) = lower(trim(k.country))) as same_spelling,
                bool_or(m.street = k.street and m.city = k.city) as same_street_city,
                bool_and(m.street <> k.street or m.postal_code is null or k.postal_code is null
                         or regexp_replace(upper(replace(m.postal_code, ' ', '')), '-[0-9]{4}$', '')
                            = regexp_replace(upper(replace(k.postal_code, ' ', '')), '-[0-9]{4}$', '')
                ) as same_street_same_postal
            from members m join contacts k on k.person_id = m.person_id
            where m.street is not null and k.street is not null and m.city is not null and k.city is not null
            group by 1
        )
        select count(*), avg(same_street_city::int), avg(same_street_same_postal::int) from pairs""")
    n, street_city, street_postal = rows[0]
    assert n > 200
    assert street_city > 0.85
    assert street_postal == 1.0
    mismatched_country = q(con, """
        with members as (
            select l.*, g.person_id from loyalty_members l join ground_truth g
                on g.source_name = 'loyalty_members' and g.source_record_id = l.card_number
        ),
        contacts as (
            select k.*, g.person_id from crm_customers k join ground_truth g
                on g.source_name = 'crm_customers' and g.source_record_id = k.crm_id
        )
        select distinct lower(trim(m.country)), lower(trim(k.country))
        from members m join contacts k on k.person_id = m.person_id
        where m.country is not null and k.country is not null""")
    to_code = dict(c.execute("select country_alias, country_code from country_codes").fetchall())
    assert mismatched_country and all(to_code[a] == to_code[b] for a, b in mismatched_country)


# -- ground truth ----------------------------------------------------------------------------------
RECORD_SQL = {
    "crm_customers": "select distinct crm_id as id from crm_customers where crm_id is not null",
    "loyalty_members": "select distinct card_number as id from loyalty_members",
    "shop_orders": "select distinct order_id as id from shop_orders where crm_id is not null or email is not null "
                   "or phone is not null",
    "pos_transactions": "select distinct transaction_id as id from pos_transactions "
                        "where loyalty_card_number is not null",
    "web_events": "select distinct anonymous_id as id from web_events",
    "enrichment_demographics": "select distinct email_sha256 as id from enrichment_demographics",
}


def test_ground_truth_covers_every_person_bearing_record_once(con):
    assert set(RECORD_SQL) == set(PERSON_SOURCES)
    dup = q(con, "select count(*) from (select source_name, source_record_id from ground_truth group by all "
                 "having count(*) > 1)")[0][0]
    assert dup == 0
    for src, sql in RECORD_SQL.items():
        files = {r[0] for r in q(con, sql)}
        truth = {r[0] for r in q(con, f"select source_record_id from ground_truth where source_name = '{src}'")}
        # defects may change a record id (none of the person-bearing ones do); everything else must match
        assert files == truth, (src, len(files - truth), len(truth - files))
    assert {r[0] for r in q(con, "select distinct source_name from ground_truth")} == set(PERSON_SOURCES)


def test_ground_truth_is_consistent_with_identifiers(con):
    # all records with the same crm_id (CRM, account orders, logins) belong to one person
    bad = q(con, """
        with ids as (
            select c.crm_id, g.person_id from crm_customers c
            join ground_truth g on g.source_name = 'crm_customers' and g.source_record_id = c.crm_id
            union all
            select o.crm_id, g.person_id from shop_orders o
            join ground_truth g on g.source_name = 'shop_orders' and g.source_record_id = o.order_id
            where o.crm_id is not null
            union all
            select w.user_id, g.person_id from web_events w
            join ground_truth g on g.source_name = 'web_events' and g.source_record_id = w.anonymous_id
            where w.user_id is not null
        )
        select count(*) from (select crm_id from ids group by 1 having count(distinct person_id) > 1)""")[0][0]
    assert bad == 0
    bad = q(con, """
        select count(*) from (
            select p.loyalty_card_number from pos_transactions p
            join ground_truth g on g.source_name = 'pos_transactions' and g.source_record_id = p.transaction_id
            join ground_truth gl on gl.source_name = 'loyalty_members' and gl.source_record_id = p.loyalty_card_number
            where g.person_id <> gl.person_id)""")[0][0]
    assert bad == 0
    # each cookie of a known person logs in at least once; anonymous-only cookies are prospects of their own
    rows = q(con, """
        with c as (select anonymous_id, max(user_id) as u from web_events group by 1)
        select count(*) filter (where u is null),
               count(*) filter (where u is null and g.person_id in (
                   select person_id from ground_truth where source_name <> 'web_events'))
        from c join ground_truth g on g.source_name = 'web_events' and g.source_record_id = c.anonymous_id""")[0]
    assert rows[0] > 0 and rows[1] == 0
    # enrichment hashes are sha256 of the trimmed lower-case email of the same person
    bad = q(con, """
        with e as (select sha256(lower(trim(c.email))) as h, g.person_id from crm_customers c
                   join ground_truth g on g.source_name = 'crm_customers' and g.source_record_id = c.crm_id
                   where c.email is not null)
        select count(*) from enrichment_demographics d
        join ground_truth g on g.source_name = 'enrichment_demographics' and g.source_record_id = d.email_sha256
        join e on e.h = d.email_sha256 where e.person_id <> g.person_id""")[0][0]
    assert bad == 0


def test_identity_feasibility_share_in_manifest(world_dir):
    _, manifest = world_dir
    feas = manifest["identity_feasibility"]
    assert feas["person_bearing_records"] > 5000
    assert feas["unlinkable_share"] < 0.003


def test_simple_resolver_reaches_precision_and_recall(con):
    """Exact identifiers (crm id, normalized email, phone, card, email hash) + exact name & birth date
    already link the records well enough: the data set is resolvable by design."""
    pe = ", ".join(f"'{e}'" for e in PLACEHOLDER_EMAILS)
    pp = ", ".join(f"'{p}'" for p in {"".join(ch for ch in p if ch.isdigit())[-9:] for p in PLACEHOLDER_PHONES})
    con.execute(f"""
        create or replace macro n_email(e) as case when regexp_matches(lower(trim(e)), '{EMAIL_RE}')
            and lower(trim(e)) not in ({pe})
            then regexp_replace(lower(trim(e)), '\\+[^@]*@', '@') end;
        create or replace macro n_phone(p) as case when length(regexp_replace(p, '[^0-9]', '', 'g')) >= 9
            and right(regexp_replace(p, '[^0-9]', '', 'g'), 9) not in ({pp})
            then right(regexp_replace(p, '[^0-9]', '', 'g'), 9) end;
        create or replace macro n_name(f, l, b) as case when b is not null and f is not null and l is not null then
            lower(strip_accents(trim(f))) || '|' || lower(strip_accents(trim(l))) || '|' || b end;
        create or replace table rec_keys as
        select 'crm_customers' as s, crm_id as id, unnest([
            'c:' || crm_id, 'e:' || n_email(email), 'p:' || n_phone(phone),
            'h:' || sha256(n_email(email)),
            'n:' || n_name(first_name, last_name, try_strptime(birth_date, ['%Y-%m-%d', '%d/%m/%Y', '%d.%m.%Y', '%Y%m%d'])::date::varchar)]) as k
        from crm_customers
        union all
        select 'loyalty_members', card_number, unnest(['l:' || card_number, 'e:' || n_email(email),
            'p:' || n_phone(phone), 'h:' || sha256(n_email(email)),
            'n:' || n_name(first_name, last_name, try_strptime(birth_date, ['%Y-%m-%d', '%d/%m/%Y', '%d.%m.%Y', '%Y%m%d'])::date::varchar)])
        from loyalty_members
        union all
        select 'shop_orders', order_id, unnest(['c:' || crm_id, 'e:' || n_email(email), 'p:' || n_phone(phone),
                                                'h:' || sha256(n_email(email))])
        from shop_orders
        union all
        select 'pos_transactions', transaction_id, unnest(['l:' || loyalty_card_number]) from pos_transactions
        union all
        select 'web_events', anonymous_id, unnest(['c:' || user_id]) from web_events
        union all
        select 'enrichment_demographics', email_sha256, unnest(['h:' || email_sha256]) from enrichment_demographics
    """)
    recs = q(con, "select source_name, source_record_id, person_id from ground_truth order by 1, 2")
    index = {(s, i): n for n, (s, i, _) in enumerate(recs)}
    person = np.array([hash(p) for _, _, p in recs])
    edges = q(con, "select distinct s, id, k from rec_keys where k is not null")
    by_key: dict[str, list[int]] = {}
    for s, i, k in edges:
        if (s, i) in index:
            by_key.setdefault(k, []).append(index[(s, i)])
    parent = list(range(len(recs)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for nodes in by_key.values():
        r0 = find(nodes[0])
        for x in nodes[1:]:
            rx = find(x)
            if rx != r0:
                parent[rx] = r0
    cluster = np.array([find(i) for i in range(len(recs))])

    def pairs(labels):
        _, c = np.unique(labels, return_counts=True)
        return int((c * (c - 1) // 2).sum())

    # true positives: pairs in the same cluster and of the same person
    _, inv = np.unique(np.stack([cluster, person]), axis=1, return_inverse=True)
    tp = pairs(inv.ravel())
    precision = tp / pairs(cluster)
    recall = tp / pairs(person)
    assert precision >= 0.995, precision
    assert recall >= 0.98, recall  # fuzzy matching on names/addresses closes most of the rest


# -- injected defects -------------------------------------------------------------------------------
def test_injected_defects_are_exactly_what_the_rules_reject(con):
    claimed = {tuple(r) for r in q(con, "select source_name, source_record_id, rule_name from injected_defects")}
    found = reference_rejections(con)
    assert claimed == found, (sorted(claimed - found)[:10], sorted(found - claimed)[:10])
    rules = {r for _, _, r in claimed}
    expected = {r for rs in REJECT_RULES.values() for r in rs} | {"superseded_version"}
    assert rules == expected
    per_source = {}
    for s, _, r in claimed:
        per_source.setdefault(s, set()).add(r)
    for s, rs in REJECT_RULES.items():
        assert set(rs) <= per_source.get(s, set()), s


def test_defective_records_stay_in_ground_truth(con):
    missing = q(con, """
        select count(*) from injected_defects d
        where d.source_name in ('crm_customers', 'loyalty_members', 'shop_orders', 'enrichment_demographics')
          and d.rule_name not in ('invalid_email_sha256')
          and d.source_record_id not in (select source_record_id from ground_truth)
          and not (d.source_name = 'shop_orders' and d.source_record_id in (
              select order_id from shop_orders where crm_id is null and email is null and phone is null))""")[0][0]
    assert missing == 0


# -- seeds ------------------------------------------------------------------------------------------
def test_seed_files_match_the_generator():
    contents = seed_contents()
    for name in SEED_FILES:
        assert (REPO / "seeds" / name).read_text(encoding="utf-8") == contents[name], name


def test_seeds_cover_what_the_generator_emits(con):
    seeds = duckdb.connect()
    for name in SEED_FILES:
        seeds.execute(f"create view {name[:-4]} as select * from read_csv('{REPO / 'seeds' / name}', all_varchar=true)")
    stores = {r[0] for r in seeds.execute("select store_id from store_timezones").fetchall()}
    used = {r[0] for r in q(con, "select distinct store_id from pos_transactions union select distinct home_store_id "
                                 "from loyalty_members where home_store_id is not null")}
    assert used - stores == {"ST99", "ST00", "ST-TEST"} & used  # only the injected unknown stores
    assert len(stores) >= 18
    tz = dict(seeds.execute("select store_id, timezone from store_timezones").fetchall())
    assert {"Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Amsterdam", "America/New_York",
            "America/Los_Angeles"} == set(tz.values())
    currencies = {r[0] for r in seeds.execute("select distinct currency_code from currency_rates").fetchall()}
    assert {r[0] for r in q(con, "select distinct currency from shop_orders where currency in ('EUR', 'GBP', 'USD') "
                                 "union select distinct currency from pos_transactions "
                                 "where currency is not null")} <= currencies
    lo, hi, n_eur = seeds.execute("select min(valid_from), max(valid_from), count(*) filter "
                                  "(where currency_code = 'EUR' and rate_to_reporting::double <> 1) "
                                  "from currency_rates").fetchall()[0]
    assert lo == "2023-01-02" and hi == "2026-12-28" and n_eur == 0
    aliases = {r[0] for r in seeds.execute("select country_alias from country_codes").fetchall()}
    spelled = {r[0].lower() for r in q(con, "select country from crm_customers where country is not null union "
                                            "select shipping_country from shop_orders where shipping_country is not null "
                                            "union select country from loyalty_members where country is not null")}
    assert spelled <= aliases
    web = {r[0] for r in seeds.execute("select source_label from category_mapping where label_system = 'web'").fetchall()}
    store = {r[0] for r in seeds.execute("select source_label from category_mapping where label_system = 'store'")
             .fetchall()}
    assert set(ref.LEGACY_WEB_LABELS.values()) <= web
    used_web = {r[0] for r in q(con, "select distinct web_category from products")}
    used_store = {r[0] for r in q(con, "select distinct store_category from products")}
    assert used_web - web == {ref.UNMAPPED_WEB_LABEL}
    assert used_store - store == {ref.UNMAPPED_STORE_CODE}


# -- behaviour: preferences and experiments ----------------------------------------------------------
def test_co_occurrence_beats_popularity(con):
    """Hold out each person's last purchase: item-to-item co-occurrence must beat popularity by >= 50%."""
    rows = q(con, """
        with p as (
            select g.person_id, o.order_id as pid, try_cast(o.ordered_at as timestamptz) as t, i.product_id
            from shop_orders o
            join ground_truth g on g.source_name = 'shop_orders' and g.source_record_id = o.order_id
            join shop_order_items i on i.order_id = o.order_id
            union all
            select g.person_id, t.transaction_id, try_cast(t.transacted_at as timestamp)::timestamptz, i.product_id
            from pos_transactions t
            join ground_truth g on g.source_name = 'pos_transactions' and g.source_record_id = t.transaction_id
            join pos_transaction_items i on i.transaction_id = t.transaction_id)
        select distinct person_id, pid, t, product_id from p where t is not null order by 1, 3, 2, 4""")
    by_person: dict[str, list] = {}
    for person, pid, t, prod in rows:
        by_person.setdefault(person, []).append((t, pid, prod))
    prods = sorted({r[3] for r in rows})
    idx = {p: i for i, p in enumerate(prods)}
    train, test = {}, {}
    for person, items in by_person.items():
        last_t = max(t for t, _, _ in items)
        hist = {idx[p] for t, _, p in items if t != last_t}
        if hist and len({pid for _, pid, _ in items}) >= 2:
            train[person] = hist
            test[person] = {idx[p] for t, _, p in items if t == last_t}
        else:
            train[person] = {idx[p] for _, _, p in items}
    n = len(prods)
    co = np.zeros((n, n))
    pop = np.zeros(n)
    for hist in train.values():
        h = np.fromiter(hist, dtype=np.int64)
        co[np.ix_(h, h)] += 1
        pop[h] += 1
    np.fill_diagonal(co, 0)
    hit_co = hit_pop = 0
    for person, target in test.items():
        h = np.fromiter(train[person], dtype=np.int64)
        s = co[h].sum(axis=0) + pop * 1e-6
        s[h] = -1
        p = pop.copy()
        p[h] = -1
        hit_co += bool(target & set(np.argsort(-s)[:10]))
        hit_pop += bool(target & set(np.argsort(-p)[:10]))
    assert len(test) > 300
    assert hit_co >= 1.5 * hit_pop, (hit_co, hit_pop, len(test))


def test_experiments_have_a_real_treatment_effect(con, world_dir):
    _, manifest = world_dir
    assert set(manifest["experiments"]) == {r[0] for r in q(con, "select distinct experiment_id from "
                                                                 "experiment_assignments")}
    rows = q(con, """
        with a as (select subject, variant, try_cast(assigned_at as timestamptz) as t from experiment_assignments
                   where subject_type = 'anonymous_id'),
        conv as (select a.subject, a.variant, max(case when w.event_type = 'purchase'
                     and try_cast(w.event_at as timestamptz) between a.t and a.t + interval 14 day then 1 else 0 end) as c
                 from a left join web_events w on w.anonymous_id = a.subject group by 1, 2)
        select variant, avg(c), count(*) from conv group by 1 order by 1""")
    rate = {v: float(c) for v, c, _ in rows}
    assert rate["one_click_checkout"] > rate["control"] * 1.3
    rows = q(con, """
        with a as (select subject, variant, try_cast(assigned_at as timestamptz) as t from experiment_assignments
                   where subject_type = 'email'),
        conv as (select a.subject, a.variant, max(case when try_cast(o.ordered_at as timestamptz)
                     between a.t and a.t + interval 14 day then 1 else 0 end) as c
                 from a left join shop_orders o on lower(trim(o.email)) = a.subject group by 1, 2)
        select variant, avg(c) from conv group by 1""")
    rate = {v: float(c) for v, c in rows}
    assert rate["personalized_subject"] > rate["control"] * 1.3


def test_manifest_documents_rates_and_counts(world_dir):
    d, manifest = world_dir
    on_disk = json.loads((d / "_truth" / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk["seed"] == SEED and on_disk["customers"] == N_CUSTOMERS
    assert set(on_disk["dirt_rates"]) == set(DIRT)
    assert {f["source"] for f in on_disk["files"].values()} == set(CONTRACT)
    n_defects = sum(sum(f["defect_rows"].values()) for f in on_disk["files"].values())
    with (d / "_truth" / "injected_defects.csv").open(encoding="utf-8") as fh:
        assert n_defects == sum(1 for _ in fh) - 1
    digest = hashlib.sha256((d / "_truth" / "manifest.json").read_bytes()).hexdigest()
    assert len(digest) == 64


def test_docs_list_every_rate():
    text = (REPO / "docs" / "generator.md").read_text(encoding="utf-8")
    for key, spec in DIRT.items():
        assert f"`{key}`" in text, key
        assert f"| {spec['rate']} |" in text.replace("| 0.40 |", "| 0.4 |").replace("| 0.30 |", "| 0.3 |"), key


def test_bundled_demo_is_what_make_demo_data_writes(tmp_path):
    """data/demo must be in sync with the generator (`make demo-data`: 2000 customers, seed 42, csv) and small."""
    demo = REPO / "data" / "demo"
    generate(tmp_path / "demo", 2000, 42, "csv")
    assert _file_bytes(demo) == _file_bytes(tmp_path / "demo")
    assert sum(len(b) for b in _file_bytes(demo).values()) < 12 * 1024 * 1024
    c = duckdb.connect()
    for src in CONTRACT:
        n = c.execute(f"select count(*) from read_csv('{demo / (src + '.csv')}', all_varchar=true)").fetchall()[0][0]
        assert n > 0, src
