"""Text summary and docs page (docs/benchmark.md) of benchmark results (see customer360.bench)."""

from __future__ import annotations

GIB = 2**30
# targets of the benchmark (issue #8), on a 2-core, 24 GB machine
TARGETS = (
    # (customers, what, key, limit, unit)
    (100_000, "full build under 60 s", "full_seconds", 60.0, "s"),
    (1_000_000, "full build under 10 minutes", "full_seconds", 600.0, "s"),
    (1_000_000, "peak memory under 8 GB", "full_peak_gb", 8.0, "GB"),
    (None, "incremental build under 10% of the full build", "incremental_share", 0.10, "share"),
)
# the large append-only sources first, then the rest alphabetically
SOURCE_ORDER = ("web_events", "email_events", "shop_orders", "shop_order_items", "pos_transactions",
                "pos_transaction_items")


def _fmt_int(value) -> str:
    return f"{value:,}" if isinstance(value, int) else "–"


def _fmt_s(value) -> str:
    return f"{value:,.1f}" if isinstance(value, (int, float)) else "–"


def _gb(result: dict, phase: str):
    value = result.get(phase, {}).get("peak_rss_bytes")
    return value / 1e9 if value else None


def _share(result: dict):
    full = result.get("full", {}).get("seconds")
    inc = result.get("incremental", {}).get("seconds")
    return inc / full if full and inc is not None else None


def _prf(identity: dict | None) -> str:
    if not identity or "precision" not in identity:
        return "–" if not identity or "error" not in identity else "not available"
    return f"{identity['precision']:.4f} / {identity['recall']:.4f} / {identity['f1']:.4f}"


def _pairs_per_profile(result: dict) -> str:
    identity = result.get("full", {}).get("identity", {})
    pairs, profiles = identity.get("blocking_candidate_pairs"), identity.get("fuzzy_profiles")
    return f"{pairs / profiles:.2f}" if pairs is not None and profiles else "–"


def _per_phase(value) -> str:
    """`<full> / <incremental>`: a cell of a row that shows one figure of both builds."""
    return f"{value('full')} / {value('incremental')}"


def _startup(result: dict, phase: str) -> float | None:
    """Seconds of a dbt process outside node execution: interpreter start, project parsing, hooks set-up."""
    run = result.get(phase, {})
    if run.get("seconds") is None or run.get("dbt_elapsed_seconds") is None:
        return None
    return max(run["seconds"] - run["dbt_elapsed_seconds"], 0.0)


def _test_count(run: dict) -> int | None:
    statuses = run.get("statuses")
    if not statuses:
        return None
    return sum(n for status, n in statuses.items() if status.startswith("test "))


def _failed(phase: dict | None) -> str:
    if not phase:
        return "–"
    failed = phase.get("failed_nodes") or []
    skipped = phase.get("statuses", {}).get("model skipped", 0)
    status = "ok" if phase.get("returncode") == 0 else f"exit {phase.get('returncode')}"
    if failed:
        status += f", {len(failed)} failed node(s)"
    if skipped:
        status += f", {skipped} model(s) skipped"
    return status


def summarize_size(result: dict) -> str:
    """Plain-text figures of one size (printed by the command)."""
    full, inc = result.get("full", {}), result.get("incremental", {})
    ident = full.get("identity", {})
    lines = [
        f"=== {result['customers']:,} customers (seed {result['seed']}, {result['format']}) ===",
        "rows per source: " + ", ".join(f"{k} {v:,}" for k, v in _ordered_rows(result["rows"])),
        "appended (day 2): " + ", ".join(f"{k} {v:,}" for k, v in result.get("appended_rows", {}).items()),
        f"raw-scan floor      {_fmt_s(result.get('raw_scan_seconds'))} s",
        f"full build          {_fmt_s(full.get('seconds'))} s   peak {_fmt_s(_gb(result, 'full'))} GB   "
        f"{_failed(full)}",
    ]
    if inc:
        share = _share(result)
        lines.append(f"incremental build   {_fmt_s(inc.get('seconds'))} s   peak {_fmt_s(_gb(result, 'incremental'))}"
                     f" GB   {_failed(inc)}" + (f"   ({share:.1%} of full)" if share is not None else ""))
    lines += [
        f"identity P/R/F1     {_prf(ident)}   (after incremental: {_prf(inc.get('identity'))})",
        f"candidate pairs     {_fmt_int(ident.get('blocking_candidate_pairs'))} from blocking, "
        f"{_fmt_int(ident.get('distinct_candidate_pairs'))} distinct",
        "ten slowest models (full build):",
    ]
    lines += [f"  {m['seconds']:8.1f} s  {m['model']}" for m in full.get("slowest_models", [])]
    return "\n".join(lines)


