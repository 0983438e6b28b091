"""Rejecting defects and exact duplicate rows, injected into the rendered export tables.

Each rejecting rule of docs/validation_rules.md is injected into distinct rows (one defect per
row) by overwriting one column with a value that breaks exactly that rule. The row keeps its
record id (except ``orphan_line_item``, which points the line at a parent that does not exist),
so ``_truth/injected_defects.csv`` can name it.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .config import DIRT, REJECT_RULES

# 2032 and 2036 are leap years: a 29 February keeps parsing after the year is replaced
_FUTURE_YEAR = "(2032 + 4 * (_rid % 2))::varchar || substr({c}, 5)"
_SECONDS_2024_TO_2032 = 2922 * 86_400

# A defect that staging keeps (a flag, not a quarantine row): a garbled birth date makes a contact lose its birth
# date, not the contact. Injected like a rejecting defect (third element of a variant), but not in injected_defects.
NON_REJECTING_DEFECTS = {"garbled_birth_date"}

# rule -> list of (column, SQL expression of the new value[, defect recorded instead of the rule]); variants rotate
# over the chosen rows
DEFECTS: dict[str, dict[str, list[tuple[str, str]]]] = {
    "crm_customers": {
        "missing_required_field": [("created_at", "null")],
        "unparseable_value": [
            ("created_at", "['2024-13-45 10:00:00', '31/02/2024 10:15', '2023-02-30 08:00:00', 'Mon 32 Jan 2024']"
                           "[1 + _rid % 4]"),
            ("birth_date", "['1985-02-30', '31.13.1990', '19851345'][1 + _rid % 3]", "garbled_birth_date"),
        ],
    },
    "loyalty_members": {
        "missing_required_field": [("enrolled_at", "null")],
        "unparseable_value": [
            ("enrolled_at", "['2024-00-10 10:00:00', '########', '2023-02-29 12:00:00'][1 + _rid % 3]"),
            ("birth_date", "['30/02/1980', '1979-14-02'][1 + _rid % 2]", "garbled_birth_date"),
        ],
    },
    "web_events": {
        "missing_required_field": [("event_type", "null"), ("event_at", "null")],
        "unparseable_value": [
            ("event_at", "['undefined', '2024-02-30T10:00:00Z', 'Invalid Date'][1 + _rid % 3]"),
            ("event_type", "['pageview', 'add-to-cart', 'productView'][1 + _rid % 3]"),
            ("device_type", "'smart_tv'"),
        ],
        "future_timestamp": [("event_at", _FUTURE_YEAR.format(c="event_at"))],
    },
    "shop_orders": {
        "missing_required_field": [("ordered_at", "null"), ("order_total", "null"), ("status", "null"),
                                   ("currency", "null")],
        "unparseable_value": [
            ("order_total", "replace(order_total, '.', ',')"),
            ("ordered_at", "'2024-13-01T10:00:00+01:00'"),
            ("status", "['shipped', 'pending'][1 + _rid % 2]"),
        ],
        "future_timestamp": [("ordered_at", _FUTURE_YEAR.format(c="ordered_at"))],
        "negative_amount": [("order_total", "'-' || order_total")],
        "amount_above_cap": [("order_total", "(150000 + _rid % 50000)::varchar || '.00'")],
    },
    "shop_order_items": {
        "missing_required_field": [("quantity", "null"), ("unit_price", "null")],
        "unparseable_value": [("quantity", "['one', '1,5', 'x2'][1 + _rid % 3]"),
                              ("unit_price", "unit_price || ' EUR'")],
        "orphan_line_item": [("order_id", "'SO9' || lpad(_rid::varchar, 7, '0')")],
        "unknown_product_id": [("product_id", "'P9' || lpad((_rid % 10000)::varchar, 4, '0')")],
        "negative_amount": [("unit_price", "'-' || unit_price")],
    },
    "pos_transactions": {
        "missing_required_field": [("transacted_at", "null"), ("total_amount", "null"), ("currency", "null")],
        "unparseable_value": [("transacted_at", "['########', '2024-02-30 12:00:00'][1 + _rid % 2]"),
                              ("total_amount", "replace(total_amount, '.', ',') || ',00'")],
        "future_timestamp": [("transacted_at", _FUTURE_YEAR.format(c="transacted_at"))],
        "unknown_store": [("store_id", "['ST99', 'ST00', 'ST-TEST'][1 + _rid % 3]")],
        "negative_amount": [("total_amount", "'-' || total_amount")],
        "amount_above_cap": [("total_amount", "(150000 + _rid % 50000)::varchar")],
    },
    "pos_transaction_items": {
        "missing_required_field": [("quantity", "null"), ("unit_price", "null")],
        "unparseable_value": [("quantity", "['one', '1,5'][1 + _rid % 2]"), ("unit_price", "'€' || unit_price")],
        "orphan_line_item": [("transaction_id", "'ST00-' || lpad(_rid::varchar, 8, '0')")],
        "unknown_product_id": [("product_id", "'P9' || lpad((_rid % 10000)::varchar, 4, '0')")],
        "negative_amount": [("unit_price", "'-' || unit_price")],
    },
    "email_events": {
        "missing_required_field": [("campaign_id", "null"), ("event_type", "null"), ("occurred_at", "null")],
        "unparseable_value": [
            ("occurred_at", "strftime(make_timestamp(occurred_at::bigint * 1000000), '%Y-%m-%dT%H:%M:%SZ')"),
            ("event_type", "['opened', 'clicked'][1 + _rid % 2]"),
        ],
        "future_timestamp": [("occurred_at", f"(occurred_at::bigint + {_SECONDS_2024_TO_2032})::varchar")],
        "invalid_email": [("recipient", "[replace(recipient, '@', ' at '), replace(recipient, '@', ''), "
                                        "replace(recipient, '@', '@@'), split_part(recipient, '@', 1) || '@']"
                                        "[1 + _rid % 4]")],
    },
    "enrichment_demographics": {
        "unparseable_value": [("household_size", "['two', 'several'][1 + _rid % 2]"),
                              ("updated_at", "'2024-13-01'")],
        "invalid_email_sha256": [("email_sha256", "[md5(email_sha256), substr(email_sha256, 1, 63)][1 + _rid % 2]")],
    },
    "consent_events": {
        "missing_required_field": [("status", "null"), ("purpose", "null"), ("occurred_at", "null")],
        "unparseable_value": [("status", "['opt-in', 'yes'][1 + _rid % 2]"), ("purpose", "'newsletter'"),
                              ("occurred_at", "'2024-02-30T10:00:00+01:00'")],
        "future_timestamp": [("occurred_at", _FUTURE_YEAR.format(c="occurred_at"))],
    },
}

# columns that form the record key of a row (after defects), per source
KEY_SQL = {
    "shop_order_items": "order_id || '-' || line_number",
    "pos_transaction_items": "transaction_id || '-' || line_number",
    "enrichment_demographics": "email_sha256",
    "email_events": ("md5(" + " || '|' || ".join(f"coalesce({c}, '\\N')" for c in (
        "recipient", "event_type", "occurred_at", "campaign_id", "campaign_type", "bounce_type", "link_url")) + ")"),
}
PARENT = {"shop_order_items": "shop_orders", "pos_transaction_items": "pos_transactions"}


def _register_ids(con, name, ids):
    con.register(name, pa.table({"_rid": pa.array(np.asarray(ids, dtype=np.int64))}))


def inject_defects(con, rng: np.random.Generator, sources: list[str]) -> None:
    """Overwrite values so that chosen rows break exactly one rejecting rule."""
    rate = DIRT["reject_rate"]["rate"]
    for src in sources:
        rules = REJECT_RULES.get(src, [])
        if not rules:
            continue
        table = f"out_{src}"
        if src in PARENT:
            # lines of a rejected parent are orphans (recorded as such)
            parent = f"out_{PARENT[src]}"
            con.execute(f"""
                update {table} set _defect = 'orphan_line_item'
                where _pur in (select _pur from {parent} where _defect is not null)
            """)
        eligible = con.execute(f"""
            select _rid from {table}
            where _defect is null
              and coalesce(_key, '') not in (select _key from {table} where _defect = 'superseded_version')
            order by _rid
        """).fetchnumpy()["_rid"].astype(np.int64)
        n_rows = con.execute(f"select count(*) from {table}").fetchall()[0][0]
        k = max(2, int(round(rate * n_rows)))
        chosen = rng.choice(eligible, size=min(len(eligible), k * len(rules)), replace=False)
        for ri, rule in enumerate(rules):
            ids = np.sort(chosen[ri * k:(ri + 1) * k])
            variants = DEFECTS[src][rule]
            for vi, (col, expr, *recorded) in enumerate(variants):
                vids = ids[vi::len(variants)]
                if not len(vids):
                    continue
                _register_ids(con, "defect_ids", vids)
                con.execute(f"""
                    update {table} set {col} = {expr}, _defect = '{recorded[0] if recorded else rule}'
                    where _rid in (select _rid from defect_ids)
                """)
                con.unregister("defect_ids")
        if src in KEY_SQL:
            # the record key (and, for the enrichment file, the ground-truth id) is what the file now holds
            cond = "" if src != "email_events" else "where _defect is not null"
            gt = ", _gt = email_sha256" if src == "enrichment_demographics" else ""
            con.execute(f"update {table} set _key = {KEY_SQL[src]}{gt} {cond}")


def add_exact_duplicates(con, rng: np.random.Generator, sources: list[str]) -> dict[str, int]:
    """Repeat ~1.5% of the valid rows verbatim: next to the original or somewhere else in the file."""
    rate = DIRT["exact_duplicate"]["rate"]
    counts = {}
    for src in sources:
        table = f"out_{src}"
        eligible = con.execute(f"""
            select _rid from {table}
            where _defect is null
              and coalesce(_key, '') not in (select _key from {table} where _defect = 'superseded_version')
            order by _rid
        """).fetchnumpy()["_rid"].astype(np.int64)
        n_rows, max_rid, max_ord = con.execute(f"select count(*), max(_rid), max(_ord) from {table}").fetchall()[0]
        k = min(len(eligible), max(1 if n_rows >= 50 else 0, int(round(rate * n_rows))))
        ids = np.sort(rng.choice(eligible, size=k, replace=False))
        adjacent = rng.random(k) < 0.6
        new_ord = np.where(adjacent, 0.5, rng.random(k) * max_ord + 0.25)
        con.register("dup_sel", pa.table({"_rid": pa.array(ids), "_new_rid": pa.array(max_rid + 1 + np.arange(k)),
                                          "_adj": pa.array(adjacent), "_new_ord": pa.array(new_ord)}))
        con.execute(f"""
            insert into {table}
            select t.* replace (d._new_rid as _rid,
                                case when d._adj then t._ord + d._new_ord else d._new_ord end as _ord)
            from {table} t join dup_sel d on d._rid = t._rid
        """)
        con.unregister("dup_sel")
        counts[src] = int(k)
    return counts
