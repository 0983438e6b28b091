"""Append a later increment to a generated data set: the "day 2" of the benchmark and of the incremental tests.

    python -m customer360.bench.increment --base DIR --out DIR [--fraction 0.01] [--lookback-days 3] [--seed 7]

The generator (``customer360.generate``) writes one snapshot of every raw export. A production feed of the four
large append-only sources (web events, email events, online orders + lines, POS transactions + lines) grows at
the end of the file. This module writes ``--out`` = the ``--base`` files with about ``fraction`` new rows
appended to each of those sources; every other file is hard-linked (or copied) unchanged. Appended rows are
copies of randomly chosen existing rows (so they belong to known people and keep the data's dirt) with:

* a new id (event id, order id, transaction id; email events have none) and a new event time: most after the
  latest valid event time of the source ("on time"), a share ``late_share`` *before* it, at most
  ``lookback_days - 1`` days earlier (late-arriving rows inside the incremental lookback window);
* the lines of a copied order / transaction, copied under the new id;
* exact duplicates: ``duplicate_share`` of the new rows twice, and a few re-sent copies of existing rows of the
  last ``lookback_days - 1`` days (an exact duplicate of a row loaded on day 1).

Existing rows keep their position in the file (new rows come last, sorted by time), so ``raw_row_number`` of a
day-1 row is the same on day 2. ``_truth/ground_truth.csv`` gains the new person-bearing records (the copied
order's / transaction's person); ``_truth/increment.json`` describes what was appended. The same arguments give
the same bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..generator.generate import CONTRACT, EXTENSIONS


@dataclass(frozen=True)
class AppendSource:
    """How to copy a row of one append-only source under a new id and a new event time."""

    name: str
    ts_column: str
    # how the raw time is written: iso_z (UTC with Z), iso_offset (ISO 8601 with offset or Z), epoch (seconds),
    # local (store-local, no offset)
    ts_kind: str
    id_column: str | None = None
    # new ids: prefix + zero-padded number above the largest existing one; pos: "<store>-<8 digits>"
    id_style: str | None = None
    id_width: int = 0
    lines: str | None = None


APPEND_SOURCES = (
    AppendSource("web_events", "event_at", "iso_z", "event_id", "EV", 10),
    AppendSource("email_events", "occurred_at", "epoch"),
    AppendSource("shop_orders", "ordered_at", "iso_offset", "order_id", "SO", 8, lines="shop_order_items"),
    AppendSource("pos_transactions", "transacted_at", "local", "transaction_id", "pos", 8,
                 lines="pos_transaction_items"),
)
# raw time (text) -> timestamp (UTC, or local for `local`), NULL when it does not parse
_PARSE = {
    "iso_z": "try_cast(replace(replace({c}, 'T', ' '), 'Z', '') as timestamp)",
    "iso_offset": ("cast(try_strptime(regexp_replace({c}, 'Z$', '+00:00'), "
                   "['%Y-%m-%dT%H:%M:%S%z', '%Y-%m-%dT%H:%M:%S.%f%z']) as timestamp)"),
    "epoch": "try_cast(to_timestamp(try_cast({c} as bigint)) as timestamp)",
    "local": "try_cast({c} as timestamp)",
}
# timestamp -> raw time (text) in the source's own format (orders: ISO 8601 UTC with Z, allowed by the contract)
_RENDER = {
    "iso_z": "strftime({c}, '%Y-%m-%dT%H:%M:%SZ')",
    "iso_offset": "strftime({c}, '%Y-%m-%dT%H:%M:%SZ')",
    "epoch": "cast(epoch({c}) as bigint)::varchar",
    "local": "strftime({c}, '%Y-%m-%d %H:%M:%S')",
}


def _detect_format(base: Path) -> str:
    for fmt, ext in EXTENSIONS.items():
        if (base / f"web_events.{ext}").exists():
            return fmt
    raise FileNotFoundError(f"no web_events file in {base}")


def _reader(path: Path, fmt: str, columns: list[str]) -> str:
    p = path.as_posix().replace("'", "''")
    if fmt == "parquet":
        return f"read_parquet('{p}')"
    if fmt == "json":
        types = ", ".join(f"'{c}': 'VARCHAR'" for c in columns)
        return f"read_json('{p}', format='newline_delimited', columns={{{types}}})"
    return f"read_csv('{p}', header=true, all_varchar=true, delim=',', quote='\"', escape='\"')"


def _mark(rng: np.random.Generator, k: int, share: float) -> np.ndarray:
    """k flags, round(k * share) of them set (at least one when share > 0), at random positions."""
    n = min(k, max(1, round(k * share))) if share > 0 else 0
    flags = np.zeros(k, dtype=bool)
    flags[rng.choice(k, size=n, replace=False)] = True
    return flags


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.unlink(missing_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _append_file(con: duckdb.DuckDBPyConnection, base_file: Path, out_file: Path, fmt: str, new_table: str,
                 columns: list[str]) -> None:
    """out_file = base_file's rows, in their order, then the rows of new_table (ordered by _ord)."""
    select = f"select {', '.join(columns)} from {new_table} order by _ord"
    tmp = out_file.with_name(out_file.name + ".tmp")
    tmp.unlink(missing_ok=True)
    if fmt == "parquet":
        new = con.sql(select).to_arrow_table()
        source = pq.ParquetFile(base_file)
        schema = pa.schema([pa.field(c, pa.string()) for c in columns])
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            for i in range(source.num_row_groups):
                writer.write_table(source.read_row_group(i, columns=columns).cast(schema))
            writer.write_table(new.cast(schema), row_group_size=1_000_000)
    else:
        part = out_file.with_name(out_file.name + ".part")
        opts = "(format csv, header false)" if fmt == "csv" else "(format json)"
        con.execute(f"copy ({select}) to '{part.as_posix()}' {opts}")
        with open(tmp, "wb") as out, open(base_file, "rb") as old, open(part, "rb") as add:
            shutil.copyfileobj(old, out, 1 << 24)
            out.seek(0, os.SEEK_END)
            if out.tell() and not _ends_with_newline(base_file):
                out.write(b"\n")
            shutil.copyfileobj(add, out, 1 << 24)
        part.unlink()
    out_file.unlink(missing_ok=True)
    tmp.rename(out_file)


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        if f.tell() == 0:
            return True
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