def _ordered_rows(rows: dict) -> list[tuple[str, int]]:
    first = [(k, rows[k]) for k in SOURCE_ORDER if k in rows]
    return first + sorted((k, v) for k, v in rows.items() if k not in SOURCE_ORDER)


def _measure(result: dict, key: str):
    if key == "full_seconds":
        return result.get("full", {}).get("seconds")
    if key == "full_peak_gb":
        return _gb(result, "full")
    if key == "incremental_share":
        return _share(result)
    raise KeyError(key)


def target_rows(results: list[dict]) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for every target whose size was run."""
    rows = []
    for customers, what, key, limit, unit in TARGETS:
        for result in results:
            if customers is not None and result["customers"] != customers:
                continue
            value = _measure(result, key)
            label = f"{result['customers']:,} customers: {what}"
            if value is None:
                rows.append((label, "not measured", "–"))
                continue
            shown = f"{value:.1%}" if unit == "share" else f"{value:,.1f} {unit}"
            ok = value < limit and result.get("full", {}).get("returncode") == 0
            if key == "incremental_share" and result.get("incremental", {}).get("returncode") != 0:
                shown += f" (incomplete: {_failed(result.get('incremental'))})"
                ok = False
            rows.append((label, shown, "met" if ok else "**missed**"))
    return rows


def _top(seconds: dict[str, float], n: int) -> str:
    total = sum(seconds.values()) or 1.0
    items = sorted(seconds.items(), key=lambda kv: -kv[1])[:n]
    return ", ".join(f"`{k}` {v:,.1f} s ({v / total:.0%})" for k, v in items)


def analysis_notes(results: list[dict]) -> list[str]:
    """One bullet per missed target: where the time (or memory) goes, from the run's own figures."""
    notes = []
    for label, measured, verdict in target_rows(results):
        if verdict != "**missed**":
            continue
        customers = int(label.split(" ", 1)[0].replace(",", ""))
        r = next(x for x in results if x["customers"] == customers)
        full, inc = r.get("full", {}), r.get("incremental", {})
        loads = [x for x in full.get("load_average", []) + inc.get("load_average", []) if x is not None]
        cpus = r.get("machine", {}).get("cpus") or 0
        shared = (f" The machine was shared: load average up to {max(loads):.1f} on {cpus} cpus."
                  if loads and cpus and max(loads) > cpus + 0.5 else "")
        failed = "" if full.get("returncode") == 0 else f" The full build did not succeed ({_failed(full)})."
        if "incremental" in label:
            if inc.get("returncode") not in (0, None):
                failed += (f" The incremental build did not succeed ({_failed(inc)}; failed: "
                           f"{', '.join(f'`{n}`' for n in inc.get('failed_nodes', [])[:5])}): the nodes downstream of"
                           f" the failure were skipped, so its time is incomplete.")
            notes.append(
                f"* **{label}** ({measured}): the incremental build spends its time in "
                f"{_top(inc.get('seconds_by_layer', {}), 4)}; slowest models "
                f"{_top(inc.get('model_seconds', {}), 5)}. Models that are not incremental recompute from all "
                f"rows on every run.{shared}{failed}")
        elif "memory" in label:
            notes.append(f"* **{label}** ({measured}): DuckDB memory_limit was {r.get('memory_limit')}; the "
                         f"largest models: {_top(full.get('model_seconds', {}), 5)}.{failed}")
        else:
            smallest = min(results, key=lambda x: x["customers"])
            fixed = ""
            if _startup(r, "full") is not None and _test_count(full):
                fixed = (f" Fixed cost of dbt itself: start-up and parsing {_fmt_s(_startup(r, 'full'))} s, and "
                         f"{_test_count(full):,} data tests summing "
                         f"{_fmt_s(full.get('seconds_by_layer', {}).get('tests'))} s")
                if smallest is not r and smallest.get("full", {}).get("seconds_by_layer", {}).get("tests"):
                    fixed += (f" (at {smallest['customers']:,} customers, where the data is small, they already"
                              f" sum to {_fmt_s(smallest['full']['seconds_by_layer']['tests'])} s)")
                fixed += "."
            notes.append(
                f"* **{label}** ({measured}; raw-scan floor {_fmt_s(r.get('raw_scan_seconds'))} s): by layer "
                f"{_top(full.get('seconds_by_layer', {}), 4)}; slowest models "
                f"{_top(full.get('model_seconds', {}), 5)}.{fixed}{shared}{failed}")
    return notes


