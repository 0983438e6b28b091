"""The benchmark (customer360.bench): the day-2 increment, the measurements, the report, and one end-to-end run.

    .venv/bin/python -m pytest src/tests/test_bench.py            (~3 min; the end-to-end run is most of it)
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from customer360.bench import pipeline as bench
from customer360.bench.increment import APPEND_SOURCES, append_increment
from customer360.bench.report import render_doc, summarize_size, target_rows
from customer360.generator.generate import CONTRACT, generate

REPO = Path(__file__).resolve().parents[2]
LOOKBACK = 3


@pytest.fixture(scope="module")
def day1(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "day1"
    generate(out, customers=300, seed=5, fmt="csv")
    return out


@pytest.fixture(scope="module")
def day2(day1) -> tuple[Path, dict]:
    out = day1.parent / "day2"
    summary = append_increment(day1, out, fraction=0.05, seed=3, lookback_days=LOOKBACK)
    return out, summary


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _ts(source: str, raw: str) -> datetime:
    """A raw event time as naive UTC (POS: store-local, as the increment writes it)."""
    if source == "email_events":
        return datetime.fromtimestamp(int(raw), timezone.utc).replace(tzinfo=None)
    value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    return (value - value.utcoffset()).replace(tzinfo=None) if value.tzinfo else value


def test_increment_appends_rows_after_the_unchanged_day1_rows(day1, day2):
    out, summary = day2
    for s in APPEND_SOURCES:
        for name in filter(None, (s.name, s.lines)):
            old, new = _rows(day1 / f"{name}.csv"), _rows(out / f"{name}.csv")
            assert new[0] == CONTRACT[name], name
            # every day-1 row keeps its position (raw_row_number is stable); the increment comes last
            assert new[: len(old)] == old, name
            appended = len(new) - len(old)
            assert appended == summary["sources"][name]["appended_rows"] > 0, name
    # other sources are unchanged
    for name in ("crm_customers", "loyalty_members", "products", "consent_events"):
        assert (out / f"{name}.csv").read_bytes() == (day1 / f"{name}.csv").read_bytes()
    # roughly the fraction asked for
    web = summary["sources"]["web_events"]
    assert web["new_rows"] == round(web["base_rows"] * 0.05)


def test_increment_rows_are_new_late_or_duplicates(day1, day2):
    out, summary = day2
    for s in APPEND_SOURCES:
        old, new = _rows(day1 / f"{s.name}.csv")[1:], _rows(out / f"{s.name}.csv")[1:]
        added = new[len(old):]
        info = summary["sources"][s.name]
        latest = datetime.fromisoformat(info["latest_base_event_utc"])
        ts_index = CONTRACT[s.name].index(s.ts_column)
        old_set = {tuple(r) for r in old}
        resent = [r for r in added if tuple(r) in old_set]
        assert resent, f"{s.name}: re-sent copies of day-1 rows"
        fresh = [r for r in added if tuple(r) not in old_set]
        late = [r for r in fresh if _ts(s.name, r[ts_index]) <= latest]
        on_time = [r for r in fresh if _ts(s.name, r[ts_index]) > latest]
        # late rows lie inside the lookback window (at most lookback - 1 days back); on-time rows within a day
        assert late and on_time, s.name
        assert all(_ts(s.name, r[ts_index]) >= latest - timedelta(days=LOOKBACK - 1) for r in late), s.name
        assert all(_ts(s.name, r[ts_index]) <= latest + timedelta(days=1) for r in on_time), s.name
        # exact duplicates among the new rows
        assert len({tuple(r) for r in fresh}) < len(fresh), s.name
        if s.id_column:
            idx = CONTRACT[s.name].index(s.id_column)
            old_ids = {r[idx] for r in old}
            new_ids = {r[idx] for r in fresh}
            assert not new_ids & old_ids, f"{s.name}: new ids"
            assert len(new_ids) == info["new_rows"], s.name
        if s.lines:
            lines = _rows(out / f"{s.lines}.csv")[1:][len(_rows(day1 / f"{s.lines}.csv")) - 1:]
            assert lines and {r[0] for r in lines} <= new_ids, f"{s.lines}: lines of the new parents only"


def test_increment_ground_truth_has_the_new_person_bearing_records(day1, day2):
    out, summary = day2
    truth_old = {(r[0], r[1]): r[2] for r in _rows(day1 / "_truth" / "ground_truth.csv")[1:]}
    truth_new = {(r[0], r[1]): r[2] for r in _rows(out / "_truth" / "ground_truth.csv")[1:]}
    assert truth_old.items() <= truth_new.items()
    added = {k: v for k, v in truth_new.items() if k not in truth_old}
    assert len(added) == summary["ground_truth_new_records"] > 0
    assert {k[0] for k in added} <= {"shop_orders", "pos_transactions"}
    # a new order belongs to the person of the order it copies: same crm_id/email -> same person
    orders = {r[0]: r for r in _rows(out / "shop_orders.csv")[1:]}
    by_contact = {}
    for (src, rid), person in truth_new.items():
        if src == "shop_orders" and orders.get(rid) and orders[rid][1]:
            by_contact.setdefault(orders[rid][1], set()).add(person)
    assert by_contact and all(len(p) == 1 for p in by_contact.values())


def test_increment_is_deterministic(day1, day2, tmp_path):
    out, _ = day2
    again = tmp_path / "again"
    append_increment(day1, again, fraction=0.05, seed=3, lookback_days=LOOKBACK)
    for s in APPEND_SOURCES:
        for name in filter(None, (s.name, s.lines)):
            assert (again / f"{name}.csv").read_bytes() == (out / f"{name}.csv").read_bytes(), name
    other = tmp_path / "other"
    append_increment(day1, other, fraction=0.05, seed=4, lookback_days=LOOKBACK)
    assert (other / "web_events.csv").read_bytes() != (out / "web_events.csv").read_bytes()


def test_increment_parquet_keeps_row_order(tmp_path):
    base = tmp_path / "pq"
    generate(base, customers=150, seed=8, fmt="parquet")
    out = tmp_path / "pq2"
    summary = append_increment(base, out, fraction=0.02, seed=1, lookback_days=LOOKBACK)
    con = duckdb.connect()
    for name in ("web_events", "shop_order_items"):
        q = "select * from read_parquet('{}') with ordinality"
        n_old = con.execute(f"select count(*) from read_parquet('{base / (name + '.parquet')}')").fetchall()[0][0]
        diff = con.execute(f"""
            select count(*) from ({q.format(base / (name + '.parquet'))}) as o
            full join ({q.format(out / (name + '.parquet'))} limit {n_old}) as n using (ordinality)
            where o is distinct from n
        """).fetchall()[0][0]
        assert diff == 0, name
        n_new = con.execute(f"select count(*) from read_parquet('{out / (name + '.parquet')}')").fetchall()[0][0]
        assert n_new - n_old == summary["sources"][name]["appended_rows"]


def test_raw_scan_floor_reads_every_file(day1):
    seconds, rows = bench.raw_scan_floor(day1, "csv", threads=1, memory_limit="1GB")
    manifest = json.loads((day1 / "_truth" / "manifest.json").read_text())
    assert rows == {Path(k).stem: v["rows"] for k, v in manifest["files"].items()}
    assert seconds > 0


def test_run_measured_reports_exit_status_time_and_peak_memory(tmp_path):
    code = "import time; b = bytearray(300 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(1); raise SystemExit(3)"
    m = bench.run_measured([sys.executable, "-c", code], dict(os.environ), tmp_path / "child.log", cwd=tmp_path)
    assert m.returncode == 3
    assert m.seconds >= 1
    assert 300 * 2**20 <= m.peak_rss_bytes < 2 * 2**30


def test_run_measured_counts_grandchildren(tmp_path):
    # the child is small; its own child holds the memory (like a build that forks a worker)
    inner = "import time; b = bytearray(250 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(1.5)"
    code = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {inner!r}])"
    m = bench.run_measured([sys.executable, "-c", code], dict(os.environ), tmp_path / "child.log", cwd=tmp_path,
                           poll_seconds=0.1)
    assert m.returncode == 0
    assert m.peak_rss_bytes >= 250 * 2**20


def _fake_run_results(model_seconds: dict[str, float], failed: tuple[str, ...] = ()) -> dict:
    results = [{"unique_id": f"model.customer360.{name}", "status": "error" if name in failed else "success",
                "execution_time": sec} for name, sec in model_seconds.items()]
    results.append({"unique_id": "test.customer360.not_null_x", "status": "pass", "execution_time": 1.5})
    return {"elapsed_time": sum(model_seconds.values()), "results": results}


def test_summarize_run_results_orders_models_and_layers():
    seconds = {f"stg_m{i}": float(i) for i in range(12)} | {"int_identity__clusters": 30.0, "fct_orders": 2.0}
    s = bench.summarize_run_results(_fake_run_results(seconds, failed=("stg_m3",)))
    assert [m["model"] for m in s["slowest_models"]][:3] == ["int_identity__clusters", "stg_m11", "stg_m10"]
    assert len(s["slowest_models"]) == 10
    assert s["seconds_by_layer"]["identity"] == 30.0
    assert s["seconds_by_layer"]["staging"] == sum(range(12))
    assert s["seconds_by_layer"]["tests"] == 1.5
    assert s["failed_nodes"] == ["model.customer360.stg_m3"]
    assert s["statuses"]["model error"] == 1


def _result(customers: int, full_s: float, inc_s: float, peak_gb: float) -> dict:
    full = bench.summarize_run_results(_fake_run_results({"base_web__events": full_s / 2, "fct_orders": 1.0}))
    inc = bench.summarize_run_results(_fake_run_results({"base_web__events": inc_s / 4}))
    full.update(seconds=full_s, peak_rss_bytes=int(peak_gb * 1e9), returncode=0,
                identity={"precision": 0.9991, "recall": 0.981, "f1": 0.99, "blocking_candidate_pairs": 1234,
                          "distinct_candidate_pairs": 1000})
    inc.update(seconds=inc_s, peak_rss_bytes=int(peak_gb * 0.5e9), returncode=0, customer_ids_changed=0)
    return {"customers": customers, "seed": 42, "format": "parquet", "rows": {"web_events": 10 * customers,
            "crm_customers": customers}, "appended_rows": {"web_events": customers // 10},
            "late_rows": {"web_events": customers // 100}, "raw_scan_seconds": 1.25, "full": full,
            "incremental": inc, "threads": 2, "memory_limit": "6GB", "started_at_utc": "2026-01-01 00:00 UTC",
            "machine": {"cpus": 2}}


def test_targets_are_judged_from_the_measurements():
    rows = {a: (b, c) for a, b, c in target_rows([_result(100_000, 75.0, 5.0, 2.0),
                                                   _result(1_000_000, 500.0, 80.0, 9.5)])}
    assert rows["100,000 customers: full build under 60 s"] == ("75.0 s", "**missed**")
    assert rows["1,000,000 customers: full build under 10 minutes"] == ("500.0 s", "met")
    assert rows["1,000,000 customers: peak memory under 8 GB"] == ("9.5 GB", "**missed**")
    assert rows["100,000 customers: incremental build under 10% of the full build"] == ("6.7%", "met")
    assert rows["1,000,000 customers: incremental build under 10% of the full build"] == ("16.0%", "**missed**")


def test_doc_is_generated_from_results():
    doc = render_doc([_result(10_000, 20.0, 1.5, 1.0), _result(100_000, 55.0, 4.0, 2.5)],
                     "python -m customer360.bench --customers 10000,100000")
    assert "GENERATED by `python -m customer360.bench`" in doc
    assert "| | 10,000 customers | 100,000 customers |" in doc
    assert "| **full build (s)** | 20.0 | 55.0 |" in doc
    assert "| incremental / full | 7.5% | 7.3% |" in doc
    assert "| identity precision / recall / F1 (full build) | 0.9991 / 0.9810 / 0.9900 |" in doc
    assert "| `base_web__events` | 10.0 |" in doc
    assert "100,000 customers: full build under 60 s | 55.0 s | met |" in doc
    # a target size without a result on this page is said to be unmeasured, not left out or carried over
    assert "| 1,000,000 customers: full build under 10 minutes | not measured on this commit | – |" in doc
    text = summarize_size(_result(10_000, 20.0, 1.5, 1.0))
    assert "full build          20.0 s" in text and "(7.5% of full)" in text


def test_id_changes_are_explained_only_by_a_logged_merge_or_split(tmp_path):
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema restricted_intermediate")
    con.execute("create table restricted_intermediate.int_identity__merge_log as select * from (values "
                "('merge', 'C1', 'C9'), ('split', 'C4', 'C3'), ('retire', 'C7', null)) "
                "as t(event_type, customer_id, other_customer_id)")
    con.close()
    # C9 -> C1 is a logged merge, C3 -> C4 a logged split; C2 -> C5 and the reverse of the merge are not
    assert bench.unexplained_id_changes(db, {("C9", "C1"), ("C3", "C4")}) == 0
    assert bench.unexplained_id_changes(db, {("C9", "C1"), ("C2", "C5"), ("C1", "C9")}) == 2
    assert bench.unexplained_id_changes(db, set()) == 0


def test_parse_sizes():
    assert bench.parse_sizes("10000,100k,1m") == [10_000, 100_000, 1_000_000]
    with pytest.raises(Exception):
        bench.parse_sizes("0")


def test_bench_runs_end_to_end(tmp_path):
    """The command at a tiny size: data, raw scan, full and incremental dbt builds, identity, docs page."""
    doc = tmp_path / "benchmark.md"
    cache = tmp_path / "cache"
    proc = subprocess.run(
        [sys.executable, "-m", "customer360.bench", "--customers", "400", "--seed", "3", "--cache-dir", str(cache),
         "--doc", str(doc), "--format", "parquet"],
        cwd=REPO, capture_output=True, text=True, timeout=1800,
    )
    assert doc.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads((cache / "400-3" / "result.json").read_text())
    assert result["rows"]["web_events"] > 1000
    assert result["raw_scan_seconds"] > 0
    assert result["full"]["seconds"] > 0 and result["incremental"]["seconds"] > 0
    assert result["full"]["peak_rss_bytes"] > 50 * 2**20
    assert len(result["full"]["slowest_models"]) == 10
    assert result["full"]["identity"]["precision"] > 0.9, result["full"]["identity"]
    assert result["incremental"]["identity"]["recall"] > 0.8
    assert result["incremental"]["customer_ids_changed"] == 0
    assert result["incremental"]["customer_ids_changed_without_logged_merge"] == 0
    assert "| | 400 customers |" in doc.read_text()
    assert proc.returncode == 0, proc.stdout[-3000:]
    # the data is cached: a second run reuses it (no generation)
    assert (cache / "400-3" / "day1" / "_truth" / "manifest.json").exists()