def append_increment(base: str | Path, out: str | Path, fraction: float = 0.01, seed: int = 7,
                     lookback_days: int = 3, late_share: float = 0.10, duplicate_share: float = 0.015,
                     resent_share: float = 0.002, threads: int = 2, memory_limit: str = "4GB") -> dict:
    """Write base + increment to ``out``; returns the increment description (also in _truth/increment.json)."""
    base, out = Path(base), Path(out)
    if base.resolve() == out.resolve():
        raise ValueError("--out must differ from --base")
    if lookback_days < 2:
        raise ValueError("lookback_days must be at least 2 (late rows go up to lookback_days - 1 days back)")
    fmt = _detect_format(base)
    ext = EXTENSIONS[fmt]
    out.mkdir(parents=True, exist_ok=True)
    (out / "_truth").mkdir(exist_ok=True)
    rng = np.random.default_rng([seed, 2024])
    con = duckdb.connect(config={"threads": threads, "memory_limit": memory_limit,
                                 "preserve_insertion_order": True})
    appended_sources = {s.name for s in APPEND_SOURCES} | {s.lines for s in APPEND_SOURCES if s.lines}
    for src in CONTRACT:
        if src not in appended_sources and (base / f"{src}.{ext}").exists():
            _link_or_copy(base / f"{src}.{ext}", out / f"{src}.{ext}")
    for name in ("injected_defects.csv", "manifest.json"):
        if (base / "_truth" / name).exists():
            _link_or_copy(base / "_truth" / name, out / "_truth" / name)

    def read(src: str) -> str:
        return _reader(base / f"{src}.{ext}", fmt, CONTRACT[src])

    summary: dict = {"base": base.name, "format": fmt, "fraction": fraction, "seed": seed,
                     "lookback_days": lookback_days, "late_share": late_share, "sources": {}}
    truth_new = []
    for s in APPEND_SOURCES:
        cols = CONTRACT[s.name]
        con.execute(f"create or replace table src as select *, ordinality as _ord from {read(s.name)} with ordinality")
        con.execute("alter table src add column _ts timestamp")
        con.execute(f"update src set _ts = {_PARSE[s.ts_kind].format(c=s.ts_column)}")
        n_rows = con.execute("select count(*) from src").fetchall()[0][0]
        # latest valid time: future timestamps (rejected by staging) do not count
        (latest,) = con.execute("select max(_ts) from src where _ts <= cast(now() as timestamp) + interval 1 day").fetchall()[0]
        k = max(1, round(n_rows * fraction))
        picked = np.sort(rng.choice(np.arange(1, n_rows + 1), size=min(k, n_rows), replace=False))
        k = len(picked)
        is_late = _mark(rng, k, late_share)
        day = 86_400
        offset = np.where(is_late, -rng.integers(day // 10, (lookback_days - 1) * day, size=k),
                          rng.integers(60, day, size=k))
        dup = _mark(rng, k, duplicate_share)
        order = np.argsort(offset, kind="stable")
        con.register("pick", pa.table({"_ord": picked[order], "_offset_s": offset[order], "_late": is_late[order],
                                       "_dup": dup[order], "_seq": np.arange(1, k + 1)}))
        new_ts = "(timestamp '{}' + to_seconds(pick._offset_s))".format(latest.isoformat(sep=" "))
        replaced = {s.ts_column: _RENDER[s.ts_kind].format(c=new_ts)}
        if s.id_column:
            if s.id_style == "pos":
                (max_id,) = con.execute(
                    f"select max(try_cast(split_part({s.id_column}, '-', 2) as bigint)) from src").fetchall()[0]
                new_id = (f"split_part(src.{s.id_column}, '-', 1) || '-' || "
                          f"lpad(({max_id} + pick._seq)::varchar, {s.id_width}, '0')")
            else:
                (max_id,) = con.execute(
                    f"select max(try_cast(substr({s.id_column}, {len(s.id_style) + 1}) as bigint)) from src "
                    f"where {s.id_column} like '{s.id_style}%'").fetchall()[0]
                new_id = f"'{s.id_style}' || lpad(({max_id} + pick._seq)::varchar, {s.id_width}, '0')"
            replaced[s.id_column] = new_id
        select_cols = ", ".join(f"{replaced.get(c, 'src.' + c)} as {c}" for c in cols)
        con.execute(f"""
            create or replace table new_rows as
            select {select_cols}, src.{s.id_column or s.ts_column} as _old_id, pick._seq, pick._late, pick._dup,
                   pick._seq * 2 as _ord
            from src inner join pick on src._ord = pick._ord
        """)
        # exact duplicates among the new rows (next to their original) ...
        con.execute(f"insert into new_rows select {', '.join(cols)}, _old_id, _seq, _late, _dup, _ord + 1 "
                    "from new_rows where _dup")
        # ... and re-sent copies of day-1 rows of the last lookback_days - 1 days
        n_resent = max(2, round(k * resent_share))
        con.execute(f"""
            insert into new_rows
            select {', '.join(cols)}, null, null, true, false, 2 * {k} + 1 + row_number() over (order by _ord)
            from (
                select * from src
                where _ts between timestamp '{latest.isoformat(sep=' ')}' - interval {lookback_days - 1} day
                    and timestamp '{latest.isoformat(sep=' ')}'
                order by hash(_ord, {seed}) limit {n_resent}
            )
        """)
        _append_file(con, base / f"{s.name}.{ext}", out / f"{s.name}.{ext}", fmt, "new_rows", cols)
        info = {
            "base_rows": int(n_rows),
            "appended_rows": con.execute("select count(*) from new_rows").fetchall()[0][0],
            "new_rows": int(k),
            "late_rows": int(is_late.sum()),
            "exact_duplicate_rows": int(dup.sum()) + n_resent,
            "latest_base_event_utc": latest.isoformat(sep=" "),
        }
        if s.lines:
            lines = CONTRACT[s.lines]
            parent = s.id_column
            con.execute(f"create or replace table line_src as select *, ordinality as _ord from {read(s.lines)} "
                        "with ordinality")
            con.execute(f"""
                create or replace table new_lines as
                select {', '.join(f'n.{parent}' if c == parent else 'l.' + c for c in lines)},
                       row_number() over (order by n._ord, l._ord) as _ord
                from (
                    select {parent}, _old_id, min(_ord) as _ord from new_rows where _seq is not null group by 1, 2
                ) as n
                inner join line_src as l on l.{parent} = n._old_id
            """)
            _append_file(con, base / f"{s.lines}.{ext}", out / f"{s.lines}.{ext}", fmt, "new_lines", lines)
            n_lines = con.execute("select count(*) from line_src").fetchall()[0][0]
            summary["sources"][s.lines] = {"base_rows": int(n_lines), "appended_rows": con.execute(
                "select count(*) from new_lines").fetchall()[0][0]}
            con.execute(f"create or replace table new_{s.name} as select * from new_rows")
            truth_new.append(f"""
                select distinct t.source_name, n.{parent} as source_record_id, t.person_id
                from new_{s.name} as n
                inner join truth as t on t.source_name = '{s.name}' and t.source_record_id = n._old_id
                where n._seq is not null
            """)
        summary["sources"][s.name] = info
        con.unregister("pick")

    # ground truth: the day-1 records, then the new person-bearing records
    truth_file = base / "_truth" / "ground_truth.csv"
    if truth_file.exists():
        con.execute(f"create or replace table truth as select * from read_csv('{truth_file.as_posix()}', "
                    "header=true, all_varchar=true)")
        union = " union all ".join(truth_new)
        con.execute(f"create or replace table truth_new as select * from ({union}) order by 1, 2")
        con.execute("create or replace table truth_all as select * from truth union all select * from truth_new")
        con.execute(f"copy (select * from truth_all order by source_name, source_record_id) to "
                    f"'{(out / '_truth' / 'ground_truth.csv').as_posix()}' (format csv, header true)")
        summary["ground_truth_new_records"] = con.execute("select count(*) from truth_new").fetchall()[0][0]
    con.close()
    (out / "_truth" / "increment.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n",
                                                     encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m customer360.bench.increment",
                                 description="Append a later increment (new, late and duplicate rows) to a data set.")
    ap.add_argument("--base", required=True, help="generated data set (day 1)")
    ap.add_argument("--out", required=True, help="output directory (day 1 + increment)")
    ap.add_argument("--fraction", type=float, default=0.01, help="new rows per append-only source, share of its rows")
    ap.add_argument("--lookback-days", type=int, default=3, help="late rows go up to this many days - 1 back")
    ap.add_argument("--late-share", type=float, default=0.10, help="share of the new rows that arrive late")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    summary = append_increment(a.base, a.out, a.fraction, a.seed, a.lookback_days, a.late_share)
    json.dump(summary, sys.stdout, indent=2, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
