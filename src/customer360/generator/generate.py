"""Generate the raw exports of docs/raw_data_contract.md for a synthetic customer world.

    python -m customer360.generate --customers 2000 --seed 42 --out data/demo [--format csv|parquet|json]

Writes one file per raw source table plus ``_truth/`` (ground truth, injected defects, manifest).
The same arguments always give the same bytes. See docs/generator.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np

from . import reference as ref
from .config import DIRT, GENERATOR_VERSION, PLACEHOLDER_EMAILS, PLACEHOLDER_PHONES, REJECT_RULES, WorldConfig
from .defects import NON_REJECTING_DEFECTS, add_exact_duplicates, inject_defects
from .render import K_EMAIL, Renderer
from .seeds import write_seeds
from .world import World

# source table -> contract columns, in contract order
CONTRACT: dict[str, list[str]] = {
    "crm_customers": ["crm_id", "first_name", "last_name", "email", "phone", "birth_date", "gender", "street", "city",
                      "postal_code", "country", "created_at", "updated_at"],
    "web_events": ["event_id", "anonymous_id", "user_id", "event_type", "event_at", "product_id", "order_id",
                   "page_url", "search_query", "utm_source", "utm_medium", "utm_campaign", "device_type"],
    "shop_orders": ["order_id", "crm_id", "email", "phone", "ordered_at", "status", "currency", "order_total",
                    "discount_total", "shipping_first_name", "shipping_last_name", "shipping_street",
                    "shipping_city", "shipping_postal_code", "shipping_country"],
    "shop_order_items": ["order_id", "line_number", "product_id", "quantity", "unit_price", "discount_amount"],
    "pos_transactions": ["transaction_id", "store_id", "loyalty_card_number", "transacted_at", "currency",
                         "total_amount", "discount_amount", "payment_method"],
    "pos_transaction_items": ["transaction_id", "line_number", "product_id", "quantity", "unit_price",
                              "discount_amount"],
    "loyalty_members": ["card_number", "first_name", "last_name", "email", "phone", "birth_date", "street", "city",
                        "postal_code", "country", "home_store_id", "enrolled_at"],
    "email_events": ["recipient", "event_type", "occurred_at", "campaign_id", "campaign_type", "bounce_type",
                     "link_url"],
    "enrichment_demographics": ["email_sha256", "age_band", "income_band", "household_size", "interests",
                                "updated_at"],
    "consent_events": ["consent_event_id", "subject", "subject_type", "purpose", "status", "occurred_at",
                       "source_system"],
    "erasure_requests": ["request_id", "subject", "subject_type", "requested_at"],
    "products": ["product_id", "product_name", "web_category", "store_category", "brand", "price", "currency",
                 "is_consumable"],
    "experiment_assignments": ["experiment_id", "variant", "subject", "subject_type", "assigned_at"],
}
# person-bearing sources (ground truth)
PERSON_SOURCES = ["crm_customers", "loyalty_members", "shop_orders", "pos_transactions", "web_events",
                  "enrichment_demographics"]
EXTENSIONS = {"csv": "csv", "parquet": "parquet", "json": "jsonl"}


def person_id(idx) -> str:
    return f"PER{idx + 1:08d}"


def _components(n_nodes: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components (min-label propagation with pointer jumping)."""
    labels = np.arange(n_nodes)
    if not len(a):
        return labels
    while True:
        m = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, a, m)
        np.minimum.at(new, b, m)
        new = new[new]
        new = new[new]
        if np.array_equal(new, labels):
            return labels
        labels = new


