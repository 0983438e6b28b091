"""The reference seeds (dbt ``seeds/``) derived from the generator's reference data.

``python -m customer360.generate --write-seeds seeds`` rewrites them; a pytest checks that the
committed files equal what this module produces.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from . import reference as ref

SEED_FILES = ("currency_rates.csv", "store_timezones.csv", "country_codes.csv", "category_mapping.csv")


def _csv(header: list[str], rows: list[tuple]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def seed_contents() -> dict[str, str]:
    rates = [(cur, d.isoformat(), f"{v:.4f}") for cur, d, v in ref.currency_rates()]
    stores = [(s["store_id"], s["store_name"], s["country_code"], s["timezone"], s["currency_code"])
              for s in ref.STORES]
    aliases = {}
    for code, names in ref.COUNTRY_ALIASES.items():
        for a in names:
            aliases[a.lower()] = code
        for spelling, _ in ref.COUNTRY_SPELLINGS[code]:
            aliases[spelling.lower()] = code
    countries = [(a, c, ref.COUNTRIES[c]["name"], ref.COUNTRIES[c]["calling_code"]) for a, c in aliases.items()]
    for code, spec in ref.SEED_ONLY_COUNTRIES.items():
        countries += [(a, code, spec["name"], spec["calling_code"]) for a in spec["aliases"]]
    countries.sort()
    mapping = []
    for cat in ref.TAXONOMY:
        for sub, code, *_ in cat["subs"]:
            mapping.append(("web", f"{cat['category']} > {sub}", cat["category"], sub))
            mapping.append(("store", code, cat["category"], sub))
    for (cat, sub), label in ref.LEGACY_WEB_LABELS.items():
        mapping.append(("web", label, cat, sub))
    mapping.sort()
    return {
        "currency_rates.csv": _csv(["currency_code", "valid_from", "rate_to_reporting"], rates),
        "store_timezones.csv": _csv(["store_id", "store_name", "country_code", "timezone", "currency_code"], stores),
        "country_codes.csv": _csv(["country_alias", "country_code", "country_name", "calling_code"], countries),
        "category_mapping.csv": _csv(["label_system", "source_label", "category", "subcategory"], mapping),
    }


def write_seeds(directory: str | Path) -> list[Path]:
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in seed_contents().items():
        p = d / name
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out
