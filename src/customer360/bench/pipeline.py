"""Reproducible benchmark of the whole pipeline: a full ``dbt build``, then an incremental one after ~1% new data.

    python -m customer360.bench --customers 10000,100000,1000000 [--seed 42] [--fraction 0.01]

For every size it

1. generates the raw data (``customer360.generate``, Parquet) once, cached in ``.bench_cache/<size>-<seed>/day1``,
   and the day-2 data set (day 1 + about ``--fraction`` new rows of the four append-only sources, including late
   rows and duplicates; ``customer360.bench.increment``) in ``.bench_cache/<size>-<seed>/day2-<fraction>``;
2. measures the raw-scan floor: seconds for DuckDB alone to read every value of every raw file once;
3. runs a full ``dbt build`` (seeds, models, snapshots, data tests; unit tests only with ``--with-unit-tests``: they
   check the code, not the data, and run in CI) into a fresh warehouse, as a subprocess with its
   own warehouse, target and log directories, and measures its wall time and peak memory (max RSS of the dbt
   process tree, from ``wait4``);
4. evaluates identity resolution against the generator's ground truth (``customer360.evaluate_identity``:
   pairwise precision, recall, F1) and reads the candidate-pair count of fuzzy blocking;
5. points the same warehouse at the day-2 data and runs ``dbt build`` again: the incremental models process only
   the new rows (var ``incremental_lookback_days``), the rest is recomputed; measured the same way;
6. prints the figures and writes them to ``.bench_cache/<size>-<seed>/result.json``.

It then regenerates the docs page (``docs/benchmark.md`` unless ``--doc``/``--no-doc``) from the results of this
run plus the cached results of other sizes run earlier with the same seed (each column says when it ran).
``--doc-only`` rewrites the page from cached results without running anything. Settings: ``--threads`` (dbt and
DuckDB threads, default 2) and ``--memory-limit`` (DuckDB's cap, default 6GB) are passed to the profile through
its env vars.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from ..project import REPO_ROOT, dbt_env, dbt_executable
from .report import render_doc, summarize_size
RAW_EXTENSIONS = {"csv": "csv", "parquet": "parquet", "json": "jsonl"}


@dataclass
class Measured:
    """A finished subprocess: exit status, wall seconds, peak RSS (bytes) and the log file."""

    returncode: int
    seconds: float
    peak_rss_bytes: int
    log: Path


def _proc_tree_rss(root_pid: int) -> int:
    """Current RSS (bytes) of a process and all its descendants, from /proc (0 where /proc is missing)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return 0
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            pages = int((entry / "statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        pid = int(entry.name)
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_measured(cmd: list[str], env: dict[str, str], log: Path, cwd: Path = REPO_ROOT,
                 poll_seconds: float = 0.5) -> Measured:
    """Run ``cmd``, output to ``log``; peak memory = max of wait4's ru_maxrss (the largest single process of the
    tree) and the polled sum of the RSS of the whole tree (several processes at once)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    peak_tree = 0
    done = threading.Event()
    start = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)

        def poll() -> None:
            nonlocal peak_tree
            while not done.is_set():
                peak_tree = max(peak_tree, _proc_tree_rss(proc.pid))
                done.wait(poll_seconds)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except KeyboardInterrupt:
            proc.kill()
            raise
        seconds = time.perf_counter() - start
        done.set()
        poller.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss: kilobytes on Linux, bytes on macOS
    maxrss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Measured(proc.returncode, seconds, max(maxrss, peak_tree), log)


def _raw_files(data_dir: Path, fmt: str) -> list[Path]:
    return sorted(data_dir.glob(f"*.{RAW_EXTENSIONS[fmt]}"))


def raw_scan_floor(data_dir: Path, fmt: str, threads: int, memory_limit: str) -> tuple[float, dict[str, int]]:
    """Seconds for DuckDB alone to read every value of every raw file once (the floor under any build that
    reads them all), and the rows per file. Every column is read: max(length(...)) over all of them."""
    con = duckdb.connect(config={"threads": threads, "memory_limit": memory_limit})
    rows: dict[str, int] = {}
    start = time.perf_counter()
    for path in _raw_files(data_dir, fmt):
        p = path.as_posix().replace("'", "''")
        if fmt == "parquet":
            reader = f"read_parquet('{p}')"
        elif fmt == "csv":
            reader = f"read_csv('{p}', header=true, all_varchar=true, delim=',', quote='\"', escape='\"')"
        else:
            reader = f"read_json_objects('{p}', format='newline_delimited')"
        result = con.execute(f"select count(*), max(length(columns(*))) from {reader}").fetchall()[0]
        rows[path.stem] = int(result[0])
    seconds = time.perf_counter() - start
    con.close()
    return seconds, rows


def _manifest_matches(path: Path, **expected) -> bool:
    if not path.exists():
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return all(data.get(k) == v for k, v in expected.items())


def source_fingerprint(pattern_names: tuple[str, ...]) -> str:
    """sha256 of the package's source files that produce a data set (a changed generator invalidates the cache).

    ``pattern_names``: globs relative to the package directory (src/customer360)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for name in pattern_names:
        for path in sorted(package.glob(name)):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# the generator's modules (generator/febrl.py exports the FEBRL sets and takes no part in a generated data set)
GENERATOR_SOURCES = tuple(f"generator/{name}.py" for name in
                          ("generate", "config", "defects", "reference", "render", "seeds", "world"))
INCREMENT_SOURCES = GENERATOR_SOURCES + ("bench/increment.py",)


def ensure_data(size: int, seed: int, fmt: str, fraction: float, lookback_days: int,
                cache: Path) -> tuple[Path, Path, dict]:
    """The day-1 and day-2 data sets of a size: generated once, reused while the generator's source (and the
    increment's) is unchanged (fingerprint in ``_truth/bench_source.json``)."""
    from .increment import append_increment

    base = cache / f"{size}-{seed}"
    day1 = base / "day1"
    day2 = base / f"day2-{fraction:g}"
    timings: dict[str, float | None] = {"generate_seconds": None, "increment_seconds": None}
    generator = source_fingerprint(GENERATOR_SOURCES)
    increment = source_fingerprint(INCREMENT_SOURCES)
    if not (_manifest_matches(day1 / "_truth" / "manifest.json", customers=size, seed=seed, format=fmt)
            and _manifest_matches(day1 / "_truth" / "bench_source.json", generator=generator)):
        shutil.rmtree(day1, ignore_errors=True)
        shutil.rmtree(day2, ignore_errors=True)
        print(f"[bench] generating {size:,} customers (seed {seed}, {fmt}) into {day1}", flush=True)
        start = time.perf_counter()
        gen = subprocess.run([sys.executable, "-m", "customer360.generate", "--customers", str(size), "--seed",
                              str(seed), "--out", str(day1), "--format", fmt, "--quiet"], cwd=REPO_ROOT)
        if gen.returncode:
            raise RuntimeError(f"the generator failed for {size} customers (exit {gen.returncode})")
        timings["generate_seconds"] = round(time.perf_counter() - start, 1)
        (day1 / "_truth" / "bench_source.json").write_text(json.dumps({"generator": generator}) + "\n",
                                                           encoding="utf-8")
    if not (_manifest_matches(day2 / "_truth" / "increment.json", base="day1", fraction=fraction,
                              lookback_days=lookback_days)
            and _manifest_matches(day2 / "_truth" / "bench_source.json", increment=increment)):
        shutil.rmtree(day2, ignore_errors=True)
        print(f"[bench] appending {fraction:.1%} new rows into {day2}", flush=True)
        start = time.perf_counter()
        append_increment(day1, day2, fraction=fraction, lookback_days=lookback_days)
        timings["increment_seconds"] = round(time.perf_counter() - start, 1)
        (day2 / "_truth" / "bench_source.json").write_text(json.dumps({"increment": increment}) + "\n",
                                                           encoding="utf-8")
    return day1, day2, timings


def dbt_build(run_dir: Path, data_dir: Path, fmt: str, phase: str, threads: int, memory_limit: str,
              extra_args: list[str]) -> dict:
    """One ``dbt build`` (phase ``full`` or ``incremental``): timing, memory, run_results summary."""
    env = dbt_env(run_dir, data_dir, threads, memory_limit)
    cmd = [dbt_executable(), "build", "--vars", json.dumps({"raw_data_format": fmt}), *extra_args]
    print(f"[bench] dbt build ({phase}) on {data_dir.name} ...", flush=True)
    load_before = load_average()
    measured = run_measured(cmd, env, run_dir / f"dbt_{phase}.log")
    load_after = load_average()
    results_file = run_dir / "target" / "run_results.json"
    kept = run_dir / f"run_results_{phase}.json"
    run_results = {}
    if results_file.exists():
        shutil.copyfile(results_file, kept)
        run_results = json.loads(kept.read_text(encoding="utf-8"))
    summary = summarize_run_results(run_results)
    summary.update({"seconds": round(measured.seconds, 2), "peak_rss_bytes": measured.peak_rss_bytes,
                    "returncode": measured.returncode, "log": measured.log.name,
                    "load_average": [load_before, load_after]})
    print(f"[bench]   {phase}: {measured.seconds:.1f} s, peak {measured.peak_rss_bytes / 2**30:.2f} GiB, "
          f"exit {measured.returncode}, {summary['statuses']}", flush=True)
    return summary


def load_average() -> float | None:
    """The machine's 1-minute load average (other processes competing for the cpus), None where unknown."""
    try:
        return round(os.getloadavg()[0], 2)
    except (OSError, AttributeError):
        return None


def summarize_run_results(run_results: dict) -> dict:
    """Per-node timings of a dbt run_results.json: the slowest models, seconds per layer, statuses."""
    nodes = run_results.get("results", [])
    statuses: dict[str, int] = {}
    models, layers = [], {}
    failed = []
    for node in nodes:
        uid = node.get("unique_id", "")
        kind = uid.split(".", 1)[0]
        status = str(node.get("status"))
        statuses[f"{kind} {status}"] = statuses.get(f"{kind} {status}", 0) + 1
        seconds = float(node.get("execution_time") or 0.0)
        if status in ("error", "fail", "runtime error"):
            failed.append(uid)
        if kind == "model":
            name = uid.rsplit(".", 1)[-1]
            models.append({"model": name, "seconds": round(seconds, 2), "status": status})
            layer = _layer(name)
        else:
            layer = {"test": "tests", "unit_test": "tests"}.get(kind, kind + "s")
        layers[layer] = round(layers.get(layer, 0.0) + seconds, 2)
    models.sort(key=lambda m: -m["seconds"])
    return {
        "dbt_elapsed_seconds": round(float(run_results.get("elapsed_time") or 0.0), 2),
        "statuses": dict(sorted(statuses.items())),
        "failed_nodes": sorted(failed),
        "slowest_models": models[:10],
        "model_seconds": {m["model"]: m["seconds"] for m in models},
        "seconds_by_layer": dict(sorted(layers.items(), key=lambda kv: -kv[1])),
    }


def _layer(model: str) -> str:
    for prefix, layer in (("base_", "staging"), ("stg_", "staging"), ("int_identity__", "identity"),
                          ("int_", "intermediate"), ("fct_", "marts"), ("dim_", "marts")):
        if model.startswith(prefix):
            return layer
    return "marts"


def identity_quality(run_dir: Path, truth: Path) -> dict:
    """Pairwise precision / recall / F1 (customer360.evaluate_identity) and the fuzzy candidate-pair counts."""
    quality: dict = {}
    db = run_dir / "warehouse.duckdb"
    proc = subprocess.run([sys.executable, "-m", "customer360.evaluate_identity", "--truth", str(truth), "--db",
                           str(db), "--json"], cwd=REPO_ROOT, capture_output=True, text=True)
    if proc.returncode == 0:
        try:
            quality.update(json.loads(proc.stdout.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            quality["error"] = "evaluate_identity printed no JSON"
    else:
        quality["error"] = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["failed"]
    queries = {
        "blocking_candidate_pairs": "select sum(candidate_pair_count) from "
                                    "restricted_intermediate.int_identity__blocking_pass_stats",
        "distinct_candidate_pairs": "select count(*) from restricted_intermediate.int_identity__fuzzy_candidates",
        "fuzzy_profiles": "select count(*) from restricted_intermediate.int_identity__fuzzy_records",
        "identity_records": "select count(*) from restricted_intermediate.int_identity__crosswalk",
        "customers": "select count(distinct customer_id) from restricted_intermediate.int_identity__crosswalk",
    }
    if db.exists():
        con = duckdb.connect(str(db), read_only=True)
        try:
            for key, sql in queries.items():
                try:
                    value = con.execute(sql).fetchall()[0][0]
                    quality[key] = int(value) if value is not None else None
                except duckdb.Error:
                    quality[key] = None
            try:
                quality["blocking_passes"] = [
                    dict(zip(("pass", "profiles", "max_block", "skipped_blocks", "candidate_pairs"), row))
                    for row in con.execute(
                        "select blocking_pass, profile_count, max_block_size, skipped_block_count, "
                        "candidate_pair_count from restricted_intermediate.int_identity__blocking_pass_stats "
                        "order by blocking_pass_order").fetchall()
                ]
            except duckdb.Error:
                pass
            try:
                rows = con.execute("select count(*) filter (where not is_reconciled), count(*) from "
                                   "restricted_staging.stg_quality__reconciliation").fetchall()[0]
                quality["unreconciled_sources"] = int(rows[0])
            except duckdb.Error:
                quality["unreconciled_sources"] = None
        finally:
            con.close()
    return quality


def crosswalk_ids(db: Path) -> dict[tuple[str, str], str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select source_name, source_record_id, customer_id from "
                           "restricted_intermediate.int_identity__crosswalk").fetchall()
    finally:
        con.close()
    return {(s, r): c for s, r, c in rows}


def unexplained_id_changes(db: Path, changed: set[tuple[str, str]]) -> int:
    """How many (old id, new id) changes of kept records no merge or split of the identity merge log explains
    (a merge retires the younger id into the older one: a record's id may change only that way)."""
    if not changed:
        return 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        logged = set(con.execute(
            "select other_customer_id, customer_id from restricted_intermediate.int_identity__merge_log "
            "where event_type in ('merge', 'split') and other_customer_id is not null").fetchall())
    finally:
        con.close()
    return len(changed - logged)


def bench_size(size: int, args: argparse.Namespace, cache: Path) -> dict:
    day1, day2, gen_timings = ensure_data(size, args.seed, args.format, args.fraction, args.lookback_days, cache)
    run_dir = cache / f"{size}-{args.seed}" / "run"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    result: dict = {
        "customers": size,
        "seed": args.seed,
        "format": args.format,
        "fraction": args.fraction,
        "lookback_days": args.lookback_days,
        "threads": args.threads,
        "memory_limit": args.memory_limit,
        "started_at_utc": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_info(),
        **gen_timings,
    }
    manifest = json.loads((day1 / "_truth" / "manifest.json").read_text(encoding="utf-8"))
    increment = json.loads((day2 / "_truth" / "increment.json").read_text(encoding="utf-8"))
    result["persons_in_truth"] = manifest.get("ground_truth", {}).get("persons")
    scan_seconds, rows = raw_scan_floor(day1, args.format, args.threads, args.memory_limit)
    result["raw_scan_seconds"] = round(scan_seconds, 2)
    result["rows"] = rows
    result["appended_rows"] = {k: v.get("appended_rows") for k, v in increment["sources"].items()}
    result["late_rows"] = {k: v["late_rows"] for k, v in increment["sources"].items() if "late_rows" in v}
    print(f"[bench] raw-scan floor {scan_seconds:.1f} s over {sum(rows.values()):,} rows", flush=True)
    extra = args.dbt_args.split() if args.dbt_args else []
    if not args.with_unit_tests:
        # unit tests check the code, not the data: CI runs them (make test); a production build skips them
        extra = ["--exclude-resource-type", "unit_test", *extra]
    result["dbt_build_args"] = extra
    result["full"] = dbt_build(run_dir, day1, args.format, "full", args.threads, args.memory_limit, extra)
    result["full"]["identity"] = identity_quality(run_dir, day1 / "_truth" / "ground_truth.csv")
    ids_before = None
    if (run_dir / "warehouse.duckdb").exists():
        try:
            ids_before = crosswalk_ids(run_dir / "warehouse.duckdb")
        except duckdb.Error:
            ids_before = None
    if not args.skip_incremental:
        result["incremental"] = dbt_build(run_dir, day2, args.format, "incremental", args.threads,
                                          args.memory_limit, extra)
        result["incremental"]["identity"] = identity_quality(run_dir, day2 / "_truth" / "ground_truth.csv")
        if ids_before is not None:
            try:
                after = crosswalk_ids(run_dir / "warehouse.duckdb")
                kept = [k for k in ids_before if k in after]
                result["incremental"]["crosswalk_records_kept"] = len(kept)
                changed = {(ids_before[k], after[k]) for k in kept if ids_before[k] != after[k]}
                result["incremental"]["customer_ids_changed"] = sum(ids_before[k] != after[k] for k in kept)
                result["incremental"]["customer_ids_changed_without_logged_merge"] = unexplained_id_changes(
                    run_dir / "warehouse.duckdb", changed)
            except duckdb.Error:
                pass
    if not args.keep_warehouse:
        for path in (run_dir / "warehouse.duckdb", run_dir / "warehouse.duckdb.wal", run_dir / "spill"):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
    result["finished_at_utc"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    (cache / f"{size}-{args.seed}" / "result.json").write_text(json.dumps(result, indent=2) + "\n",
                                                              encoding="utf-8")
    print(summarize_size(result), flush=True)
    return result


def project_commit() -> str | None:
    """The project's git commit (short), with `+changes` when the work tree differs from it; None outside git."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=30)
        if head.returncode:
            return None
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT,
                               capture_output=True, text=True, timeout=30)
        return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return None


def machine_info() -> dict:
    info = {"cpus": os.cpu_count(), "python": platform.python_version(), "duckdb": duckdb.__version__,
            "system": platform.system()}
    try:
        pages, page_size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        info["memory_gib"] = round(pages * page_size / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    commit = project_commit()
    if commit:
        info["project_commit"] = commit
    try:
        from importlib.metadata import version

        info["dbt_core"] = version("dbt-core")
        info["dbt_duckdb"] = version("dbt-duckdb")
    except Exception:  # noqa: BLE001 - metadata is informative only
        pass
    return info


def cached_results(cache: Path, seed: int) -> list[dict]:
    results = []
    for path in sorted(cache.glob(f"*-{seed}/result.json")):
        try:
            results.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return sorted(results, key=lambda r: r["customers"])


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        factor = 1
        if part.endswith("k"):
            part, factor = part[:-1], 1_000
        elif part.endswith("m"):
            part, factor = part[:-1], 1_000_000
        sizes.append(int(float(part) * factor))
    if not sizes or any(s <= 0 for s in sizes):
        raise argparse.ArgumentTypeError("--customers: a comma-separated list of positive sizes")
    return sizes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m customer360.bench",
                                 description="Full and incremental dbt build benchmark per data size.")
    ap.add_argument("--customers", type=parse_sizes, default=None,
                    help="comma-separated sizes, e.g. 10000,100000,1000000 (10k, 1m accepted; default 10000)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--format", choices=sorted(RAW_EXTENSIONS), default="parquet", help="raw file format")
    ap.add_argument("--fraction", type=float, default=0.01, help="new data of the incremental run (share of rows)")
    ap.add_argument("--lookback-days", type=int, default=3,
                    help="late rows of the increment lie up to this many days - 1 back (var incremental_lookback_days)")
    ap.add_argument("--threads", type=int, default=int(os.environ.get("CUSTOMER360_DUCKDB_THREADS", "2")))
    ap.add_argument("--memory-limit", default="6GB", help="DuckDB memory_limit of the builds")
    ap.add_argument("--cache-dir", default=str(REPO_ROOT / ".bench_cache"))
    ap.add_argument("--doc", default=str(REPO_ROOT / "docs" / "benchmark.md"), help="docs page to regenerate")
    ap.add_argument("--no-doc", action="store_true", help="do not write the docs page")
    ap.add_argument("--doc-only", action="store_true", help="only regenerate the docs page from cached results")
    ap.add_argument("--skip-incremental", action="store_true")
    ap.add_argument("--keep-warehouse", action="store_true", help="keep the warehouse file after the run")
    ap.add_argument("--dbt-args", default="", help="extra arguments for both dbt builds (quoted)")
    ap.add_argument("--with-unit-tests", action="store_true",
                    help="run dbt's unit tests in the builds too (default: --exclude-resource-type unit_test)")
    args = ap.parse_args(argv)
    cache = Path(args.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    failed = False
    if not args.doc_only:
        for size in args.customers or [10_000]:
            result = bench_size(size, args, cache)
            failed |= result["full"]["returncode"] != 0 or result.get("incremental", {}).get("returncode", 0) != 0
    if not args.no_doc:
        results = cached_results(cache, args.seed)
        if args.doc_only and args.customers:
            results = [r for r in results if r["customers"] in args.customers]
        command = "python -m customer360.bench --customers " + ",".join(str(r["customers"]) for r in results)
        Path(args.doc).write_text(render_doc(results, command), encoding="utf-8")
        print(f"[bench] wrote {args.doc}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
