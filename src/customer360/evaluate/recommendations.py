"""Offline evaluation of product_recommendations against a popularity baseline.

Time-based split: the personalization models are built with dbt var ``recommendation_cutoff_date`` so they
only see data before the cut-off. For every customer with personalization consent who buys after the
cut-off, the products of their first completed order on or after the cut-off are held out; a list "hits"
when it contains one of them. Reported for the recommender (``product_recommendations``) and for a
popularity baseline (the most popular products before the cut-off, ``int_personalization__product_popularity``,
minus what the customer already bought, by the same rule as the recommender):

* hit rate@k: share of customers whose top-k list contains a held-out product;
* NDCG@k: discounted cumulative gain of the hits (1 / log2(rank + 1)) divided by the ideal gain.

Usage::

    python -m customer360.evaluate_recommendations                      # bundled demo data
    python -m customer360.evaluate_recommendations --generate 20000     # a generated data set
    python -m customer360.evaluate_recommendations --data-path DIR --json
    python -m customer360.evaluate_recommendations --warehouse wh.duckdb  # already built with a cut-off

Without ``--warehouse`` the command builds a private DuckDB warehouse in a temporary directory (two dbt runs:
everything upstream, then the personalization models with the cut-off var), so it never touches the
project's own warehouse. The default cut-off is ``--holdout-days`` days before the latest order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

DEFAULT_K = 10
DEFAULT_HOLDOUT_DAYS = 60
# the build: these marts and everything upstream (the personalization models apply the cut-off var)
PERSONALIZATION_MARTS = ["product_recommendations", "customer_features", "email_audience", "experiment_results"]


@dataclass
class MethodResult:
    method: str
    customers: int
    hits: int
    hit_rate: float
    ndcg: float


@dataclass
class Evaluation:
    k: int
    cutoff_date: str
    evaluated_customers: int
    warm_customers: int
    cold_customers: int
    recommender: MethodResult
    popularity: MethodResult
    hit_rate_relative_lift: float | None
    ndcg_relative_lift: float | None
    by_segment: dict = field(default_factory=dict)
    warehouse: str | None = None
    data_path: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


# -- dbt ------------------------------------------------------------------------------------------------------


def project_dir() -> Path:
    """The dbt project: env var CUSTOMER360_PROJECT_DIR, else the repository this package lives in, else the
    working directory."""
    if os.environ.get("CUSTOMER360_PROJECT_DIR"):
        return Path(os.environ["CUSTOMER360_PROJECT_DIR"])
    here = Path(__file__).resolve()
    for candidate in [*here.parents, Path.cwd()]:
        if (candidate / "dbt_project.yml").is_file():
            return candidate
    raise SystemExit("dbt_project.yml not found: run from the customer360 repository")


def _dbt_executable() -> str:
    local = Path(sys.executable).parent / "dbt"
    if local.exists():
        return str(local)
    found = shutil.which("dbt")
    if not found:
        raise SystemExit("dbt is not installed in this environment")
    return found


def dbt_environment(work_dir: Path, data_path: Path | None, project: Path) -> dict[str, str]:
    """Environment of an isolated build: own warehouse file, target, logs and spill directory."""
    env = dict(os.environ)
    env.setdefault("DBT_PROFILES_DIR", str(project))
    env["CUSTOMER360_DUCKDB_PATH"] = str(work_dir / "warehouse.duckdb")
    env["DBT_TARGET_PATH"] = str(work_dir / "target")
    env["DBT_LOG_PATH"] = str(work_dir / "logs")
    env["CUSTOMER360_DUCKDB_TEMP_DIR"] = str(work_dir / "spill")
    if data_path is not None:
        env["CUSTOMER360_RAW_DATA_PATH"] = str(data_path.resolve())
    return env


def run_dbt(args: list[str], env: dict[str, str], project: Path, quiet: bool) -> None:
    command = [_dbt_executable(), *args, "--project-dir", str(project)]
    result = subprocess.run(command, env=env, cwd=project, capture_output=quiet, text=True, check=False)
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout[-20000:] + result.stderr[-5000:])
        raise SystemExit(f"dbt failed: {' '.join(args)}")


def _raw_column(data_path: Path, table: str, column: str, raw_data_format: str) -> str:
    """SQL selecting one raw column as text (file layout: docs/raw_data_contract.md)."""
    if raw_data_format == "parquet":
        return f"select cast({column} as varchar) as value from read_parquet('{data_path / (table + '.parquet')}')"
    if raw_data_format == "json":
        return (f"select json_extract_string(json, '$.{column}') as value "
                f"from read_json_objects('{data_path / (table + '.jsonl')}', format='newline_delimited')")
    return f"select {column} as value from read_csv('{data_path / (table + '.csv')}', header=true, all_varchar=true)"


def latest_raw_order_date(data_path: Path, raw_data_format: str = "csv") -> dt.date:
    """Latest plausible order or store-transaction date in the raw files (unparseable values and timestamps in
    the future are ignored, as staging rejects them), so the cut-off is known before anything is built."""
    today = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    values = []
    with duckdb.connect() as con:
        for table, column in (("shop_orders", "ordered_at"), ("pos_transactions", "transacted_at")):
            rows = con.sql(
                f"""
                select max(ts) from (
                    select coalesce(
                        try_cast(try_cast(value as timestamptz) at time zone 'UTC' as timestamp),
                        try_cast(value as timestamp)
                    ) as ts
                    from ({_raw_column(data_path, table, column, raw_data_format)})
                ) where ts <= $today
                """,
                params={"today": today},
            ).fetchall()
            if rows and rows[0][0] is not None:
                values.append(rows[0][0])
    if not values:
        raise SystemExit(f"no orders found in {data_path}: nothing to evaluate")
    return max(values).date()


def build_warehouse(
    work_dir: Path,
    data_path: Path,
    cutoff_date: dt.date | None = None,
    holdout_days: int = DEFAULT_HOLDOUT_DAYS,
    raw_data_format: str | None = None,
    quiet: bool = True,
) -> tuple[Path, dt.date]:
    """Build a private warehouse in one dbt invocation: seeds and every model the personalization marts need,
    the personalization models seeing only data before the cut-off (the others do not depend on it)."""
    project = project_dir()
    work_dir.mkdir(parents=True, exist_ok=True)
    env = dbt_environment(work_dir, data_path, project)
    if not (project / "dbt_packages").is_dir():
        run_dbt(["deps"], env, project, quiet)
    if cutoff_date is None:
        cutoff_date = latest_raw_order_date(data_path, raw_data_format or "csv") - dt.timedelta(days=holdout_days)
    build_vars = {"recommendation_cutoff_date": cutoff_date.isoformat()}
    if raw_data_format:
        build_vars["raw_data_format"] = raw_data_format
    run_dbt(
        ["build", "--select", *[f"+{name}" for name in PERSONALIZATION_MARTS],
         "--resource-type", "seed", "--resource-type", "model", "--vars", json.dumps(build_vars)],
        env, project, quiet,
    )
    return Path(env["CUSTOMER360_DUCKDB_PATH"]), cutoff_date


# -- metrics --------------------------------------------------------------------------------------------------


def dcg(ranks: list[int]) -> float:
    """Discounted cumulative gain of binary hits at 1-based ranks."""
    return sum(1.0 / math.log2(rank + 1) for rank in ranks)


def ndcg_at_k(hit_ranks: list[int], relevant_count: int, k: int) -> float:
    ideal = dcg(list(range(1, min(relevant_count, k) + 1)))
    return dcg([rank for rank in hit_ranks if rank <= k]) / ideal if ideal else 0.0


def score_lists(held_out: dict[str, set[str]], lists: dict[str, list[str]], k: int, method: str) -> MethodResult:
    hits = 0
    ndcg_total = 0.0
    for customer_id, relevant in held_out.items():
        ranked = lists.get(customer_id, [])[:k]
        hit_ranks = [rank for rank, product_id in enumerate(ranked, start=1) if product_id in relevant]
        hits += 1 if hit_ranks else 0
        ndcg_total += ndcg_at_k(hit_ranks, len(relevant), k)
    customers = len(held_out)
    return MethodResult(
        method=method,
        customers=customers,
        hits=hits,
        hit_rate=hits / customers if customers else 0.0,
        ndcg=ndcg_total / customers if customers else 0.0,
    )


def _relative_lift(value: float, baseline: float) -> float | None:
    return (value - baseline) / baseline if baseline else None


# -- queries --------------------------------------------------------------------------------------------------

HELD_OUT_SQL = """
with
cutoff as (
    select as_of_at_utc, is_cutoff_applied from restricted_intermediate.int_personalization__as_of
),
population as (
    -- customers the recommender serves: personalization consent (they have recommendation candidates)
    select distinct customer_id from restricted_intermediate.int_personalization__recommendation_candidates
),
later_orders as (
    select
        orders.customer_id,
        orders.order_id,
        orders.ordered_at_utc,
        min(orders.ordered_at_utc) over (partition by orders.customer_id) as first_ordered_at_utc
    from marts.fct_orders as orders
    cross join cutoff
    inner join population on orders.customer_id = population.customer_id
    where orders.status = 'completed' and orders.ordered_at_utc >= cutoff.as_of_at_utc
)
select distinct later_orders.customer_id, items.product_id
from later_orders
inner join marts.fct_order_items as items on later_orders.order_id = items.order_id
where later_orders.ordered_at_utc = later_orders.first_ordered_at_utc
"""

RECOMMENDER_SQL = """
select customer_id, product_id
from marts.product_recommendations
where recommendation_rank <= $k
order by customer_id, recommendation_rank
"""

# the baseline gets the same exclusion rule as the recommender: never what the customer already bought,
# except consumables when the build re-recommends them (var recommendation_repeat_consumables)
POPULARITY_SQL = """
with
population as (
    select distinct customer_id from restricted_intermediate.int_personalization__recommendation_candidates
),
excluded as (
    select interactions.customer_id, interactions.product_id
    from restricted_intermediate.int_personalization__customer_product_interactions as interactions
    inner join restricted_intermediate.int_personalization__product_popularity as popularity
        on interactions.product_id = popularity.product_id
    where interactions.is_purchased and not ($repeat_consumables and popularity.is_consumable)
),
ranked as (
    select
        population.customer_id,
        popularity.product_id,
        row_number() over (partition by population.customer_id order by popularity.popularity_rank) as list_rank
    from population
    cross join (
        select product_id, popularity_rank
        from restricted_intermediate.int_personalization__product_popularity
        where popularity_rank <= $k + 200
    ) as popularity
    left join excluded
        on population.customer_id = excluded.customer_id and popularity.product_id = excluded.product_id
    where excluded.product_id is null
)
select customer_id, product_id from ranked where list_rank <= $k order by customer_id, list_rank
"""

WARM_SQL = """
select distinct customer_id from restricted_intermediate.int_personalization__customer_product_interactions
"""


def _lists(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for customer_id, product_id in con.execute(sql, params).fetchall():
        lists.setdefault(customer_id, []).append(product_id)
    return lists


def evaluate(warehouse: Path, k: int = DEFAULT_K, repeat_consumables: bool = True) -> Evaluation:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        as_of = con.sql(
            "select as_of_at_utc, is_cutoff_applied from restricted_intermediate.int_personalization__as_of"
        ).fetchall()
        if not as_of or not as_of[0][1]:
            raise SystemExit("the warehouse was built without var recommendation_cutoff_date: nothing is held out")
        cutoff = as_of[0][0]
        held_out: dict[str, set[str]] = {}
        for customer_id, product_id in con.sql(HELD_OUT_SQL).fetchall():
            held_out.setdefault(customer_id, set()).add(product_id)
        recommender_lists = _lists(con, RECOMMENDER_SQL, {"k": k})
        popularity_lists = _lists(con, POPULARITY_SQL, {"k": k, "repeat_consumables": repeat_consumables})
        warm = {row[0] for row in con.sql(WARM_SQL).fetchall()}

    recommender = score_lists(held_out, recommender_lists, k, "recommender")
    popularity = score_lists(held_out, popularity_lists, k, "popularity")
    by_segment = {}
    segments = {
        "warm": {customer: held_out[customer] for customer in held_out if customer in warm},
        "cold": {customer: held_out[customer] for customer in held_out if customer not in warm},
    }
    for segment, subset in segments.items():
        by_segment[segment] = {
            "recommender": asdict(score_lists(subset, recommender_lists, k, "recommender")),
            "popularity": asdict(score_lists(subset, popularity_lists, k, "popularity")),
        }
    return Evaluation(
        k=k,
        cutoff_date=cutoff.date().isoformat(),
        evaluated_customers=len(held_out),
        warm_customers=by_segment["warm"]["recommender"]["customers"],
        cold_customers=by_segment["cold"]["recommender"]["customers"],
        recommender=recommender,
        popularity=popularity,
        hit_rate_relative_lift=_relative_lift(recommender.hit_rate, popularity.hit_rate),
        ndcg_relative_lift=_relative_lift(recommender.ndcg, popularity.ndcg),
        by_segment=by_segment,
        warehouse=str(warehouse),
    )


# -- output ---------------------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.1%}"


def format_table(result: Evaluation) -> str:
    k = result.k
    lines = [
        f"Offline evaluation, cut-off {result.cutoff_date}: first purchase after the cut-off held out",
        f"customers evaluated: {result.evaluated_customers} "
        f"(with history before the cut-off: {result.warm_customers}, cold start: {result.cold_customers})",
        "",
        f"{'method':<14}{'segment':<9}{'customers':>10}{'hits':>8}{f'hit rate@{k}':>14}{f'NDCG@{k}':>10}",
    ]
    for segment in ("all", "warm", "cold"):
        for method in ("recommender", "popularity"):
            if segment == "all":
                row = asdict(getattr(result, method))
            else:
                row = result.by_segment[segment][method]
            lines.append(
                f"{method:<14}{segment:<9}{row['customers']:>10}{row['hits']:>8}"
                f"{row['hit_rate']:>14.4f}{row['ndcg']:>10.4f}"
            )
    lines += [
        "",
        f"relative lift of the recommender over popularity: hit rate@{k} {_pct(result.hit_rate_relative_lift)}, "
        f"NDCG@{k} {_pct(result.ndcg_relative_lift)}",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m customer360.evaluate_recommendations",
        description="Hit rate@k and NDCG@k of product_recommendations vs a popularity baseline (time-based split).",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--data-path", type=Path, help="raw data directory (default: the bundled demo data)")
    source.add_argument("--generate", type=int, metavar="CUSTOMERS",
                        help="generate a data set of this many customers first (customer360.generate)")
    source.add_argument("--warehouse", type=Path, help="evaluate an existing warehouse built with the cut-off var")
    parser.add_argument("--seed", type=int, default=7, help="generator seed with --generate (default 7)")
    parser.add_argument("--raw-data-format", choices=["csv", "parquet", "json"], help="format of the raw files")
    parser.add_argument("--cutoff-date", type=dt.date.fromisoformat,
                        help="cut-off date YYYY-MM-DD (default: latest order minus --holdout-days)")
    parser.add_argument("--holdout-days", type=int, default=DEFAULT_HOLDOUT_DAYS,
                        help="days before the latest order where the default cut-off falls "
                             f"(default {DEFAULT_HOLDOUT_DAYS})")
    parser.add_argument("-k", "--k", type=int, default=DEFAULT_K, help=f"list length (default {DEFAULT_K})")
    parser.add_argument("--no-repeat-consumables", action="store_true",
                        help="the build used recommendation_repeat_consumables: false (baseline excludes them too)")
    parser.add_argument("--work-dir", type=Path, help="where to build (default: a temporary directory, removed)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary build directory")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--verbose", action="store_true", help="show dbt output")
    parser.add_argument("--min-hit-rate-lift", type=float,
                        help="exit with status 1 when the relative hit-rate lift is below this (e.g. 0.5)")
    return parser.parse_args(argv)


def generate_data_set(customers: int, seed: int, out: Path, quiet: bool) -> None:
    """The generator's raw exports of `customers` customers (seed `seed`) written into `out`."""
    command = [sys.executable, "-m", "customer360.generate", "--customers", str(customers), "--seed", str(seed),
               "--out", str(out)]
    result = subprocess.run(command, capture_output=quiet, text=True, check=False)
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout[-5000:] + result.stderr[-5000:])
        raise SystemExit("data generation failed")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    quiet = not args.verbose
    temporary = None
    try:
        if args.warehouse:
            warehouse = args.warehouse
            data_path = None
        else:
            if args.work_dir:
                work_dir = args.work_dir
            else:
                temporary = tempfile.mkdtemp(prefix="customer360-eval-")
                work_dir = Path(temporary)
            if args.generate:
                data_path = work_dir / "data"
                generate_data_set(args.generate, args.seed, data_path, quiet)
            else:
                data_path = args.data_path or project_dir() / "data" / "demo"
            warehouse, _ = build_warehouse(
                work_dir, data_path, args.cutoff_date, args.holdout_days, args.raw_data_format, quiet
            )
        result = evaluate(warehouse, args.k, repeat_consumables=not args.no_repeat_consumables)
        result.data_path = str(data_path) if data_path else None
        if temporary and not args.keep:
            result.warehouse = None
        print(json.dumps(result.to_dict(), indent=2) if args.json else format_table(result))
        if args.min_hit_rate_lift is not None:
            lift = result.hit_rate_relative_lift
            if lift is None or lift < args.min_hit_rate_lift:
                return 1
        return 0
    finally:
        if temporary and not args.keep:
            shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