def identity_feasibility(r: Renderer, records: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict:
    """Share of person-bearing records that share no evidence with the rest of their person's records.

    Evidence: an exact identifier (crm_id, email, phone, card) or name + birth date / name + postal
    code of the same person on both records. ``records``: source -> (local record ids, person).
    """
    offsets, total = {}, 0
    for src, (rec, _) in records.items():
        offsets[src] = total
        total += int(rec.max()) + 1 if len(rec) else 0
    node_person = np.full(total, -1, dtype=np.int64)
    for src, (rec, person) in records.items():
        node_person[offsets[src] + rec] = person
    nodes, keys = [], []
    for src, rec, person, ktype, kval in r.evidence:
        if src not in offsets:
            continue
        nodes.append(offsets[src] + rec)
        keys.append(np.int64(ktype) * (1 << 56) + kval.astype(np.int64))
    nodes = np.concatenate(nodes)
    keys = np.concatenate(keys)
    valid = node_person[nodes] >= 0
    nodes, keys = nodes[valid], keys[valid]
    order = np.lexsort((nodes, keys))
    nodes, keys = nodes[order], keys[order]
    first = np.r_[True, keys[1:] != keys[:-1]]
    head = nodes[np.maximum.accumulate(np.where(first, np.arange(len(nodes)), 0))]
    comp = _components(total, nodes, head)
    is_rec = node_person >= 0
    rec_person = node_person[is_rec]
    rec_comp = comp[is_rec]
    # per person: size of the largest component
    pc = rec_person * np.int64(total) + rec_comp
    uniq, cnt = np.unique(pc, return_counts=True)
    u_person = uniq // total
    largest = np.zeros(int(rec_person.max()) + 1, dtype=np.int64)
    np.maximum.at(largest, u_person, cnt)
    per_person = np.bincount(rec_person, minlength=len(largest))
    unlinkable = int((per_person - largest).sum())
    n_rec = int(is_rec.sum())
    multi = per_person > 1
    return {"person_bearing_records": n_rec, "unlinkable_records": unlinkable,
            "unlinkable_share": round(unlinkable / max(n_rec, 1), 6),
            "persons_with_records": int((per_person > 0).sum()), "persons_with_several_records": int(multi.sum())}


def _write(con, src: str, path: Path, fmt: str, threads: int):
    cols = ", ".join(CONTRACT[src])
    query = f"select {cols} from out_{src} order by _ord, _rid"
    if fmt == "csv":
        opts = "(format csv, header true)"
    elif fmt == "parquet":
        opts = "(format parquet, compression zstd, row_group_size 1000000)"
    else:
        opts = "(format json)"
    con.execute(f"copy ({query}) to '{path.as_posix()}' {opts}")


def generate(out: str | Path, customers: int, seed: int, fmt: str = "csv", cfg: WorldConfig | None = None,
             threads: int | None = None, verbose: bool = False) -> dict:
    """Generate a data set; returns the manifest."""
    cfg = cfg or WorldConfig()
    out = Path(out)
    t_start, c_start = time.time(), time.process_time()
    timings = {}

    def tick(label):
        timings[label] = {"wall_s": round(time.time() - t_start, 2), "cpu_s": round(time.process_time() - c_start, 2)}
        if verbose:
            print(f"[{timings[label]['wall_s']:7.1f}s wall {timings[label]['cpu_s']:7.1f}s cpu] {label}",
                  file=sys.stderr)

    world = World(cfg, customers, seed).build()
    tick("world simulated")

    # output directory: remove what an earlier run wrote (only the files this generator writes)
    if out.exists():
        for src in CONTRACT:
            for ext in EXTENSIONS.values():
                (out / f"{src}.{ext}").unlink(missing_ok=True)
        shutil.rmtree(out / "_truth", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / "_truth").mkdir()

    threads = threads or int(os.environ.get("CUSTOMER360_GENERATOR_THREADS", "2"))
    tmp = tempfile.mkdtemp(prefix=".generate_", dir=out)
    try:
        con = duckdb.connect(config={"threads": threads, "preserve_insertion_order": True,
                                     "memory_limit": os.environ.get("CUSTOMER360_GENERATOR_MEMORY", "3GB"),
                                     "temp_directory": tmp})
        con.execute("create table truth_rows (source_name varchar, source_record_id varchar, person bigint)")
        con.execute("create table defect_rows (source_name varchar, source_record_id varchar, rule_name varchar)")
        rng = np.random.default_rng([seed, 99])
        r = Renderer(world, con)
        files: dict[str, dict] = {}
        enrichment_records = None

        def finish(sources: list[str]):
            """Inject defects and duplicates, write the files, keep truth and defect rows, free memory."""
            nonlocal enrichment_records
            inject_defects(con, rng, sources)
            dups = add_exact_duplicates(con, rng, sources)
            for src in sources:
                path = out / f"{src}.{EXTENSIONS[fmt]}"
                _write(con, src, path, fmt, threads)
                rows = con.execute(f"select count(*) from out_{src}").fetchall()[0][0]
                rejecting = "_defect is not null and _defect not in (" + ", ".join(
                    f"'{d}'" for d in sorted(NON_REJECTING_DEFECTS)) + ")"
                defects = dict(con.execute(f"""
                    select _defect, count(distinct _key) from out_{src} where {rejecting} group by 1 order by 1
                """).fetchall())
                files[path.name] = {"source": src, "rows": int(rows), "exact_duplicate_rows": dups.get(src, 0),
                                    "defect_rows": {k: int(v) for k, v in defects.items()}}
                if src in PERSON_SOURCES:
                    con.execute(f"""insert into truth_rows select distinct '{src}', _gt, _person from out_{src}
                                    where _gt is not null""")
                con.execute(f"""insert into defect_rows select distinct '{src}', _key, _defect from out_{src}
                                where {rejecting}""")
                if src == "enrichment_demographics":
                    enrichment_records = con.execute(
                        "select _rid, _person from out_enrichment_demographics where _rid < (select count(*) from "
                        "enr_rows) order by _rid").fetchnumpy()
            for src in sources:
                con.execute(f"drop table out_{src}")
            r.release()
            tick("wrote " + ", ".join(sources))

        r.persons_table()
        r.crm()
        crm_rows = r.crm_rows
        finish(["crm_customers"])
        r.loyalty()
        finish(["loyalty_members"])
        r.purchases()
        finish(["shop_orders", "shop_order_items", "pos_transactions", "pos_transaction_items"])
        r.web()
        finish(["web_events"])
        world.events = None  # the largest arrays: free them once written
        r.email()
        finish(["email_events"])
        world.email_events = None
        # enrichment knows emails that a person-bearing record carries in a usable form
        linkable = np.unique(np.concatenate(
            [p[(kv % 2 == 0)] for s, _, p, k, kv in r.evidence if k == K_EMAIL] or [np.zeros(0, dtype=np.int64)]))
        r.enrichment(linkable)
        finish(["enrichment_demographics"])
        r.consent()
        r.erasure()
        r.experiments()
        r.products()
        finish(["consent_events", "erasure_requests", "experiment_assignments", "products"])

        # identity feasibility on the clean evidence
        P = world.persons
        crm_cur = np.flatnonzero(crm_rows["kind"] != 2)
        Q = world.purchases
        on = np.flatnonzero(Q["online"])
        pos = np.flatnonzero(~Q["online"])
        records = {
            "crm_customers": (crm_cur, crm_rows["person"][crm_cur]),
            "loyalty_members": (np.arange(P["has_loyalty"].sum()), np.flatnonzero(P["has_loyalty"])),
            "shop_orders": (np.flatnonzero(r.order_has_gt), Q["person"][on][r.order_has_gt]),
            "pos_transactions": (np.flatnonzero(Q["carded"][pos]), Q["person"][pos][Q["carded"][pos]]),
            "web_events": (world.cookies["cookie"], world.cookies["owner"]),
            "enrichment_demographics": (enrichment_records["_rid"].astype(np.int64),
                                        enrichment_records["_person"].astype(np.int64)),
        }
        feas = identity_feasibility(r, records)
        tick("identity feasibility")

        # --- truth
        con.execute("""
            create or replace table truth as
            select source_name, source_record_id, 'PER' || lpad((person + 1)::varchar, 8, '0') as person_id
            from truth_rows
        """)
        dup = con.execute("""
            select count(*) from (select source_name, source_record_id from truth group by all having count(*) > 1)
        """).fetchall()[0][0]
        assert dup == 0, "every person-bearing record belongs to exactly one person"
        con.execute(f"""copy (select * from truth order by source_name, source_record_id)
                        to '{(out / "_truth" / "ground_truth.csv").as_posix()}' (format csv, header true)""")
        con.execute(f"""copy (select * from defect_rows order by source_name, source_record_id, rule_name)
                        to '{(out / "_truth" / "injected_defects.csv").as_posix()}' (format csv, header true)""")
        gt_counts = dict(con.execute("select source_name, count(*) from truth group by 1 order by 1").fetchall())
        n_persons_truth = con.execute("select count(distinct person_id) from truth").fetchall()[0][0]
        con.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    tick("truth written")

    cfg_dict = json.loads(json.dumps(dataclasses.asdict(cfg), default=lambda o: o.isoformat()))
    manifest = {
        "generator": "customer360.generate",
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "customers": customers,
        "prospects": world.n_prospects,
        "format": fmt,
        "activity_window_utc": [cfg.activity_start.isoformat(), cfg.activity_end.isoformat()],
        "files": dict(sorted(files.items())),
        "ground_truth": {"records_per_source": {k: int(v) for k, v in gt_counts.items()},
                         "persons": int(n_persons_truth)},
        "identity_feasibility": feas,
        "dirt_rates": DIRT,
        "reject_rules_injected": REJECT_RULES,
        "placeholder_values": {"email": PLACEHOLDER_EMAILS, "phone": PLACEHOLDER_PHONES},
        "unmapped_category_labels": {"web": [ref.UNMAPPED_WEB_LABEL], "store": [ref.UNMAPPED_STORE_CODE]},
        "record_keys": {
            "shop_order_items": "order_id || '-' || line_number",
            "pos_transaction_items": "transaction_id || '-' || line_number",
            "web_events": "event_id (ground truth: anonymous_id)",
            "email_events": "md5 of the raw values in contract column order joined by '|', NULL written as "
                            "'\\N': md5(coalesce(recipient, '\\N') || '|' || ... || coalesce(link_url, '\\N'))",
        },
        "experiments": {
            cfg.exp_web_id: {"subject_type": "anonymous_id", "variants": ["control", "one_click_checkout"],
                             "metric": "purchase (online order) within 14 days of assigned_at",
                             "true_uplift_known_persons": cfg.exp_web_uplift,
                             "extra_baseline": cfg.exp_baseline_conversion},
            cfg.exp_email_id: {"subject_type": "email", "variants": ["control", "personalized_subject"],
                               "metric": "online order within 14 days of assigned_at (and opens +30%)",
                               "true_uplift": cfg.exp_email_uplift, "extra_baseline": cfg.exp_baseline_conversion},
        },
        "world_config": cfg_dict,
    }
    (out / "_truth" / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False)
                                                  + "\n", encoding="utf-8")
    tick("done")
    manifest["_timings"] = timings
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m customer360.generate", description=__doc__.split("\n")[1])
    ap.add_argument("--customers", type=int, default=2000, help="number of customers (persons; prospects come on top)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default="data/generated", help="output directory")
    ap.add_argument("--format", choices=sorted(EXTENSIONS), default="csv")
    ap.add_argument("--activity-scale", type=float, default=None,
                    help="multiply web sessions and email sends (default from WorldConfig)")
    ap.add_argument("--threads", type=int, default=None, help="DuckDB threads (default 2)")
    ap.add_argument("--write-seeds", metavar="DIR", default=None,
                    help="only write the reference seeds (currency_rates, store_timezones, ...) to DIR")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.write_seeds:
        for p in write_seeds(a.write_seeds):
            print(p)
        return 0
    cfg = WorldConfig() if a.activity_scale is None else dataclasses.replace(WorldConfig(), activity_scale=a.activity_scale)
    m = generate(a.out, a.customers, a.seed, a.format, cfg=cfg, threads=a.threads, verbose=not a.quiet)
    if not a.quiet:
        rows = sum(f["rows"] for f in m["files"].values())
        print(f"wrote {len(m['files'])} files, {rows} rows to {a.out} in {m['_timings']['done']['wall_s']} s; "
              f"unlinkable share {m['identity_feasibility']['unlinkable_share']:.4%}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
