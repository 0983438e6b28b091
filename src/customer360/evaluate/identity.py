"""Pairwise precision / recall of identity resolution against a ground-truth file.

The crosswalk (``int_identity__crosswalk``: one row per person-bearing record with its ``customer_id``) is
compared with a ground truth (``source_name``, ``source_record_id``, ``person_id``; the generator writes
``_truth/ground_truth.csv``) over the records present in both:

* a *predicted pair* is two records with the same ``customer_id``, a *true pair* two records of the same person;
* precision = correct predicted pairs / predicted pairs, recall = correct pairs / true pairs, F1 their harmonic mean.

Pairs are counted with group-bys, never enumerated: sum of n·(n−1)/2 over clusters (predicted), over persons
(true) and over cluster × person cells (correct). Usage::

    python -m customer360.evaluate_identity --truth data/demo/_truth/ground_truth.csv
    python -m customer360.evaluate_identity --truth FILE --db path/to/warehouse.duckdb --json

``--db`` defaults to env var ``CUSTOMER360_DUCKDB_PATH``, else ``customer360.duckdb``. The warehouse is opened
read-only. Exit status 0, or 2 when an input is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

CROSSWALK = "int_identity__crosswalk"
DEFAULT_SCHEMA = "restricted_intermediate"


@dataclass
class IdentityEvaluation:
    precision: float
    recall: float
    f1: float
    true_persons: int
    predicted_clusters: int
    records_evaluated: int
    truth_records: int
    crosswalk_records: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    largest_cluster_records: int
    largest_person_records: int
    over_merged_clusters: int
    split_persons: int

    def summary(self) -> str:
        return "\n".join(
            [
                "identity resolution vs ground truth (pairwise, records present in both)",
                f"  records evaluated   {self.records_evaluated:>12,}  "
                f"(truth {self.truth_records:,}, crosswalk {self.crosswalk_records:,})",
                f"  true persons        {self.true_persons:>12,}",
                f"  predicted clusters  {self.predicted_clusters:>12,}",
                f"  true pairs          {self.true_pairs:>12,}",
                f"  predicted pairs     {self.predicted_pairs:>12,}",
                f"  correct pairs       {self.correct_pairs:>12,}",
                f"  precision           {self.precision:>12.5f}",
                f"  recall              {self.recall:>12.5f}",
                f"  F1                  {self.f1:>12.5f}",
                f"  largest cluster     {self.largest_cluster_records:>12,} records "
                f"(largest person {self.largest_person_records:,})",
                f"  clusters holding more than one person  {self.over_merged_clusters:,}",
                f"  persons spread over more than one cluster  {self.split_persons:,}",
            ]
        )


def _pairs(column: str) -> str:
    return f"coalesce(sum({column} * ({column} - 1) / 2), 0)"


def evaluate(con: duckdb.DuckDBPyConnection, truth_path: str, crosswalk: str) -> IdentityEvaluation:
    """Compute the evaluation. ``crosswalk`` is a relation name readable through ``con``."""
    con.execute(
        "create or replace temp table eval_truth as "
        "select distinct cast(source_name as varchar) as source_name, "
        "cast(source_record_id as varchar) as source_record_id, cast(person_id as varchar) as person_id "
        "from read_csv(?, header = true, all_varchar = true)",
        [truth_path],
    )
    con.execute(
        "create or replace temp table eval_crosswalk as "
        f"select distinct source_name, cast(source_record_id as varchar) as source_record_id, customer_id from {crosswalk}"
    )
    con.execute(
        "create or replace temp table eval_joined as "
        "select t.person_id, c.customer_id from eval_truth as t "
        "inner join eval_crosswalk as c using (source_name, source_record_id)"
    )
    (truth_records,) = con.execute("select count(*) from eval_truth").fetchall()[0]
    (crosswalk_records,) = con.execute("select count(*) from eval_crosswalk").fetchall()[0]
    row = con.execute(
        f"""
        with
        by_cluster as (select customer_id, count(*)::hugeint as n from eval_joined group by 1),
        by_person as (select person_id, count(*)::hugeint as n from eval_joined group by 1),
        by_cell as (select customer_id, person_id, count(*)::hugeint as n from eval_joined group by 1, 2),
        people_per_cluster as (select customer_id, count(*) as k from by_cell group by 1),
        clusters_per_person as (select person_id, count(*) as k from by_cell group by 1)
        select
            (select count(*) from eval_joined),
            (select count(*) from by_person),
            (select count(*) from by_cluster),
            (select {_pairs('n')} from by_person),
            (select {_pairs('n')} from by_cluster),
            (select {_pairs('n')} from by_cell),
            (select coalesce(max(n), 0) from by_cluster),
            (select coalesce(max(n), 0) from by_person),
            (select count(*) from people_per_cluster where k > 1),
            (select count(*) from clusters_per_person where k > 1)
        """
    ).fetchall()[0]
    (records, persons, clusters, true_pairs, predicted_pairs, correct_pairs, max_cluster, max_person,
     over_merged, split) = (int(v) for v in row)
    precision = correct_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = correct_pairs / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return IdentityEvaluation(
        precision=precision,
        recall=recall,
        f1=f1,
        true_persons=persons,
        predicted_clusters=clusters,
        records_evaluated=records,
        truth_records=int(truth_records),
        crosswalk_records=int(crosswalk_records),
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        correct_pairs=correct_pairs,
        largest_cluster_records=max_cluster,
        largest_person_records=max_person,
        over_merged_clusters=over_merged,
        split_persons=split,
    )


def evaluate_warehouse(truth_path: str, db_path: str, schema: str = DEFAULT_SCHEMA) -> IdentityEvaluation:
    con = duckdb.connect(db_path, read_only=True)
    try:
        return evaluate(con, truth_path, f'"{schema}"."{CROSSWALK}"')
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m customer360.evaluate_identity",
        description="Pairwise precision, recall and F1 of int_identity__crosswalk against a ground-truth file.",
    )
    parser.add_argument("--truth", required=True, help="CSV with source_name, source_record_id, person_id")
    parser.add_argument(
        "--db",
        default=os.environ.get("CUSTOMER360_DUCKDB_PATH", "customer360.duckdb"),
        help="DuckDB warehouse holding the crosswalk (default: env CUSTOMER360_DUCKDB_PATH, else customer360.duckdb)",
    )
    parser.add_argument("--schema", default=DEFAULT_SCHEMA, help=f"schema of {CROSSWALK} (default {DEFAULT_SCHEMA})")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    for path, what in ((args.truth, "ground-truth file"), (args.db, "warehouse")):
        if not Path(path).exists():
            print(f"evaluate_identity: {what} not found: {path}", file=sys.stderr)
            return 2
    result = evaluate_warehouse(args.truth, args.db, args.schema)
    if result.records_evaluated < 0.5 * result.truth_records:
        print(f"evaluate_identity: warning: only {result.records_evaluated:,} of {result.truth_records:,} ground-truth "
              "records are in the crosswalk: was the warehouse built from this data set?", file=sys.stderr)
    print(json.dumps(asdict(result)) if args.json else result.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
