"""The true world behind the exports, simulated with vectorized numpy.

Nothing here is text yet: persons, accounts, purchases, sessions and emails are integer/float
arrays (pool indices, epoch seconds, flags). ``render`` turns them into the raw exports.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from . import reference as ref
from .config import WorldConfig

DAY = 86_400
EPOCH = dt.date(1970, 1, 1)


def epoch_days(d: dt.date) -> int:
    return (d - EPOCH).days


def epoch_seconds(d: dt.date) -> int:
    return epoch_days(d) * DAY


class Table(dict):
    """A dict of equally long numpy arrays (a column store) with a few helpers."""

    @property
    def nrows(self) -> int:
        return len(next(iter(self.values()))) if dict.__len__(self) else 0

    def take(self, idx) -> "Table":
        return Table({k: v[idx] for k, v in self.items()})

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(dict(self))


def _choice_weighted(rng, n, weights):
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(w), size=n, p=w / w.sum())


def _group_offsets(counts: np.ndarray) -> np.ndarray:
    """Start offset of each group in a concatenation of groups of the given sizes."""
    return np.cumsum(counts) - counts


def _unique_random(rng, k: int, lo: int, hi: int) -> np.ndarray:
    """k distinct random int64 in [lo, hi) (redraws the rare collisions)."""
    x = rng.integers(lo, hi, k, dtype=np.int64)
    for _ in range(20):
        _, first = np.unique(x, return_index=True)
        dup = np.ones(k, dtype=bool)
        dup[first] = False
        if not dup.any():
            return x
        x[dup] = rng.integers(lo, hi, int(dup.sum()), dtype=np.int64)
    raise RuntimeError("could not draw distinct ids")


def _rank_in_group(group_sorted: np.ndarray) -> np.ndarray:
    """0-based position of each row within its (contiguous) group."""
    n = len(group_sorted)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[True, group_sorted[1:] != group_sorted[:-1]]
    start_idx = np.flatnonzero(starts)
    group_no = np.cumsum(starts) - 1
    return np.arange(n) - start_idx[group_no]


# ---------------------------------------------------------------------------------------------
# Pools: flatten the per-country name/city/street pools into global arrays with per-country ranges
# ---------------------------------------------------------------------------------------------
class Pools:
    def __init__(self):
        self.countries = ref.COUNTRY_LIST
        fn_rows, ln_rows, city_rows, street_rows, dom_rows = [], [], [], [], []
        self.first_range, self.last_range, self.street_range, self.domain_range = {}, {}, {}, {}
        self.city_ids, self.city_weights = {}, {}
        for ci, c in enumerate(self.countries):
            for gi, g in enumerate(("F", "M")):
                start = len(fn_rows)
                fn_rows += [(name, nick, ci, gi) for name, nick in ref.FIRST_NAMES[c][g]]
                self.first_range[(ci, gi)] = (start, len(fn_rows))
            start = len(ln_rows)
            ln_rows += [(name, ci) for name in ref.FIRST_NAMES[c]["L"]]
            self.last_range[ci] = (start, len(ln_rows))
            start = len(city_rows)
            for cdef in ref.CITIES[c]:
                city_rows.append((cdef, ci))
            self.city_ids[ci] = np.arange(start, len(city_rows))
            self.city_weights[ci] = np.array([cdef["w"] for cdef in ref.CITIES[c]])
            start = len(street_rows)
            street_rows += [(s, ci) for s in ref.STREETS[c]]
            self.street_range[ci] = (start, len(street_rows))
            start = len(dom_rows)
            dom_rows += [(d, ci) for d in ref.EMAIL_DOMAINS[c]]
            self.domain_range[ci] = (start, len(dom_rows))
        self.first_names = pd.DataFrame(fn_rows, columns=["name", "nick", "country", "gender"])
        self.first_names["first_id"] = np.arange(len(fn_rows))
        self.last_names = pd.DataFrame(ln_rows, columns=["name", "country"])
        self.last_names["last_id"] = np.arange(len(ln_rows))
        self.streets = pd.DataFrame(street_rows, columns=["street", "country"])
        self.streets["street_id"] = np.arange(len(street_rows))
        self.domains = pd.DataFrame(dom_rows, columns=["domain", "country"])
        self.domains["domain_id"] = np.arange(len(dom_rows))
        # cities: postal generation spec flattened
        crow = []
        self.city_postal = []  # per city: ("outward", list) | ("range", lo, hi) | ("list", list)
        self.city_area = []  # per city: list of landline/US area codes
        self.city_tz = []
        for cdef, ci in city_rows:
            c = self.countries[ci]
            crow.append((cdef["city"], ci))
            p = cdef["postal"]
            if isinstance(p, tuple):
                self.city_postal.append(("range", p[0], p[1]))
            elif c == "GB":
                self.city_postal.append(("outward", p))
            else:
                self.city_postal.append(("list", p))
            a = cdef["area"]
            self.city_area.append(a if isinstance(a, list) else [a])
            self.city_tz.append(cdef.get("tz", ref.COUNTRIES[c]["tz"]))
        self.cities = pd.DataFrame(crow, columns=["city", "country"])
        self.cities["city_id"] = np.arange(len(crow))
        # GB outward codes flattened
        outs = []
        self.city_outward_range = {}
        for cid, spec in enumerate(self.city_postal):
            if spec[0] == "outward":
                start = len(outs)
                outs += list(spec[1])
                self.city_outward_range[cid] = (start, len(outs))
        self.outwards = pd.DataFrame({"outward": outs, "outward_id": np.arange(len(outs))})
        self.timezones = sorted(set(self.city_tz) | {s["timezone"] for s in ref.STORES})
        self.city_tz_id = np.array([self.timezones.index(t) for t in self.city_tz])
        # stores
        self.stores = pd.DataFrame(ref.STORES)
        self.stores["store_idx"] = np.arange(len(self.stores))
        self.store_country = np.array([self.countries.index(s["country_code"]) for s in ref.STORES])
        self.store_tz_id = np.array([self.timezones.index(s["timezone"]) for s in ref.STORES])
        self.store_city = [s["city"] for s in ref.STORES]
        self.country_currency = [ref.COUNTRIES[c]["currency"] for c in self.countries]


# ---------------------------------------------------------------------------------------------
# Time helpers
# ---------------------------------------------------------------------------------------------
def utc_offsets(utc_seconds: np.ndarray, tz_ids: np.ndarray, timezones: list[str]) -> np.ndarray:
    """UTC offset in seconds of each instant in its time zone (vectorized per zone)."""
    out = np.zeros(len(utc_seconds), dtype=np.int64)
    for tzi, tz in enumerate(timezones):
        m = tz_ids == tzi
        if not m.any():
            continue
        idx = pd.DatetimeIndex(pd.to_datetime(utc_seconds[m], unit="s", utc=True))
        local = idx.tz_convert(tz).tz_localize(None).as_unit("s").asi8
        out[m] = local - utc_seconds[m]
    return out


def local_to_utc(local_seconds: np.ndarray, tz_ids: np.ndarray, timezones: list[str]) -> np.ndarray:
    """UTC epoch seconds of naive local times (day-time values: no DST gaps)."""
    out = np.zeros(len(local_seconds), dtype=np.int64)
    for tzi, tz in enumerate(timezones):
        m = tz_ids == tzi
        if not m.any():
            continue
        naive = pd.DatetimeIndex(pd.to_datetime(local_seconds[m], unit="s"))
        aware = naive.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
        utc = aware.tz_convert("UTC").tz_localize(None)
        vals = utc.as_unit("s").asi8
        bad = utc.isna()
        vals[bad] = local_seconds[m][bad]  # never for day-time values; keep defined
        out[m] = vals
    return out


def seasonal_day_weights(start: dt.date, end: dt.date) -> np.ndarray:
    days = pd.date_range(start, end, freq="D")
    w = np.ones(len(days))
    w += 0.25 * (days.day_of_week >= 5)
    w += 0.45 * np.isin(days.month, [11, 12])
    # Black-Friday weeks and the January sales
    for y in (2024, 2025):
        bf = pd.Timestamp(f"{y}-11-01") + pd.offsets.Week(weekday=4) * 4
        w += 1.5 * ((days >= bf - pd.Timedelta(days=1)) & (days <= bf + pd.Timedelta(days=3)))
    w += 0.3 * ((days.month == 1) & (days.day <= 14))
    return w / w.sum()


# ---------------------------------------------------------------------------------------------
# The world
# ---------------------------------------------------------------------------------------------
class World:
    """Simulates persons, their system records and their activity."""

    def __init__(self, cfg: WorldConfig, n_customers: int, seed: int):
        self.cfg = cfg
        self.n = n_customers
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.pools = Pools()
        self.t0 = epoch_seconds(cfg.activity_start)
        self.t1 = epoch_seconds(cfg.activity_end) + DAY  # exclusive
        self.day_w = seasonal_day_weights(cfg.activity_start, cfg.activity_end)

    # -- helpers --------------------------------------------------------------------------
    def random_times(self, n: int, seasonal: bool = True, lo: np.ndarray | None = None,
                     hi: np.ndarray | None = None) -> np.ndarray:
        """Activity instants (UTC epoch s). With lo/hi: uniform in [lo, hi)."""
        rng = self.rng
        if lo is not None:
            span = np.maximum(hi - lo, 1)
            return lo + (rng.random(n) * span).astype(np.int64)
        if seasonal:
            d = rng.choice(len(self.day_w), size=n, p=self.day_w)
        else:
            d = rng.integers(0, len(self.day_w), n)
        # day-time heavy hour profile (UTC; good enough for EU/US mix)
        hour_w = np.array([1, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.5, 2.5, 3, 3.2, 3.3, 3.5, 3.4, 3.3, 3.3, 3.5, 3.8,
                           4.2, 4.6, 4.8, 4.2, 3, 1.8])
        h = rng.choice(24, size=n, p=hour_w / hour_w.sum())
        return self.t0 + d.astype(np.int64) * DAY + h * 3600 + rng.integers(0, 3600, n)

    # -- build everything -----------------------------------------------------------------
    def build(self) -> "World":
        self.build_persons()
        self.build_systems()
        self.build_products()
        self.build_cookies()
        self.build_purchases()
        self.build_baskets()
        self.build_web()
        self.build_email()
        return self

    # -- persons --------------------------------------------------------------------------
    def build_persons(self):
        cfg, rng, pools = self.cfg, self.rng, self.pools
        n = self.n
        n_pros = int(round(n * cfg.prospect_ratio))
        # households: contiguous runs of members, the first is the head
        target = int(round(n * cfg.household_person_share))
        sizes = rng.choice([2, 3, 4], p=[0.7, 0.2, 0.1], size=max(target // 2, 1))
        sizes = sizes[np.cumsum(sizes) <= target]
        hh_sizes = np.concatenate([sizes, np.ones(n - sizes.sum(), dtype=np.int64)])
        rng.shuffle(hh_sizes)
        hh_id = np.repeat(np.arange(len(hh_sizes)), hh_sizes)
        head = _group_offsets(hh_sizes)[hh_id]
        rank = np.arange(n) - head

        country = _choice_weighted(rng, n, [ref.COUNTRIES[c]["weight"] for c in pools.countries])[head]
        gender = np.where(rng.random(n) < 0.5, 0, 1)
        gender = np.where(rng.random(n) < cfg.gender_x_share, 2, gender)
        pool_gender = np.where(gender == 2, rng.integers(0, 2, n), gender)

        def draw_first():
            out = np.zeros(n, dtype=np.int64)
            for (ci, gi), (a, b) in pools.first_range.items():
                m = (country == ci) & (pool_gender == gi)
                out[m] = rng.integers(a, b, m.sum())
            return out

        first = draw_first()
        initials = pools.first_names["name"].str[0].to_numpy()
        for _ in range(6):  # household members: another first name with another initial
            clash = (rank > 0) & (initials[first] == initials[first[head]])
            if not clash.any():
                break
            first = np.where(clash, draw_first(), first)
        last = np.zeros(n, dtype=np.int64)
        for ci, (a, b) in pools.last_range.items():
            m = country == ci
            last[m] = rng.integers(a, b, m.sum())
        last = last[head]

        ref_day = epoch_days(dt.date(2025, 1, 1))
        age_head = 19 + rng.beta(2.0, 3.2, n) * 66  # 19..85, mode ~40
        age = np.where(rank == 0, age_head, 0.0)
        age = np.where(rank == 1, np.clip(age_head[head] + rng.normal(0, 4, n), 19, 88), age)
        age = np.where(rank >= 2, 18.5 + rng.random(n) * 12, age)
        birth = (ref_day - age * 365.25).astype(np.int64)

        addr = self._draw_address(country)
        addr = {k: v[head] for k, v in addr.items()}

        # phones
        has_phone = rng.random(n) < cfg.phone_share
        landline = rng.random(n) < cfg.landline_share
        nsn, pattern = self._draw_phones(country, addr["city"], landline)

        # emails: main and alternative (a second personal address)
        has_email = rng.random(n) < cfg.email_share
        dom_main = np.zeros(n, dtype=np.int64)
        dom_alt = np.zeros(n, dtype=np.int64)
        for ci, (a, b) in pools.domain_range.items():
            m = country == ci
            k = m.sum()
            dom_main[m] = np.where(rng.random(k) < 0.35, a, rng.integers(a, b, k))  # gmail first in each list
            dom_alt[m] = rng.integers(a, b, k)
        same = dom_alt == dom_main
        dom_alt = np.where(same, np.where(dom_main == 0, 1, 0), dom_alt)  # any other domain
        style_main = rng.integers(0, 7, n)
        style_alt = rng.integers(0, 7, n)
        email_num = rng.integers(1, 99, n)
        email_num = np.where(rng.random(n) < 0.5, (1900 + (birth / 365.25 + 1970 - 1900).astype(np.int64)) % 100,
                             email_num)

        # moves and email changes during the window
        mover = (rng.random(n) < cfg.mover_share)
        move_t = self.random_times(n, lo=np.full(n, epoch_seconds(dt.date(2024, 3, 1))),
                                   hi=np.full(n, epoch_seconds(dt.date(2025, 10, 31))))
        old_addr = self._draw_address(country)
        changer = (rng.random(n) < cfg.email_changer_share) & has_email
        change_t = self.random_times(n, lo=np.full(n, epoch_seconds(dt.date(2024, 3, 1))),
                                     hi=np.full(n, epoch_seconds(dt.date(2025, 10, 31))))

        # preferences: Dirichlet affinities tilted by gender
        k = len(ref.CATEGORIES)
        aff = rng.gamma(cfg.affinity_alpha, 1.0, size=(n + n_pros, k))
        tilt = np.ones((n + n_pros, k))
        g_all = np.r_[gender, rng.integers(0, 2, n_pros)]
        tilt[g_all == 0, ref.CATEGORIES.index("Women")] = 3.0
        tilt[g_all == 0, ref.CATEGORIES.index("Men")] = 0.3
        tilt[g_all == 1, ref.CATEGORIES.index("Men")] = 3.0
        tilt[g_all == 1, ref.CATEGORIES.index("Women")] = 0.3
        tilt[g_all == 0, ref.CATEGORIES.index("Beauty")] = 1.8
        aff = aff * tilt + 1e-9
        aff /= aff.sum(axis=1, keepdims=True)

        self.persons = Table(
            person=np.arange(n), household=hh_id, hh_rank=rank, country=country, gender=gender,
            first=first, last=last, birth=birth,
            city=addr["city"], street=addr["street"], house=addr["house"], postal_num=addr["postal_num"],
            postal_l1=addr["postal_l1"], postal_l2=addr["postal_l2"], outward=addr["outward"],
            has_phone=has_phone, phone_nsn=nsn, phone_pattern=pattern, has_email=has_email,
            dom_main=dom_main, dom_alt=dom_alt, style_main=style_main, style_alt=style_alt, email_num=email_num,
            mover=mover, move_t=move_t,
            old_city=old_addr["city"], old_street=old_addr["street"], old_house=old_addr["house"],
            old_postal_num=old_addr["postal_num"], old_postal_l1=old_addr["postal_l1"],
            old_postal_l2=old_addr["postal_l2"], old_outward=old_addr["outward"],
            changer=changer, change_t=change_t,
            tz=pools.city_tz_id[addr["city"]],
        )
        self.n_prospects = n_pros
        self.affinity = aff  # rows: customers then prospects
        self.cum_aff = np.cumsum(aff, axis=1)

    def _draw_address(self, country):
        rng, pools = self.rng, self.pools
        n = len(country)
        city = np.zeros(n, dtype=np.int64)
        for ci in range(len(pools.countries)):
            m = country == ci
            city[m] = pools.city_ids[ci][_choice_weighted(rng, m.sum(), pools.city_weights[ci])]
        street = np.zeros(n, dtype=np.int64)
        for ci, (a, b) in pools.street_range.items():
            m = country == ci
            street[m] = rng.integers(a, b, m.sum())
        house = np.minimum(1 + rng.lognormal(2.6, 1.0, n).astype(np.int64), 480)
        postal_num = np.zeros(n, dtype=np.int64)
        outward = np.full(n, -1, dtype=np.int64)
        for cid, spec in enumerate(pools.city_postal):
            m = city == cid
            k = m.sum()
            if not k:
                continue
            if spec[0] == "range":
                postal_num[m] = rng.integers(spec[1], spec[2] + 1, k)
            elif spec[0] == "list":
                postal_num[m] = np.asarray(spec[1])[rng.integers(0, len(spec[1]), k)]
            else:
                a, b = pools.city_outward_range[cid]
                outward[m] = rng.integers(a, b, k)
                postal_num[m] = rng.integers(1, 10, k)  # inward digit
        return {"city": city, "street": street, "house": house, "postal_num": postal_num,
                "postal_l1": rng.integers(0, 20, n), "postal_l2": rng.integers(0, 20, n), "outward": outward}

    def _draw_phones(self, country, city, landline):
        """National significant numbers (int64) and a digit-group pattern id per person, unique."""
        rng, pools = self.rng, self.pools
        n = len(country)
        nsn = np.zeros(n, dtype=np.int64)
        pattern = np.zeros(n, dtype=np.int64)
        self.phone_patterns: list[list[int]] = []

        def pat(groups):
            if groups not in self.phone_patterns:
                self.phone_patterns.append(groups)
            return self.phone_patterns.index(groups)

        def fill(mask, prefix_str, total_len, groups):
            k = mask.sum()
            if not k:
                return
            rest = total_len - len(prefix_str)
            lo = 2 * 10 ** (rest - 1)
            nsn[mask] = int(prefix_str) * 10 ** rest + rng.integers(lo, 10 ** rest, k)
            pattern[mask] = pat(groups)

        for ci, c in enumerate(pools.countries):
            plan = ref.PHONE_PLANS[c]
            in_c = country == ci
            if c == "US":
                for cid in np.unique(city[in_c]):
                    areas = pools.city_area[cid]
                    m_city = in_c & (city == cid)
                    pick = rng.integers(0, len(areas), n)
                    for ai, a in enumerate(areas):
                        fill(m_city & (pick == ai), a, 10, [3, 3, 4])
                continue
            mob = in_c & ~landline
            pick = rng.integers(0, len(plan["mobile_prefixes"]), n)
            for pi, p in enumerate(plan["mobile_prefixes"]):
                fill(mob & (pick == pi), p, plan["mobile_len"], plan["mobile_groups"])
            for cid in np.unique(city[in_c & landline]):
                area = pools.city_area[cid][0]
                m = in_c & landline & (city == cid)
                total = plan["landline_len"]
                rest = total - len(area)
                if c == "GB":
                    groups = [2, 4, 4] if len(area) == 2 else [3, 3, 4]
                elif c == "FR":
                    groups = [1, 2, 2, 2, 2]
                elif c == "NL":
                    groups = [2, 3, 4] if len(area) == 2 else [3, 3, 3]
                else:  # DE: area, then the subscriber number
                    groups = [len(area), rest]
                fill(m, area, total, groups)
        # uniqueness within a country (rare collisions: redraw the subscriber digits)
        for _ in range(10):
            key = country.astype(np.int64) * 10**12 + nsn
            _, first_idx, counts = np.unique(key, return_index=True, return_counts=True)
            dup = np.ones(n, dtype=bool)
            dup[first_idx] = False
            if not dup.any():
                break
            nsn[dup] = (nsn[dup] // 10**6) * 10**6 + rng.integers(0, 10**6, dup.sum())
        return nsn, pattern

    # -- CRM, loyalty ---------------------------------------------------------------------
    def build_systems(self):
        cfg, rng, pools = self.cfg, self.rng, self.pools
        P = self.persons
        n = self.n
        has_crm = rng.random(n) < cfg.crm_share
        hist0 = epoch_seconds(cfg.history_start)
        # contacts: 65% created before the window
        created = np.where(rng.random(n) < 0.65,
                           hist0 + (rng.random(n) * (self.t0 - hist0)).astype(np.int64),
                           self.t0 + (rng.random(n) ** 1.3 * (self.t1 - self.t0 - 20 * DAY)).astype(np.int64))
        adult = P["birth"] * DAY + int(16 * 365.25 * DAY)  # nobody signs up before 16
        created = np.maximum(created, adult + rng.integers(0, 400 * DAY, n))
        crm_dup = has_crm & (rng.random(n) < cfg.crm_duplicate_share)
        n_ids = has_crm.sum() + crm_dup.sum()
        ids = rng.choice(9_000_000, size=n_ids, replace=False) + 1_000_000
        crm_num = np.full(n, -1, dtype=np.int64)
        crm_num[has_crm] = ids[: has_crm.sum()]
        crm_dup_num = np.full(n, -1, dtype=np.int64)
        crm_dup_num[crm_dup] = ids[has_crm.sum():]
        dup_created = np.minimum(created + (rng.random(n) * 400 * DAY).astype(np.int64), self.t1 - DAY)
        has_loyalty = rng.random(n) < cfg.loyalty_share
        card = np.full(n, -1, dtype=np.int64)
        card[has_loyalty] = rng.choice(9 * 10**9, size=has_loyalty.sum(), replace=False) + 10**9 // 2
        # home store: a store in the person's city, else a random store of the country
        home = np.zeros(n, dtype=np.int64)
        city_names = pools.cities["city"].to_numpy()[P["city"]]
        for ci in range(len(pools.countries)):
            st = np.flatnonzero(pools.store_country == ci)
            m = P["country"] == ci
            home[m] = st[rng.integers(0, len(st), m.sum())]
            for s in st:
                mm = m & (city_names == pools.store_city[s])
                home[mm] = s
        enrolled_local = hist0 + (rng.random(n) * (self.t1 - 30 * DAY - hist0)).astype(np.int64)
        enrolled_local = np.maximum(enrolled_local, adult + rng.integers(0, 400 * DAY, n))
        enrolled_local = enrolled_local // DAY * DAY + rng.integers(9 * 3600, 20 * 3600, n)
        self.persons.update(
            has_crm=has_crm, crm_created=created, crm_num=crm_num, crm_dup=crm_dup, crm_dup_num=crm_dup_num,
            crm_dup_created=dup_created, has_loyalty=has_loyalty, card=card, home_store=home,
            enrolled_local=enrolled_local, changer=P["changer"] & has_crm,
        )

    # -- products -------------------------------------------------------------------------
    def build_products(self):
        cfg, rng = self.cfg, self.rng
        subs = [(ci, si, s) for ci, c in enumerate(ref.TAXONOMY) for si, s in enumerate(c["subs"])]
        n_p = cfg.n_products
        sub_of = np.sort(rng.integers(0, len(subs), n_p))
        sub_of[: len(subs)] = np.arange(len(subs))  # every subcategory has products
        sub_of = np.sort(sub_of)
        cat_of = np.array([subs[s][0] for s in sub_of])
        order = np.lexsort((rng.random(n_p), cat_of))  # products grouped by category
        sub_of, cat_of = sub_of[order], cat_of[order]
        lo = np.array([subs[s][2][3][0] for s in sub_of], dtype=float)
        hi = np.array([subs[s][2][3][1] for s in sub_of], dtype=float)
        price = np.exp(np.log(lo) + rng.random(n_p) * (np.log(hi) - np.log(lo)))
        price_cents = (np.ceil(price) * 100 - np.where(rng.random(n_p) < 0.7, 1, 5)).astype(np.int64)
        # popularity: Zipf within the category
        pop = np.zeros(n_p)
        for c in range(len(ref.TAXONOMY)):
            m = np.flatnonzero(cat_of == c)
            ranks = rng.permutation(len(m)) + 1
            pop[m] = 1.0 / ranks ** cfg.popularity_zipf
        cum = np.zeros(n_p)
        for c in range(len(ref.TAXONOMY)):
            m = np.flatnonzero(cat_of == c)
            cum[m] = c + np.cumsum(pop[m]) / pop[m].sum()
        # complements
        n_part = rng.integers(cfg.complement_partners[0], cfg.complement_partners[1] + 1, n_p)
        partners = np.full((n_p, 3), -1, dtype=np.int64)
        for j in range(3):
            u = rng.random(n_p)
            cand = rng.integers(0, n_p, n_p)  # any product
            same_sub = self._random_in_group(sub_of)
            same_cat = self._random_in_group(cat_of)
            pick = np.where(u < cfg.complement_same_subcategory, same_sub,
                            np.where(u < cfg.complement_same_subcategory + 0.35, same_cat, cand))
            pick = np.where(pick == np.arange(n_p), (pick + 1) % n_p, pick)
            partners[:, j] = np.where(j < n_part, pick, -1)
        # product ids are not grouped by category: P00001.. assigned in a random order
        pid_num = rng.permutation(n_p) + 1
        name_noun = np.array([rng.integers(0, len(subs[s][2][4])) for s in sub_of])  # small: n_products
        self.products = Table(
            idx=np.arange(n_p), pid_num=pid_num, sub=sub_of, cat=cat_of, price_cents=price_cents, pop=pop,
            brand=rng.integers(0, len(ref.BRANDS), n_p), adj=rng.integers(0, len(ref.ADJECTIVES), n_p),
            noun=name_noun, legacy=rng.random(n_p) < 0.3, n_part=n_part,
        )
        self.product_subs = subs
        self.partners = partners
        self.prod_cum = cum
        self.prod_cat_start = np.array([np.flatnonzero(cat_of == c)[0] for c in range(len(ref.TAXONOMY))])
        unm = rng.choice(n_p, size=cfg.unmapped_label_products, replace=False)
        self.unmapped_web = unm[:-1] if len(unm) > 1 else unm
        self.unmapped_store = unm[-1:]

    def _random_in_group(self, group_sorted_keys):
        """For every row, a random row of the same group (keys need not be sorted)."""
        rng = self.rng
        order = np.argsort(group_sorted_keys, kind="stable")
        keys = group_sorted_keys[order]
        starts = np.r_[0, np.flatnonzero(keys[1:] != keys[:-1]) + 1]
        sizes = np.diff(np.r_[starts, len(keys)])
        gno = np.searchsorted(starts, np.arange(len(keys)), side="right") - 1
        pos = starts[gno] + (rng.random(len(keys)) * sizes[gno]).astype(np.int64)
        out = np.empty(len(keys), dtype=np.int64)
        out[order] = order[pos]
        return out

    def draw_by_affinity(self, person_rows: np.ndarray) -> np.ndarray:
        """A product per row drawn from the person's category affinity and product popularity."""
        rng = self.rng
        u = rng.random(len(person_rows))
        cat = (u[:, None] < self.cum_aff[person_rows]).argmax(axis=1)
        v = rng.random(len(person_rows)) * 0.999999
        return np.minimum(np.searchsorted(self.prod_cum, cat + v, side="right"), len(self.prod_cum) - 1)

    def draw_partner(self, products: np.ndarray) -> np.ndarray:
        rng = self.rng
        k = self.products["n_part"][products]
        j = (rng.random(len(products)) * k).astype(np.int64)
        return self.partners[products, j]

    # -- cookies --------------------------------------------------------------------------
    def build_cookies(self):
        cfg, rng = self.cfg, self.rng
        P = self.persons
        n = self.n
        online = P["has_crm"] & (rng.random(n) < cfg.online_person_share)
        self.persons["online"] = online  # widened in build_purchases for account buyers
        n_cookies = np.where(online, 1 + _choice_weighted(rng, n, cfg.cookies_weights), 0)
        pros = np.arange(self.n_prospects) + n
        owner = np.r_[np.repeat(np.arange(n), n_cookies), pros]
        k = len(owner)
        cid = _unique_random(rng, k, 0, 2**62)
        self.cookies = Table(
            cookie=np.arange(k), owner=owner, cid=cid.astype(np.int64), known=owner < n,
            device=_choice_weighted(rng, k, [0.45, 0.40, 0.05, 0.10]),
        )
        self._cookie_offsets()

    def _cookie_offsets(self):
        owner = self.cookies["owner"]
        n_total = self.n + self.n_prospects
        counts = np.bincount(owner, minlength=n_total)
        self.cookie_count = counts
        self.cookie_start = _group_offsets(counts)

    def add_cookies_for(self, persons_needing: np.ndarray) -> np.ndarray:
        """Give a first cookie to persons who buy online with an account but had none.

        Returns the map old cookie index -> new cookie index (cookies stay sorted by owner)."""
        rng = self.rng
        C = self.cookies
        k_old = len(C["cookie"])
        k = len(persons_needing)
        new = Table(cookie=np.zeros(k, dtype=np.int64), owner=persons_needing,
                    cid=_unique_random(rng, k, 2**62, 2**63 - 1), known=np.ones(k, dtype=bool),
                    device=_choice_weighted(rng, k, [0.45, 0.40, 0.05, 0.10]))
        allc = Table({key: np.r_[C[key], new[key]] for key in C})
        order = np.argsort(allc["owner"], kind="stable")
        allc = allc.take(order)
        allc["cookie"] = np.arange(len(allc["owner"]))
        new_pos = np.empty(len(order), dtype=np.int64)
        new_pos[order] = np.arange(len(order))
        self.cookies = allc
        self._cookie_offsets()
        return new_pos[:k_old]

    def random_cookie_of(self, persons: np.ndarray) -> np.ndarray:
        cnt = self.cookie_count[persons]
        return self.cookie_start[persons] + (self.rng.random(len(persons)) * cnt).astype(np.int64)

    # -- purchases (orders and POS transactions) -------------------------------------------
    def build_purchases(self):
        cfg, rng, pools = self.cfg, self.rng, self.pools
        P = self.persons
        n = self.n
        lam = rng.gamma(cfg.order_activity_shape, cfg.orders_per_customer / cfg.order_activity_shape, n)
        n_buy = rng.poisson(lam)
        person = np.repeat(np.arange(n), n_buy)
        m = len(person)
        t = self.random_times(m)
        # channel
        k = 3.0
        mean_on = np.where(P["has_loyalty"], cfg.online_share_member, cfg.online_share_other)
        p_on = rng.beta(mean_on * k, (1 - mean_on) * k)
        online = rng.random(m) < p_on[person]
        src = np.zeros(m, dtype=np.int64)  # 0 natural, 1 web experiment, 2 email experiment
        cookie = np.full(m, -1, dtype=np.int64)

        # experiment assignments (decided before the extra conversions they cause)
        self._build_experiments()
        ew, ee = self.exp_web, self.exp_email
        conv_w = rng.random(len(ew["cookie"])) < (cfg.exp_baseline_conversion + cfg.exp_web_uplift * ew["treated"])
        conv_w &= self.cookies["known"][ew["cookie"]]
        conv_e = rng.random(len(ee["person"])) < (cfg.exp_baseline_conversion + cfg.exp_email_uplift * ee["treated"])
        xp_w = self.cookies["owner"][ew["cookie"][conv_w]]
        xt_w = ew["t"][conv_w] + rng.integers(600, 14 * DAY, conv_w.sum())
        xp_e = ee["person"][conv_e]
        xt_e = ee["t"][conv_e] + rng.integers(600, 14 * DAY, conv_e.sum())
        person = np.r_[person, xp_w, xp_e]
        t = np.r_[t, xt_w, xt_e]
        online = np.r_[online, np.ones(len(xp_w) + len(xp_e), dtype=bool)]
        src = np.r_[src, np.ones(len(xp_w), dtype=np.int64), np.full(len(xp_e), 2)]
        cookie = np.r_[cookie, ew["cookie"][conv_w], np.full(len(xp_e), -1)]
        m = len(person)

        # online order kind: 0 account, 1 guest, 2 no customer data
        can_account = P["has_crm"][person] & (t >= P["crm_created"][person])
        kind = np.where(can_account & (rng.random(m) >= cfg.guest_checkout_share), 0, 1)
        kind = np.where(src > 0, np.where(can_account, 0, 1), kind)
        kind = np.where((rng.random(m) < cfg.no_customer_order_share) & (src == 0), 2, kind)
        # POS: store and card
        store = np.full(m, -1, dtype=np.int64)
        pos = ~online
        home = P["home_store"][person]
        other_store = np.zeros(m, dtype=np.int64)
        ctry = P["country"][person]
        for ci in range(len(pools.countries)):
            st = np.flatnonzero(pools.store_country == ci)
            mm = ctry == ci
            other_store[mm] = st[rng.integers(0, len(st), mm.sum())]
        member = P["has_loyalty"][person]
        store = np.where(pos, np.where(member & (rng.random(m) < cfg.home_store_share), home, other_store), -1)
        carded = pos & member & (rng.random(m) < cfg.carded_share) & (t >= self._enrolled_utc(person))
        # POS times are store-local day times; recompute the UTC instant
        day = (t - self.t0) // DAY
        local = self.t0 + day * DAY + rng.integers(9 * 3600, 21 * 3600, m)
        last_day = self.t1 - 2 * DAY  # keep US evenings inside the window
        local = np.minimum(local, last_day + 12 * 3600)
        utc_pos = local_to_utc(local, pools.store_tz_id[np.maximum(store, 0)], pools.timezones)
        t = np.where(pos, utc_pos, t)
        pos_local = np.where(pos, local, 0)
        # sort by person, time
        order = np.lexsort((t, person))
        self.purchases = Table(
            person=person, t=t, online=online, kind=np.where(online, kind, -1), store=store, carded=carded,
            pos_local=pos_local, src=src, cookie=cookie,
        ).take(order)
        Q = self.purchases
        Q["rank"] = _rank_in_group(Q["person"])
        Q["status"] = _choice_weighted(rng, len(Q["t"]), [w for _, w in cfg.status_weights])
        # the duplicate contact's crm id is used for 30% of the account orders after its creation
        pp = Q["person"]
        Q["use_dup"] = P["crm_dup"][pp] & (Q["t"] >= P["crm_dup_created"][pp]) & (rng.random(len(pp)) < 0.3)
        # account buyers browse the web shop: they need a cookie
        acct_persons = np.unique(Q["person"][Q["online"] & (Q["kind"] == 0)])
        need = acct_persons[self.cookie_count[acct_persons] == 0]
        self.persons["online"][need] = True
        remap = self.add_cookies_for(need)
        self.exp_web["cookie"] = remap[self.exp_web["cookie"]]
        has = Q["cookie"] >= 0
        Q["cookie"][has] = remap[Q["cookie"][has]]

    def _enrolled_utc(self, person):
        return self.persons["enrolled_local"][person] - 3600  # close enough for ordering

    def _build_experiments(self):
        cfg, rng = self.cfg, self.rng
        C = self.cookies
        a0, a1 = epoch_seconds(cfg.exp_web_window[0]), epoch_seconds(cfg.exp_web_window[1]) + DAY
        sel = np.flatnonzero(rng.random(len(C["cookie"])) < cfg.exp_web_share)
        self.exp_web = Table(cookie=sel, t=a0 + (rng.random(len(sel)) * (a1 - a0)).astype(np.int64),
                             treated=rng.random(len(sel)) < 0.5)
        P = self.persons
        t_e = epoch_seconds(cfg.exp_email_date) + 8 * 3600
        on_list = P["has_email"] & (P["has_crm"] | P["has_loyalty"])
        sel_p = np.flatnonzero(on_list & (rng.random(self.n) < cfg.exp_email_share))
        self.exp_email = Table(person=sel_p, t=t_e + rng.integers(0, 4 * 3600, len(sel_p)),
                               treated=rng.random(len(sel_p)) < 0.5)

    # -- baskets ----------------------------------------------------------------------------
    def build_baskets(self):
        cfg, rng = self.cfg, self.rng
        Q = self.purchases
        m = len(Q["t"])
        n_lines = np.minimum(1 + rng.poisson(cfg.lines_extra_mean, m), 6)
        max_l = 6
        prod = np.full((m, max_l), -1, dtype=np.int64)
        n_total = self.n + self.n_prospects
        hist = np.full((n_total, 3), -1, dtype=np.int64)
        hist_n = np.zeros(n_total, dtype=np.int64)
        ranks = Q["rank"]
        person = Q["person"]
        for r in range(int(ranks.max()) + 1 if m else 0):
            rows = np.flatnonzero(ranks == r)
            pr = person[rows]
            # first line: a partner of an earlier purchase, else by affinity
            have = hist_n[pr] > 0
            slot = (rng.random(len(rows)) * np.minimum(hist_n[pr], 3)).astype(np.int64)
            prev = hist[pr, np.where(have, slot, 0)]
            use_c = have & (rng.random(len(rows)) < cfg.next_order_complement)
            first = self.draw_by_affinity(pr)
            first[use_c] = self.draw_partner(prev[use_c])
            prod[rows, 0] = first
            for j in range(1, max_l):
                act = rows[n_lines[rows] > j]
                if not len(act):
                    break
                pa = person[act]
                basis = prod[act, (rng.random(len(act)) * j).astype(np.int64)]
                cand = self.draw_by_affinity(pa)
                use_c = rng.random(len(act)) < cfg.basket_complement
                cand[use_c] = self.draw_partner(basis[use_c])
                # no product twice in an order: redraw once by affinity, else drop the line
                dup = (prod[act, :j] == cand[:, None]).any(axis=1)
                cand[dup] = self.draw_by_affinity(pa[dup])
                dup = (prod[act, :j] == cand[:, None]).any(axis=1)
                cand[dup] = -1
                prod[act, j] = cand
            # remember up to three items of this order (ring buffer per person)
            for j in range(max_l):
                has_item = prod[rows, j] >= 0
                rr = rows[has_item]
                pp = person[rr]
                hist[pp, hist_n[pp] % 3] = prod[rr, j]
                hist_n[pp] += 1
        # explode to lines (compact away dropped ones)
        oi, li = np.nonzero(prod >= 0)
        products = prod[oi, li]
        line_no = _rank_in_group(oi) + 1
        qty = np.where(rng.random(len(oi)) < 0.85, 1, np.where(rng.random(len(oi)) < 0.8, 2, 3))
        cons = np.isin(self.products["sub"][products], [i for i, s in enumerate(self.product_subs) if s[2][2]])
        qty = np.where(cons & (rng.random(len(oi)) < 0.3), qty + 1, qty)
        self.lines = Table(purchase=oi, line=line_no, product=products, qty=qty,
                           disc_share=np.where(rng.random(len(oi)) < cfg.line_discount_share,
                                               0.1 + rng.random(len(oi)) * 0.2, 0.0))
        Q["n_lines"] = np.bincount(oi, minlength=m)
        Q["line_start"] = _group_offsets(Q["n_lines"])

    # -- web sessions and events ----------------------------------------------------------
    def build_web(self):
        cfg, rng = self.cfg, self.rng
        C, Q, P = self.cookies, self.purchases, self.persons
        n_c = len(C["cookie"])
        known = C["known"]
        scale = cfg.activity_scale
        # browse sessions
        lam = np.where(known, cfg.browse_sessions_per_cookie, cfg.prospect_sessions) * scale
        n_s = rng.poisson(lam)
        n_s = np.where(known, n_s, np.maximum(n_s, 1))  # a prospect exists because it visited
        s_cookie = np.repeat(C["cookie"], n_s)
        s_t = self.random_times(len(s_cookie))
        s_kind = np.zeros(len(s_cookie), dtype=np.int64)  # 0 browse, 1 purchase, 2 experiment visit
        s_login = known[s_cookie] & (rng.random(len(s_cookie)) < cfg.login_session_share)
        s_purchase = np.full(len(s_cookie), -1, dtype=np.int64)
        # experiment visits
        ew = self.exp_web
        s_cookie = np.r_[s_cookie, ew["cookie"]]
        s_t = np.r_[s_t, ew["t"]]
        s_kind = np.r_[s_kind, np.full(len(ew["cookie"]), 2)]
        s_login = np.r_[s_login, known[ew["cookie"]] & (rng.random(len(ew["cookie"])) < cfg.login_session_share)]
        s_purchase = np.r_[s_purchase, np.full(len(ew["cookie"]), -1)]
        # purchase sessions: online orders of persons with cookies (account: logged in)
        po = np.flatnonzero(Q["online"] & (Q["kind"] != 2) & (self.cookie_count[Q["person"]] > 0))
        pc = np.where(Q["cookie"][po] >= 0, Q["cookie"][po], self.random_cookie_of(Q["person"][po]))
        s_cookie = np.r_[s_cookie, pc]
        s_t = np.r_[s_t, Q["t"][po]]
        s_kind = np.r_[s_kind, np.ones(len(po), dtype=np.int64)]
        s_login = np.r_[s_login, Q["kind"][po] == 0]
        s_purchase = np.r_[s_purchase, po]
        # every known cookie logs in at least once
        ns = len(s_cookie)
        has_login = np.zeros(n_c, dtype=bool)
        has_login[s_cookie[s_login]] = True
        need = np.flatnonzero(known & ~has_login)
        first_sess = np.full(n_c, -1, dtype=np.int64)
        order = np.argsort(s_cookie, kind="stable")
        sc = s_cookie[order]
        starts = np.r_[True, sc[1:] != sc[:-1]] if ns else np.zeros(0, dtype=bool)
        first_sess[sc[starts]] = order[starts]
        with_sess = need[first_sess[need] >= 0]
        s_login[first_sess[with_sess]] = True
        no_sess = need[first_sess[need] < 0]
        s_cookie = np.r_[s_cookie, no_sess]
        s_t = np.r_[s_t, self.random_times(len(no_sess))]
        s_kind = np.r_[s_kind, np.zeros(len(no_sess), dtype=np.int64)]
        s_login = np.r_[s_login, np.ones(len(no_sess), dtype=bool)]
        s_purchase = np.r_[s_purchase, np.full(len(no_sess), -1)]
        ns = len(s_cookie)
        s_owner = C["owner"][s_cookie]
        # which crm id logs in: the duplicate contact's id for 30% of the sessions of persons with one
        own_c = np.minimum(s_owner, self.n - 1)
        s_dup = (s_owner < self.n) & P["crm_dup"][own_c] & (s_t >= P["crm_dup_created"][own_c]) & (
            rng.random(ns) < 0.3)
        is_pur = s_purchase >= 0
        s_dup[is_pur] = Q["use_dup"][s_purchase[is_pur]]
        # events per session
        pl = np.where(s_purchase >= 0, Q["n_lines"][np.maximum(s_purchase, 0)], 0)
        n_browse = np.where(s_kind == 1, 0, rng.geometric(1 / (1 + cfg.session_events_mean), ns) - 1)
        # layout: landing page_view, [login], browse events, product_view x lines, add_to_cart x lines,
        #         checkout, purchase
        n_ev = 1 + s_login + n_browse + np.where(s_kind == 1, 2 * pl + 2, 0)
        sess = np.repeat(np.arange(ns), n_ev)
        pos = _rank_in_group(sess)
        L = s_login[sess].astype(np.int64)
        nb = n_browse[sess]
        nl = pl[sess]
        # event type codes: 0 page_view 1 product_view 2 add_to_cart 3 remove_from_cart 4 checkout
        #                   5 purchase 6 search 7 login
        browse_type = _choice_weighted(rng, len(sess), [0.17, 0.55, 0.10, 0.03, 0.03, 0, 0.12, 0])
        et = np.where(pos == 0, 0, -1)
        et = np.where((pos == 1) & (L == 1), 7, et)
        b0 = 1 + L
        in_b = (pos >= b0) & (pos < b0 + nb)
        et = np.where(in_b, browse_type, et)
        p0 = b0 + nb
        in_pv = (pos >= p0) & (pos < p0 + nl)
        in_atc = (pos >= p0 + nl) & (pos < p0 + 2 * nl)
        et = np.where(in_pv, 1, et)
        et = np.where(in_atc, 2, et)
        et = np.where((s_kind[sess] == 1) & (pos == p0 + 2 * nl), 4, et)
        et = np.where((s_kind[sess] == 1) & (pos == p0 + 2 * nl + 1), 5, et)
        # products: order lines for purchase sessions, affinity draws otherwise
        owner_e = s_owner[sess]
        prod = np.full(len(sess), -1, dtype=np.int64)
        isprod = np.isin(et, [1, 2, 3])
        browse_prod = isprod & ~(in_pv | in_atc)
        prod[browse_prod] = self.draw_by_affinity(owner_e[browse_prod])
        pur = s_purchase[sess]
        li = np.where(in_pv, pos - p0, pos - p0 - nl)
        m_l = in_pv | in_atc
        prod[m_l] = self.lines["product"][Q["line_start"][pur[m_l]] + li[m_l]]
        unknown = isprod & (rng.random(len(sess)) < cfg.unknown_web_product_share)
        # user_id on events from the login on (same visit)
        logged = (L == 1) & (pos >= 1)
        del owner_e, isprod, browse_prod, pur, li, m_l, in_pv, in_atc, in_b, browse_type, L, nb, nl  # peak memory
        et = et.astype(np.int8)
        # timestamps: gaps of ~40 s; purchase sessions end at the order time
        gaps = rng.exponential(45, len(sess)).astype(np.int64) + 2
        gaps[pos == 0] = 0
        csum = np.cumsum(gaps)
        del gaps
        sess_start_idx = _group_offsets(n_ev)
        within = csum - csum[sess_start_idx[sess]]
        dur = within[sess_start_idx + n_ev - 1] if len(sess) else np.zeros(0, dtype=np.int64)
        base = np.where(s_kind == 1, s_t - dur, np.minimum(s_t, self.t1 - 1 - dur))  # visits end in the window
        et_t = base[sess] + within
        del csum, within
        has_atc = np.bincount(sess[et == 2], minlength=ns) > 0
        self.sessions = Table(cookie=s_cookie, t=s_t, kind=s_kind, login=s_login, purchase=s_purchase, atc=has_atc,
                              dup_login=s_dup, utm=np.where(rng.random(ns) < cfg.utm_share,
                                                                  rng.integers(0, 6, ns), -1))
        self.events = Table(session=sess, pos=pos, type=et, t=et_t, product=prod, unknown=unknown, logged=logged,
                            search=rng.integers(0, 24, len(sess)))

    # -- email --------------------------------------------------------------------------------
    def build_email(self):
        cfg, rng = self.cfg, self.rng
        P, Q = self.persons, self.purchases
        n = self.n
        on_list = P["has_email"] & (P["has_crm"] | P["has_loyalty"])
        # campaigns: weekly newsletter (Thursday 09:00 UTC) and promotions
        weeks = pd.date_range(self.cfg.activity_start, self.cfg.activity_end, freq="W-THU")
        promos = pd.date_range(self.cfg.activity_start, self.cfg.activity_end, freq="SMS") + pd.Timedelta(days=5)
        camp_t = np.r_[weeks.as_unit("s").asi8 + 9 * 3600, promos.as_unit("s").asi8 + 10 * 3600].astype(np.int64)
        camp_type = np.r_[np.zeros(len(weeks), dtype=np.int64), np.ones(len(promos), dtype=np.int64)]
        camp_label = [f"NL-{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}" for d in weeks] + \
                     [f"PR-{d:%Y-%m}-{'A' if d.day < 15 else 'B'}" for d in promos]
        self.campaigns = Table(t=camp_t, type=camp_type)
        self.campaign_labels = camp_label
        # sends: addresses x random campaigns
        sends = rng.poisson(cfg.sends_per_address * cfg.activity_scale, n) * on_list
        s_person = np.repeat(np.arange(n), sends)
        s_camp = rng.integers(0, len(camp_t), len(s_person))
        s_t = camp_t[s_camp] + rng.integers(0, 3 * 3600, len(s_person))
        # the email experiment: its addresses get the newsletter of the experiment week
        ee = self.exp_email
        exp_camp = int(np.argmin(np.abs(camp_t - epoch_seconds(cfg.exp_email_date) - 9 * 3600)))
        s_person = np.r_[s_person, ee["person"]]
        s_camp = np.r_[s_camp, np.full(len(ee["person"]), exp_camp)]
        s_t = np.r_[s_t, ee["t"]]
        s_treat = np.r_[np.zeros(len(s_t) - len(ee["person"]), dtype=bool), ee["treated"]]
        s_ctype = self.campaigns["type"][s_camp]
        # abandoned carts: logged-in visits with an add_to_cart and no purchase get a reminder 2 hours later
        Ss = self.sessions
        owner = self.cookies["owner"][Ss["cookie"]]
        own_c = np.minimum(owner, n - 1)
        ac = np.flatnonzero(Ss["login"] & Ss["atc"] & (Ss["kind"] != 1) & (owner < n) & on_list[own_c]
                            & (Ss["t"] < self.t1 - DAY) & (rng.random(len(owner)) < 0.6))
        s_person = np.r_[s_person, owner[ac]]
        s_camp = np.r_[s_camp, np.full(len(ac), -2)]
        s_t = np.r_[s_t, Ss["t"][ac] + 7200 + rng.integers(0, 1800, len(ac))]
        s_treat = np.r_[s_treat, np.zeros(len(ac), dtype=bool)]
        s_ctype = np.r_[s_ctype, np.full(len(ac), 2)]
        # transactional confirmations of online orders carrying the main email
        tx = np.flatnonzero(Q["online"] & (Q["kind"] != 2) & P["has_email"][Q["person"]])
        s_person = np.r_[s_person, Q["person"][tx]]
        s_camp = np.r_[s_camp, np.full(len(tx), -1)]
        s_t = np.r_[s_t, Q["t"][tx] + 60]
        s_treat = np.r_[s_treat, np.zeros(len(tx), dtype=bool)]
        s_ctype = np.r_[s_ctype, np.full(len(tx), 3)]
        ns = len(s_person)
        # outcomes
        bounce = rng.random(ns) >= cfg.delivered_rate
        hard = bounce & (rng.random(ns) < cfg.hard_bounce_share)
        open_p = np.where(s_treat, cfg.open_rate * 1.3, cfg.open_rate)
        opened = ~bounce & (rng.random(ns) < open_p)
        clicked = opened & (rng.random(ns) < cfg.click_rate)
        unsub = ~bounce & (rng.random(ns) < cfg.unsubscribe_rate)
        compl = ~bounce & (rng.random(ns) < cfg.complaint_rate)
        # event rows: sent, delivered|bounce, open, click, unsubscribe, complaint
        cols = [np.ones(ns, dtype=bool), np.ones(ns, dtype=bool), opened, clicked, unsub, compl]
        codes = []
        idx = []
        dt_ = []
        for ci, c in enumerate(cols):
            w = np.flatnonzero(c)
            idx.append(w)
            if ci == 1:
                codes.append(np.where(bounce[w], 4, 1))
            else:
                codes.append(np.full(len(w), {0: 0, 2: 2, 3: 3, 4: 5, 5: 6}[ci]))
            delay = {0: 0, 1: 5, 2: 3600, 3: 3700, 4: 3800, 5: 7200}[ci]
            dt_.append(delay + (rng.exponential(delay * 3, len(w)) if delay else np.zeros(len(w))).astype(np.int64))
        e_send = np.concatenate(idx)
        # event codes: 0 sent 1 delivered 2 open 3 click 4 bounce 5 unsubscribe 6 complaint
        self.email_sends = Table(person=s_person, camp=s_camp, t=s_t, ctype=s_ctype, hard=hard)
        events = Table(send=e_send, type=np.concatenate(codes), t=s_t[e_send] + np.concatenate(dt_),
                       link=rng.integers(0, 8, len(e_send)))
        self.email_events = events.take(events["t"] < self.t1)  # what happened after the export is not in it