def render_doc(results: list[dict], command: str) -> str:
    """The docs page: every figure comes from ``results`` (result.json of each size)."""
    out = [
        "# Benchmark",
        "",
        "<!-- GENERATED by `python -m customer360.bench` from its measurements: do not edit by hand, rerun it. -->",
        "",
        "Full `dbt build` (seeds, models, snapshots, data tests) of generated data sets, then an incremental",
        "`dbt build` after about 1% new data, per size. Regenerate this page with:",
        "",
        "```bash",
        command,
        "```",
        "",
        "(`--doc-only` rewrites it from the cached results in `.bench_cache/`; "
        "see `src/customer360/bench/pipeline.py`.)",
        "",
    ]
    if not results:
        return "\n".join(out + ["No results yet.", ""])
    head = "| | " + " | ".join(f"{r['customers']:,} customers" for r in results) + " |"
    sep = "| --- |" + " ---: |" * len(results)

    def row(label, values):
        return f"| {label} | " + " | ".join(values) + " |"

    sources = []
    for r in results:
        for k, _ in _ordered_rows(r["rows"]):
            if k not in sources:
                sources.append(k)
    table = [head, sep, row("run (UTC)", [r.get("started_at_utc", "–") for r in results])]
    for src in sources:
        table.append(row(f"rows: `{src}`", [_fmt_int(r["rows"].get(src)) for r in results]))
    table.append(row("rows: all raw files", [_fmt_int(sum(r["rows"].values())) for r in results]))
    table.append(row("rows appended for the incremental run (of which late)", [
        f"{sum(v for v in r.get('appended_rows', {}).values() if v):,} ({sum(r.get('late_rows', {}).values()):,})"
        for r in results]))
    table.append(row("raw-scan floor (s): DuckDB reads every raw value once", [_fmt_s(r.get("raw_scan_seconds"))
                                                                                for r in results]))
    table.append(row("**full build (s)**", [_fmt_s(r.get("full", {}).get("seconds")) for r in results]))
    table.append(row("**incremental build (s)**", [_fmt_s(r.get("incremental", {}).get("seconds"))
                                                   for r in results]))
    table.append(row("of which dbt execution (nodes and hooks), full / incremental (s)", [
        _per_phase(lambda phase: _fmt_s(r.get(phase, {}).get("dbt_elapsed_seconds"))) for r in results]))
    table.append(row("of which start-up and parsing, full / incremental (s)", [
        _per_phase(lambda phase: _fmt_s(_startup(r, phase))) for r in results]))
    table.append(row("data tests: nodes / seconds summed over nodes, full build", [
        f"{_fmt_int(_test_count(r.get('full', {})))} / "
        f"{_fmt_s(r.get('full', {}).get('seconds_by_layer', {}).get('tests'))}" for r in results]))
    table.append(row("hooks (on-run-end erasure purge included), full / incremental (s)", [
        _per_phase(lambda phase: _fmt_s(r.get(phase, {}).get("seconds_by_layer", {}).get("operations")))
        for r in results]))
    table.append(row("incremental / full", [f"{_share(r):.1%}" if _share(r) is not None else "–" for r in results]))
    table.append(row("peak memory, full build (GB)", [_fmt_s(_gb(r, "full")) for r in results]))
    table.append(row("peak memory, incremental build (GB)", [_fmt_s(_gb(r, "incremental")) for r in results]))
    table.append(row("identity precision / recall / F1 (full build)",
                     [_prf(r.get("full", {}).get("identity")) for r in results]))
    table.append(row("identity precision / recall / F1 (after the incremental build)",
                     [_prf(r.get("incremental", {}).get("identity")) for r in results]))
    table.append(row("person-bearing records / customers (full build)", [
        f"{_fmt_int(r.get('full', {}).get('identity', {}).get('identity_records'))} / "
        f"{_fmt_int(r.get('full', {}).get('identity', {}).get('customers'))}" for r in results]))
    table.append(row("fuzzy candidate pairs: from blocking / distinct", [
        f"{_fmt_int(r.get('full', {}).get('identity', {}).get('blocking_candidate_pairs'))} / "
        f"{_fmt_int(r.get('full', {}).get('identity', {}).get('distinct_candidate_pairs'))}" for r in results]))
    table.append(row("profiles compared by fuzzy matching (candidate pairs per profile)", [
        f"{_fmt_int(r.get('full', {}).get('identity', {}).get('fuzzy_profiles'))} ({_pairs_per_profile(r)})"
        for r in results]))
    table.append(row("records whose customer_id the incremental build changed (id changes no logged merge explains)", [
        f"{_fmt_int(r.get('incremental', {}).get('customer_ids_changed'))} "
        f"({_fmt_int(r.get('incremental', {}).get('customer_ids_changed_without_logged_merge'))})"
        for r in results]))
    table.append(row("unreconciled sources after the incremental build", [
        _fmt_int(r.get("incremental", {}).get("identity", {}).get("unreconciled_sources")) for r in results]))
    table.append(row("build status (full / incremental)", [
        f"{_failed(r.get('full'))} / {_failed(r.get('incremental'))}" for r in results]))
    out += ["## Results", ""] + table + [""]

    out += ["## Targets", "", "On a 2-core, 24 GB machine (benchmark figures, not timed tests).", "",
            "| target | measured | |", "| --- | ---: | --- |"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in target_rows(results)]
    measured_sizes = {r["customers"] for r in results}
    # a target of a size this page has no result for: said so, rather than left out or carried over from an
    # older run of another commit
    out += [f"| {customers:,} customers: {what} | not measured on this commit | – |"
            for customers, what, *_ in TARGETS if customers is not None and customers not in measured_sizes]
    out += [""]
    notes = analysis_notes(results)
    if notes:
        out += ["### What stands in the way", "", "Computed from the measurements of each missed target:", ""]
        out += notes + [""]

    out += ["## The ten slowest models", "",
            "Seconds per model from dbt's `run_results.json` (two models run at once, so they add up to more than",
            "the wall time); the incremental column is the same model in the incremental build.", ""]
    for r in results:
        full, inc = r.get("full", {}), r.get("incremental", {})
        total = sum(full.get("model_seconds", {}).values()) or None
        out += [f"### {r['customers']:,} customers", "", "| model | full build (s) | share of model time | "
                "incremental build (s) |", "| --- | ---: | ---: | ---: |"]
        for m in full.get("slowest_models", []):
            share = f"{m['seconds'] / total:.0%}" if total else "–"
            out.append(f"| `{m['model']}` | {m['seconds']:,.1f} | {share} | "
                       f"{_fmt_s(inc.get('model_seconds', {}).get(m['model']))} |")
        out += ["", "Seconds by layer (sum over nodes), full / incremental: " + ", ".join(
            f"{layer} {sec:,.1f} / {_fmt_s(inc.get('seconds_by_layer', {}).get(layer))}"
            for layer, sec in full.get("seconds_by_layer", {}).items()) + ".", ""]
        slow_inc = inc.get("slowest_models", [])[:5]
        if slow_inc:
            out += ["Slowest in the incremental build: " + ", ".join(
                f"`{m['model']}` {m['seconds']:,.1f} s" for m in slow_inc) + ".", ""]
        failed = sorted(set(full.get("failed_nodes", [])) | set(inc.get("failed_nodes", [])))
        if failed:
            out += ["Failed nodes: " + ", ".join(f"`{f}`" for f in failed[:20])
                    + (" …" if len(failed) > 20 else "") + ".", ""]

    out += [
        "## Method", "",
        "* Data: `python -m customer360.generate --customers N --seed S --format parquet` (cached per size and",
        "  seed in `.bench_cache/<N>-<S>/day1`). Day 2 (`customer360.bench.increment`): day 1 plus, for web",
        "  events, email events, online orders (+ lines) and POS transactions (+ lines), new rows amounting to",
        "  the given share of each file, copied from existing rows under new ids and later event times; 10% of",
        "  them arrive late (up to lookback − 1 days before the latest day-1 event), some are exact duplicates",
        "  (also re-sent copies of day-1 rows). Existing rows keep their position in the files.",
        "* Raw-scan floor: one DuckDB connection with the builds' threads and memory cap reads every column of",
        "  every raw file once (`max(length(columns(*)))`); no build that reads all raw data can be faster.",
        "* Full build: `dbt build` into a fresh warehouse; incremental build: `dbt build` on the same warehouse",
        "  pointed at the day-2 files (arguments of each run in the machine table: by default",
        "  `--exclude-resource-type unit_test`, as in production: unit tests check the code, not the data, and",
        "  run in CI). Wall time of the `dbt` process (parsing included). Peak memory: the largest resident set",
        "  of the dbt process tree (`wait4` maximum RSS, and the polled sum of the tree).",
        "* Incremental models (var `incremental_lookback_days`, `macros/incremental/`): the staging models of web",
        "  events, email events, online orders + lines and POS transactions + lines reprocess only the raw rows",
        "  of the lookback window (event time at most that many days before the latest loaded one, and rows",
        "  without a parseable time) and replace them by key (delete+insert): late rows inside the window and",
        "  exact duplicates come out as in a full refresh (pytest `src/tests/test_incremental.py` compares every",
        "  mart with a `--full-refresh` build). Flags that depend on all rows (amount outliers) are computed in",
        "  the `stg_` model on every run. Everything downstream recomputes from the staged tables.",
        "* Identity quality: `python -m customer360.evaluate_identity` against the generator's",
        "  `_truth/ground_truth.csv` (day 2: with the new orders and transactions), pairwise over the records",
        "  present in both. Candidate pairs: `int_identity__blocking_pass_stats` (pairs proposed by the blocking",
        "  passes) and `int_identity__fuzzy_candidates` (distinct pairs after deduplication across passes).",
        "",
        "## Machine", "",
        "Load average: the 1-minute load of the machine when each build started and ended (above the number",
        "of cpus, other processes competed for them and the wall times are longer than on an idle machine).",
        "",
        "| size | run | cpus | memory | load average (full, incremental) | dbt threads | DuckDB memory_limit "
        "| dbt build arguments | duckdb | dbt-core / dbt-duckdb | project commit |",
        "| ---: | --- | ---: | ---: | --- | ---: | ---: | --- | --- | --- | --- |",
    ]
    for r in results:
        m = r.get("machine", {})
        loads = ", ".join(
            "–".join(f"{x:.1f}" for x in r.get(phase, {}).get("load_average", []) if x is not None) or "–"
            for phase in ("full", "incremental"))
        out.append(f"| {r['customers']:,} | {r.get('started_at_utc', '–')} | {m.get('cpus', '–')} | "
                   f"{m.get('memory_gib', '–')} GiB | {loads} | {r.get('threads')} | {r.get('memory_limit')} | "
                   f"`{' '.join(r.get('dbt_build_args', [])) or '–'}` | "
                   f"{m.get('duckdb', '–')} | {m.get('dbt_core', '–')} / {m.get('dbt_duckdb', '–')} | "
                   f"{m.get('project_commit', '–')} |")
    out.append("")
    return "\n".join(out)
