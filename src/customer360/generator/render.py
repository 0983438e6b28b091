"""Turn the simulated world into the raw exports (DuckDB tables of text).

Randomness stays in numpy (dirt codes per value); DuckDB only formats, so the output is a pure
function of the seed. Every export table ``out_<source>`` holds the contract columns (text) plus
internal columns starting with ``_``: ``_rid`` (row id), ``_ord`` (file order), ``_key`` (record
key for injected_defects), ``_gt`` (ground-truth record id), ``_person`` (true person id).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import reference as ref
from .config import DIRT, PLACEHOLDER_EMAILS, PLACEHOLDER_PHONES
from .world import DAY, Table, World, utc_offsets

EVENT_TYPES = ["page_view", "product_view", "add_to_cart", "remove_from_cart", "checkout", "purchase", "search",
               "login"]
EMAIL_EVENT_TYPES = ["sent", "delivered", "open", "click", "bounce", "unsubscribe", "complaint"]
CAMPAIGN_TYPES = ["newsletter", "promotion", "abandoned_cart", "transactional"]
DEVICES = ["desktop", "mobile", "tablet", "app"]
UTMS = [("google", "cpc", "brand_search"), ("google", "cpc", "generic_shoes"), ("newsletter", "email", "weekly"),
        ("facebook", "paid_social", "spring_sale"), ("instagram", "social", "influencer_q2"),
        ("awin", "affiliate", "cashback")]
SEARCHES = ["running shoes", "dress", "laufschuhe", "robe", "jurk", "headphones", "coffee", "café", "yoga mat",
            "kids shoes", "gift", "candle", "parfum", "wine", "sneakers", "rain jacket", "chino", "laptop",
            "bettwäsche", "sac à main", "tent", "mascara", "lego", "black friday"]
PATHS = {0: "/", 4: "/checkout", 5: "/checkout/confirmation", 7: "/account/login"}
SITE = "https://shop.example.com"
CATEGORY_SLUGS = [f"{c['category']}/{s[0]}".lower().replace(" & ", "-").replace(" ", "-")
                  for c in ref.TAXONOMY for s in c["subs"]]

OLD_OR_NEW_POSTAL = "case when r.addr_old then p.old_postal_code else p.postal_code end"
EMAIL_LINKS = ["", "c/women/shoes", "c/men/shirts", "sale", "new-in", "c/home/kitchen", "p/P00", "account"]

# evidence key types (identity feasibility)
K_CRM, K_EMAIL, K_PHONE, K_CARD, K_NAME_DOB, K_NAME_ADDR = range(6)


def _pick(rng, n, weights):
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(w), size=n, p=w / w.sum())


def _arrow(**cols) -> pa.Table:
    return pa.table({k: pa.array(v) for k, v in cols.items()})


MACROS = r"""
create or replace macro ts_plain(t) as strftime(make_timestamp(t::bigint * 1000000), '%Y-%m-%d %H:%M:%S');
create or replace macro ts_z(t) as strftime(make_timestamp(t::bigint * 1000000), '%Y-%m-%dT%H:%M:%S') || 'Z';
create or replace macro ts_z_ms(t, ms) as
    strftime(make_timestamp(t::bigint * 1000000), '%Y-%m-%dT%H:%M:%S') || '.' || lpad(ms::varchar, 3, '0') || 'Z';
create or replace macro off_str(off) as
    case when off >= 0 then '+' else '-' end || lpad((abs(off) // 3600)::varchar, 2, '0') || ':'
    || lpad(((abs(off) % 3600) // 60)::varchar, 2, '0');
create or replace macro ts_off(t, off, z) as
    case when z then ts_z(t)
         else strftime(make_timestamp((t + off)::bigint * 1000000), '%Y-%m-%dT%H:%M:%S') || off_str(off) end;
create or replace macro ts_dmy(t) as strftime(make_timestamp(t::bigint * 1000000), '%d/%m/%Y %H:%M');
create or replace macro crm_ts(t, off, f) as
    case f when 0 then ts_plain(t) when 1 then ts_off(t, off, false) else ts_dmy(t) end;
create or replace macro day_of(d) as (date '1970-01-01' + d::integer);
create or replace macro date_fmt(d, f) as case f
    when 0 then strftime(day_of(d), '%Y-%m-%d') when 1 then strftime(day_of(d), '%d/%m/%Y')
    when 2 then strftime(day_of(d), '%d.%m.%Y') else strftime(day_of(d), '%Y%m%d') end;
create or replace macro money(c) as
    case when c < 0 then '-' else '' end || (abs(c) // 100)::varchar || '.' || lpad((abs(c) % 100)::varchar, 2, '0');
create or replace macro money_short(c) as
    case when c % 100 = 0 then (c // 100)::varchar
         when c % 10 = 0 then (c // 100)::varchar || '.' || ((c % 100) // 10)::varchar
         else money(c) end;
create or replace macro name_r(n, code, r) as case code
    when 1 then upper(n)
    when 2 then lower(n)
    when 3 then case r % 2 when 0 then n || ' ' else replace(n, ' ', '  ') || '  ' end
    when 4 then strip_accents(n)
    when 5 then case (r // 7) % 3
        when 0 then substr(n, 1, 1 + r % greatest(length(n) - 1, 1)) || substr(n, 3 + r % greatest(length(n) - 1, 1))
        when 1 then substr(n, 1, 2 + r % greatest(length(n) - 2, 1)) || substr(n, 2 + r % greatest(length(n) - 2, 1))
        else substr(n, 1, 1 + r % greatest(length(n) - 2, 1))
             || substr(n, 3 + r % greatest(length(n) - 2, 1), 1)
             || substr(n, 2 + r % greatest(length(n) - 2, 1), 1)
             || substr(n, 4 + r % greatest(length(n) - 2, 1)) end
    else n end;
create or replace macro email_r(e, code, r) as case code
    when 1 then upper(e)
    when 2 then case when strpos(split_part(e, '@', 1), '.') > 0
                     then upper(substr(e, 1, 1)) || substr(e, 2, strpos(e, '.') - 1)
                          || upper(substr(e, strpos(e, '.') + 1, 1)) || substr(e, strpos(e, '.') + 2)
                     else upper(substr(e, 1, 1)) || substr(e, 2) end
    when 3 then case r % 3 when 0 then ' ' || e when 1 then e || ' ' else '  ' || e || ' ' end
    when 4 then split_part(e, '@', 1) || '+' || ['shop', 'news', 'promo', 'web', '2024'][1 + r % 5] || '@'
                || split_part(e, '@', 2)
    when 5 then case r % 4 when 0 then replace(e, '@', '@@') when 1 then replace(e, '@', ' at ')
                when 2 then split_part(e, '@', 1) || '@' || split_part(split_part(e, '@', 2), '.', 1)
                else replace(e, '@', '') end
    when 6 then __PLACEHOLDER_EMAILS__[1 + r % __N_PE__]
    else e end;
create or replace macro phone_r(cc, nsn, g, f, r) as case f
    when 0 then case when cc = '1' then '(' || substr(nsn, 1, 3) || ') ' || substr(nsn, 4, 3) || '-' || substr(nsn, 7)
                     else '0' || g end
    when 1 then '+' || cc || ' ' || g
    when 2 then '+' || cc || nsn
    when 3 then '00' || cc || ' ' || g
    when 4 then case when cc = '1' then replace(g, ' ', '.') else '0' || replace(g, ' ', '.') end
    when 5 then case when cc = '1' then replace(g, ' ', '-') else '0' || replace(g, ' ', '-') end
    when 6 then case when cc = '1' then nsn else '0' || nsn end
    when 7 then case when cc = '1' then '+1 (' || substr(nsn, 1, 3) || ') ' || substr(nsn, 4, 3) || '-' || substr(nsn, 7)
                     when cc = '44' then '(0' || split_part(g, ' ', 1) || ') ' || substr(g, strpos(g, ' ') + 1)
                     else '+' || cc || ' (0)' || g end
    when 8 then __PLACEHOLDER_PHONES__[1 + r % __N_PP__]
    else g end;
"""


class Renderer:
    def __init__(self, world: World, con):
        self.w = world
        self.con = con
        self.rng = np.random.default_rng([world.seed, 7])
        self.evidence: list[tuple] = []  # (source, record index array, person array, key type, key value array)
        self.rowcount: dict[str, int] = {}
        self.views: list[str] = []
        macros = (MACROS.replace("__PLACEHOLDER_EMAILS__", str(PLACEHOLDER_EMAILS))
                  .replace("__N_PE__", str(len(PLACEHOLDER_EMAILS)))
                  .replace("__PLACEHOLDER_PHONES__", str(PLACEHOLDER_PHONES))
                  .replace("__N_PP__", str(len(PLACEHOLDER_PHONES))))
        for stmt in macros.split(";"):
            if stmt.strip():
                con.execute(stmt)

    # -- small helpers ------------------------------------------------------------------------
    def reg(self, name: str, table: pa.Table):
        """Small lookup tables are copied into DuckDB; row tables (``*_rows``) stay Arrow views until
        ``release`` (no second copy of the big arrays)."""
        if name.endswith("_rows"):
            self.con.register(name, table)
            self.views.append(name)
            return
        self.con.register(f"{name}_arrow", table)
        self.con.execute(f"create or replace table {name} as select * from {name}_arrow")
        self.con.unregister(f"{name}_arrow")

    def release(self, keep=()):
        """Drop the Arrow row views rendered so far (their out_ tables hold the text)."""
        for name in [v for v in self.views if v not in keep]:
            self.con.unregister(name)
            self.views.remove(name)

    def email_codes(self, n):
        rng = self.rng
        p = [1 - sum(DIRT[k]["rate"] for k in ("email_upper_case", "email_capitalized", "email_whitespace",
                                                "email_plus_tag", "email_invalid", "email_placeholder")),
             DIRT["email_upper_case"]["rate"], DIRT["email_capitalized"]["rate"], DIRT["email_whitespace"]["rate"],
             DIRT["email_plus_tag"]["rate"], DIRT["email_invalid"]["rate"], DIRT["email_placeholder"]["rate"]]
        return _pick(rng, n, p)

    def phone_codes(self, n):
        p = [DIRT["phone_national"]["rate"], 0.2, 0.1, DIRT["phone_00_prefix"]["rate"], 0.07, 0.07, 0.05, 0.04,
             DIRT["phone_placeholder"]["rate"]]
        return _pick(self.rng, n, p)

    def name_codes(self, n, nickname=0.0, typo=None):
        """0 as is, 1 upper, 2 lower, 3 spaces, 4 accents stripped, 5 typo, 6 nickname."""
        t = DIRT["name_typo"]["rate"] if typo is None else typo
        c = DIRT["name_case"]["rate"]
        p = [1 - c - DIRT["name_whitespace"]["rate"] - DIRT["name_accents_stripped"]["rate"] - t - nickname,
             c * 0.6, c * 0.4, DIRT["name_whitespace"]["rate"], DIRT["name_accents_stripped"]["rate"], t, nickname]
        return _pick(self.rng, n, p)

    def birth_codes(self, country):
        rng = self.rng
        n = len(country)
        w = {"GB": [0.5, 0.35, 0.05, 0.1], "DE": [0.35, 0.1, 0.45, 0.1], "FR": [0.45, 0.4, 0.05, 0.1],
             "NL": [0.55, 0.2, 0.15, 0.1], "US": [0.75, 0.1, 0.0, 0.15]}
        out = np.zeros(n, dtype=np.int64)
        for ci, c in enumerate(ref.COUNTRY_LIST):
            m = country == ci
            out[m] = _pick(rng, m.sum(), w[c])
        return out

    def implausible_birth(self, n, ref_t):
        """0 none, else a replacement birth day: 1900-01-01, 1901-01-01 or < 14 years before ref."""
        rng = self.rng
        kind = _pick(rng, n, [1 - DIRT["birth_date_implausible"]["rate"], DIRT["birth_date_implausible"]["rate"]])
        repl = np.where(rng.random(n) < 0.5, -25567, -25202)  # 1900-01-01, 1901-01-01
        young = (ref_t // DAY) - rng.integers(2 * 365, 12 * 365, n)
        repl = np.where(rng.random(n) < 0.35, young, repl)
        return kind.astype(bool), repl

    def country_codes(self, country, rng=None):
        rng = self.rng if rng is None else rng
        out = np.zeros(len(country), dtype=np.int64)
        self.spellings = []
        for ci, c in enumerate(ref.COUNTRY_LIST):
            start = len(self.spellings)
            sp = ref.COUNTRY_SPELLINGS[c]
            self.spellings += [s for s, _ in sp]
            m = country == ci
            out[m] = start + _pick(rng, m.sum(), [w for _, w in sp])
        return out

    def postal_codes(self, n):
        return _pick(self.rng, n, [1 - DIRT["postal_code_variants"]["rate"], DIRT["postal_code_variants"]["rate"] / 2,
                                   DIRT["postal_code_variants"]["rate"] / 2])

    def add_evidence(self, source, rec, person, ktype, kval, mask=None):
        if mask is not None:
            rec, person, kval = rec[mask], person[mask], kval[mask]
        self.evidence.append((source, np.asarray(rec), np.asarray(person), ktype, np.asarray(kval)))

    # -- persons ----------------------------------------------------------------------------
    def persons_table(self):
        w, con = self.w, self.con
        pools = w.pools
        P = w.persons
        self.reg("pool_first", pa.Table.from_pandas(pools.first_names[["first_id", "name", "nick"]],
                                                    preserve_index=False))
        self.reg("pool_last", pa.Table.from_pandas(pools.last_names[["last_id", "name"]], preserve_index=False))
        self.reg("pool_street", pa.Table.from_pandas(pools.streets[["street_id", "street"]], preserve_index=False))
        self.reg("pool_city", pa.Table.from_pandas(pools.cities[["city_id", "city"]], preserve_index=False))
        self.reg("pool_domain", pa.Table.from_pandas(pools.domains[["domain_id", "domain"]], preserve_index=False))
        self.reg("pool_outward", pa.Table.from_pandas(pools.outwards, preserve_index=False))
        cols = {k: P[k] for k in ("person", "country", "gender", "first", "last", "birth", "city", "street", "house",
                                  "postal_num", "postal_l1", "postal_l2", "outward", "phone_nsn", "phone_pattern",
                                  "dom_main", "dom_alt", "style_main", "style_alt", "email_num", "old_city",
                                  "old_street", "old_house", "old_postal_num", "old_postal_l1", "old_postal_l2",
                                  "old_outward")}
        self.reg("p_raw_rows", _arrow(**cols))
        pat_sql = "case phone_pattern " + " ".join(
            f"when {i} then " + " || ' ' || ".join(
                f"substr(nsn, {1 + sum(g[:j])}, {g[j]})" for j in range(len(g))) for i, g in
            enumerate(w.phone_patterns)) + " end"
        cc = "case country " + " ".join(
            f"when {i} then '{ref.COUNTRIES[c]['calling_code']}'" for i, c in enumerate(ref.COUNTRY_LIST)) + " end"
        gb, nl, us = (ref.COUNTRY_LIST.index(c) for c in ("GB", "NL", "US"))
        letters_gb = "ABDEFGHJLNPQRSTUWXYZ"
        letters_nl = "ABCDEFGHJKLMNPRSTVWX"

        def postal(prefix):
            return f"""case country
                when {gb} then o{prefix}.outward || ' ' || {prefix}postal_num::varchar
                    || substr('{letters_gb}', 1 + {prefix}postal_l1, 1) || substr('{letters_gb}', 1 + {prefix}postal_l2, 1)
                when {nl} then {prefix}postal_num::varchar || ' '
                    || substr('{letters_nl}', 1 + {prefix}postal_l1, 1) || substr('{letters_nl}', 1 + {prefix}postal_l2, 1)
                else lpad({prefix}postal_num::varchar, 5, '0') end"""

        def street(prefix):
            de, nl_ = ref.COUNTRY_LIST.index("DE"), ref.COUNTRY_LIST.index("NL")
            return f"""case when country in ({de}, {nl_}) then s{prefix}.street || ' ' || {prefix}house::varchar
                else {prefix}house::varchar || ' ' || s{prefix}.street end"""

        fold = "regexp_replace(lower(strip_accents(replace(replace({x}, 'ß', 'ss'), 'ı', 'i'))), '[^a-z0-9]', '', 'g')"
        local = """case {style}
            when 0 then ff || '.' || ll when 1 then ff || ll when 2 then substr(ff, 1, 1) || '.' || ll
            when 3 then ff || '_' || ll when 4 then ff || '.' || ll || email_num::varchar
            when 5 then ff || substr(ll, 1, 1) || email_num::varchar else ll || '.' || ff end"""
        con.execute(f"""
            create or replace table p_names as
            select p.*, fn.name as first_name, fn.nick as nick, ln.name as last_name,
                {fold.format(x='fn.name')} as ff, {fold.format(x='ln.name')} as ll,
                p.phone_nsn::varchar as nsn, {cc} as cc
            from p_raw_rows p join pool_first fn on fn.first_id = p.first join pool_last ln on ln.last_id = p.last
        """)
        con.execute(f"""
            create or replace table p_emails as
            with cand as (
                select person, 0 as kind, {local.format(style='style_main')} as loc, d.domain
                from p_names join pool_domain d on d.domain_id = dom_main
                union all
                select person, 1 as kind, {local.format(style='style_alt')} || case when style_alt = style_main
                    then email_num::varchar else '' end as loc, d.domain
                from p_names join pool_domain d on d.domain_id = dom_alt
            ),
            ranked as (
                select *, row_number() over (partition by loc || '@' || domain order by kind, person) as rn from cand
            )
            select person, kind,
                case when rn > 1 then loc || '.' || person::varchar || kind::varchar else loc end || '@' || domain
                    as email
            from ranked
        """)
        con.execute(f"""
            create or replace table persons as
            select n.person, n.country, n.gender, n.first_name, n.nick, n.last_name, n.birth,
                em.email as email_main, ea.email as email_alt, n.cc, n.nsn, {pat_sql} as grouped,
                c.city as city, {postal('')} as postal_code, {street('')} as street_line,
                c2.city as old_city, {postal('old_')} as old_postal_code, {street('old_')} as old_street_line
            from p_names n
            join p_emails em on em.person = n.person and em.kind = 0
            join p_emails ea on ea.person = n.person and ea.kind = 1
            join pool_city c on c.city_id = n.city
            join pool_city c2 on c2.city_id = n.old_city
            join pool_street s on s.street_id = n.street
            join pool_street sold_ on sold_.street_id = n.old_street
            left join pool_outward o on o.outward_id = n.outward
            left join pool_outward oold_ on oold_.outward_id = n.old_outward
            order by n.person
        """)
        for t in ("p_names", "p_emails"):
            con.execute(f"drop table {t}")
        self.release()
        n_unique = con.execute("select count(distinct email_main) + count(distinct email_alt) from persons").fetchall()
        assert n_unique[0][0] == 2 * len(P["person"]), "emails must be unique"

    # -- crm_customers -------------------------------------------------------------------------
    def crm(self):
        w, rng = self.w, self.rng
        P = w.persons
        cfg = w.cfg
        prim = np.flatnonzero(P["has_crm"])
        dups = np.flatnonzero(P["crm_dup"])
        # superseded older versions of some contacts
        old_v = prim[rng.random(len(prim)) < DIRT["superseded_version"]["rate"]]
        person = np.r_[prim, dups, old_v]
        kind = np.r_[np.zeros(len(prim), dtype=np.int64), np.ones(len(dups), dtype=np.int64),
                     np.full(len(old_v), 2)]
        n = len(person)
        crm_num = np.where(kind == 1, P["crm_dup_num"][person], P["crm_num"][person])
        created = np.where(kind == 1, P["crm_dup_created"][person], P["crm_created"][person])
        # updated_at: moves / email changes after creation, else a random later edit or never
        change = np.zeros(n, dtype=np.int64)
        mv = P["mover"][person] & (P["move_t"][person] > created)
        ch = P["changer"][person] & (P["change_t"][person] > created)
        change = np.where(mv, P["move_t"][person], change)
        change = np.where(ch, np.maximum(change, P["change_t"][person]), change)
        edit = created + (rng.random(n) * np.maximum(w.t1 - DAY - created, DAY)).astype(np.int64)
        updated = np.where(change > 0, change + rng.integers(60, 3 * DAY, n),
                           np.where(rng.random(n) < 0.5, edit, -1))
        updated = np.where((updated >= 0) & (updated < created), created, updated)
        updated = np.minimum(updated, w.t1 - 3600)
        # the current version of a contact with an older version needs an updated_at after it
        is_old = kind == 2
        has_old = np.zeros(len(P["person"]), dtype=bool)
        has_old[old_v] = True
        cur_with_old = (kind == 0) & has_old[person]
        updated = np.where(cur_with_old & (updated < 0), np.minimum(created + 200 * DAY, w.t1 - 7200), updated)
        updated = np.where(cur_with_old, np.maximum(updated, created + 2 * DAY), updated)
        upd_cur = np.zeros(len(P["person"]), dtype=np.int64)
        upd_cur[person[cur_with_old]] = updated[cur_with_old]
        updated = np.where(is_old, np.maximum(created, upd_cur[person] - rng.integers(DAY, 90 * DAY, n)), updated)
        updated = np.where(is_old, np.minimum(updated, upd_cur[person] - DAY), updated)
        # old versions: older address / email where the person moved or changed it, else another phone format
        addr_old = is_old & mv
        email_old = is_old & ch
        # fields
        f_code = self.name_codes(n)
        f_code = np.where(kind == 1, _pick(rng, n, [0.15, 0.05, 0.05, 0, 0.1, 0.35, 0.3]), f_code)  # duplicates
        l_code = self.name_codes(n, typo=0.004)
        has_email = P["has_email"][person] & (rng.random(n) >= cfg.crm_email_missing)
        has_email = np.where(kind == 1, P["has_email"][person] & (rng.random(n) < 0.8), has_email)
        e_code = self.email_codes(n)
        e_code = np.where(kind == 1, _pick(rng, n, [0.35, 0.2, 0.25, 0.2, 0, 0, 0]), e_code)
        has_phone = P["has_phone"][person] & (rng.random(n) >= cfg.crm_phone_missing)
        has_phone = np.where(kind == 1, P["has_phone"][person] & (rng.random(n) < 0.6), has_phone)
        has_phone = np.where(is_old, ~has_phone & P["has_phone"][person], has_phone)
        p_code = self.phone_codes(n)
        has_birth = rng.random(n) >= cfg.crm_birth_date_missing
        # a duplicate without email and phone keeps its birth date (identity evidence)
        has_birth = np.where((kind == 1) & ~(has_email & (e_code < 5)) & ~(has_phone & (p_code < 8)), True, has_birth)
        b_code = self.birth_codes(P["country"][person])
        implaus, b_repl = self.implausible_birth(n, created)
        birth = np.where(implaus, b_repl, P["birth"][person])
        g = P["gender"][person]
        miss = DIRT["missing_optional"]["rate"]
        short = rng.random(n) < 0.7  # "F"/"M" rather than "female"/"male"
        g_code = np.where(g == 0, np.where(short, 0, 1), np.where(g == 1, np.where(short, 2, 3), 4))
        g_code = np.where(rng.random(n) < miss, np.where(rng.random(n) < 0.5, 5, 6), g_code)
        street_ok, city_ok, postal_ok = (rng.random(n) >= miss for _ in range(3))
        pc_code = self.postal_codes(n)
        c_code = self.country_codes(P["country"][person])
        ts_f = _pick(rng, n, [1 - DIRT["crm_timestamp_formats"]["rate"], 0.25, DIRT["crm_timestamp_formats"]["rate"] - 0.25])
        tz = P["tz"][person]
        off_c = utc_offsets(created, tz, w.pools.timezones)
        off_u = utc_offsets(np.maximum(updated, 0), tz, w.pools.timezones)
        rid = np.arange(n)
        # file order: by crm id (an export sorted by key); older versions just before the current one
        ordv = np.argsort(np.argsort(crm_num * 4 + np.where(is_old, 0, 1), kind="stable"), kind="stable").astype(float)
        t = _arrow(_rid=rid, person=person, kind=kind, crm_num=crm_num, created=created, updated=updated,
                   f_code=f_code, l_code=l_code, r=rng.integers(0, 10**6, n), has_email=has_email,
                   email_old=email_old, e_code=e_code,
                   has_phone=has_phone, p_code=p_code, has_birth=has_birth, b_code=b_code, birth=birth,
                   g_code=g_code, street_ok=street_ok, city_ok=city_ok, postal_ok=postal_ok, pc_code=pc_code,
                   c_code=c_code, ts_f=ts_f, off_c=off_c, off_u=off_u, addr_old=addr_old, _ord=ordv)
        self.reg("crm_rows", t)
        self._spell_table()
        postal = self._postal_sql(OLD_OR_NEW_POSTAL, "r.pc_code", "p.country", "r.r")
        self.con.execute(f"""
            create or replace table out_crm_customers as
            select
                'C' || lpad(r.crm_num::varchar, 7, '0') as crm_id,
                nullif(name_r(case when r.f_code = 6 and p.nick <> '' then p.nick else p.first_name end,
                       r.f_code, r.r), '') as first_name,
                name_r(p.last_name, r.l_code, r.r // 3) as last_name,
                case when r.has_email then email_r(case when r.email_old then p.email_alt else p.email_main end,
                     r.e_code, r.r) end as email,
                case when r.has_phone then phone_r(p.cc, p.nsn, p.grouped, r.p_code, r.r) end as phone,
                case when r.has_birth then date_fmt(r.birth, r.b_code) end as birth_date,
                ['F', 'female', 'M', 'male', 'X', 'U', null][r.g_code + 1] as gender,
                case when r.street_ok then case when r.addr_old then p.old_street_line else p.street_line end end
                    as street,
                case when r.city_ok then case when r.addr_old then p.old_city else p.city end end as city,
                case when r.postal_ok then {postal} end
                    as postal_code,
                sp.spelling as country,
                crm_ts(r.created, r.off_c, r.ts_f) as created_at,
                case when r.updated >= 0 then crm_ts(r.updated, r.off_u, r.ts_f) end as updated_at,
                r._rid, r._ord, 'C' || lpad(r.crm_num::varchar, 7, '0') as _key,
                'C' || lpad(r.crm_num::varchar, 7, '0') as _gt, r.person as _person,
                case when r.kind = 2 then 'superseded_version' end as _defect
            from crm_rows r join persons p on p.person = r.person join spellings sp on sp.id = r.c_code
        """)
        # evidence
        src = "crm_customers"
        # an older version shares the record id: it is not a separate record for identity
        cur = kind != 2
        rec = rid
        self.add_evidence(src, rec, person, K_CRM, crm_num, cur)
        e_ok = cur & has_email & (e_code < 5)
        self.add_evidence(src, rec, person, K_EMAIL, person * 2, e_ok)
        self.add_evidence(src, rec, person, K_PHONE, person, cur & has_phone & (p_code < 8))
        self.add_evidence(src, rec, person, K_NAME_DOB, person, cur & has_birth & ~implaus)
        self.add_evidence(src, rec, person, K_NAME_ADDR, person * 2, cur & postal_ok)
        self.crm_rows = Table(person=person, kind=kind, crm_num=crm_num)

    def _spell_table(self):
        if not hasattr(self, "_spell_done"):
            self.reg("spellings", _arrow(id=np.arange(len(self.spellings)), spelling=np.array(self.spellings, dtype=object)))
            self._spell_done = True

    @staticmethod
    def _postal_sql(expr, code, country, r):
        us = ref.COUNTRY_LIST.index("US")
        return f"""case {code}
            when 1 then case when {country} = {us} then {expr} || '-' || lpad(({r} % 9999 + 1)::varchar, 4, '0')
                             else replace({expr}, ' ', '') end
            when 2 then lower({expr})
            else {expr} end"""

    # -- loyalty ----------------------------------------------------------------------------
    def loyalty(self):
        w, rng = self.w, self.rng
        P = w.persons
        cfg = w.cfg
        person = np.flatnonzero(P["has_loyalty"])
        n = len(person)
        which = _pick(rng, n, [cfg.loyalty_email_same, cfg.loyalty_email_other,
                               1 - cfg.loyalty_email_same - cfg.loyalty_email_other])
        which = np.where(P["has_email"][person], which, 2)
        e_code = self.email_codes(n)
        has_phone = P["has_phone"][person] & (rng.random(n) < cfg.loyalty_phone_same)
        p_code = self.phone_codes(n)
        has_birth = rng.random(n) < 0.9
        has_postal = rng.random(n) < 0.95
        strong = ((which == 0) & (e_code < 5)) | (has_phone & (p_code < 8))
        has_birth = has_birth | ~strong
        has_postal = has_postal | ~strong
        enrolled_utc = P["enrolled_local"][person] - 3600
        addr_old = P["mover"][person] & (P["move_t"][person] > enrolled_utc)
        implaus, b_repl = self.implausible_birth(n, enrolled_utc)
        birth = np.where(implaus, b_repl, P["birth"][person])
        f_code = self.name_codes(n, nickname=DIRT["name_nickname"]["rate"])
        l_code = self.name_codes(n, typo=0.004)
        ordv = np.argsort(np.argsort(P["enrolled_local"][person], kind="stable"), kind="stable").astype(float)
        b_code = self.birth_codes(P["country"][person])
        pc_code = self.postal_codes(n)
        r_num = rng.integers(0, 10**6, n)
        # the address beside the postal code (street, city, country: the same address as the postal code, old or
        # new, with the CRM's noise). Drawn from a stream of its own, so that adding these columns left every other
        # value of the export unchanged.
        arng = np.random.default_rng([w.seed, 7, 2])
        miss = DIRT["missing_optional"]["rate"]
        street_ok, city_ok, country_ok = (arng.random(n) >= miss for _ in range(3))
        c_code = self.country_codes(P["country"][person], rng=arng)
        t = _arrow(_rid=np.arange(n), person=person, card=P["card"][person], which=which, e_code=e_code,
                   has_phone=has_phone, p_code=p_code, has_birth=has_birth, b_code=b_code,
                   birth=birth, has_postal=has_postal, pc_code=pc_code, addr_old=addr_old,
                   f_code=f_code, l_code=l_code, r=r_num, home=P["home_store"][person],
                   enrolled=P["enrolled_local"][person], street_ok=street_ok, city_ok=city_ok,
                   country_ok=country_ok, c_code=c_code, _ord=ordv)
        self.reg("loy_rows", t)
        self._spell_table()
        self.reg("stores", _arrow(store_idx=np.arange(len(ref.STORES)),
                                  store_id=np.array([s["store_id"] for s in ref.STORES], dtype=object)))
        postal = self._postal_sql(OLD_OR_NEW_POSTAL, "r.pc_code", "p.country", "r.r")
        self.con.execute(f"""
            create or replace table out_loyalty_members as
            select
                'LC' || lpad(r.card::varchar, 10, '0') as card_number,
                name_r(case when r.f_code = 6 and p.nick <> '' then p.nick else p.first_name end, r.f_code, r.r)
                    as first_name,
                name_r(p.last_name, r.l_code, r.r // 3) as last_name,
                case r.which when 0 then email_r(p.email_main, r.e_code, r.r)
                             when 1 then email_r(p.email_alt, r.e_code, r.r) end as email,
                case when r.has_phone then phone_r(p.cc, p.nsn, p.grouped, r.p_code, r.r) end as phone,
                case when r.has_birth then date_fmt(r.birth, r.b_code) end as birth_date,
                case when r.street_ok then case when r.addr_old then p.old_street_line else p.street_line end end
                    as street,
                case when r.city_ok then case when r.addr_old then p.old_city else p.city end end as city,
                case when r.has_postal then {postal} end
                    as postal_code,
                case when r.country_ok then sp.spelling end as country,
                s.store_id as home_store_id,
                ts_plain(r.enrolled) as enrolled_at,
                r._rid, r._ord, 'LC' || lpad(r.card::varchar, 10, '0') as _key,
                'LC' || lpad(r.card::varchar, 10, '0') as _gt, r.person as _person, null::varchar as _defect
            from loy_rows r join persons p on p.person = r.person join stores s on s.store_idx = r.home
                join spellings sp on sp.id = r.c_code
        """)
        src = "loyalty_members"
        rec = np.arange(n)
        self.add_evidence(src, rec, person, K_CARD, P["card"][person])
        e_ok = (e_code < 5) & (which < 2)
        self.add_evidence(src, rec, person, K_EMAIL, person * 2 + which, e_ok)
        self.add_evidence(src, rec, person, K_PHONE, person, has_phone & (p_code < 8))
        self.add_evidence(src, rec, person, K_NAME_DOB, person, has_birth & ~implaus)
        self.add_evidence(src, rec, person, K_NAME_ADDR, person * 2 + addr_old, has_postal)

    # -- purchases --------------------------------------------------------------------------
    def purchases(self):
        w, rng, con = self.w, self.rng, self.con
        P, Q, L = w.persons, w.purchases, w.lines
        cfg = w.cfg
        m = Q.nrows
        person = Q["person"]
        t = Q["t"]
        # amounts: list price in the currency (fixed conversion of the EUR list price), in cents
        country = P["country"][person]
        currency_of_country = np.array([["EUR", "GBP", "USD"].index(ref.COUNTRIES[c]["currency"])
                                        for c in ref.COUNTRY_LIST])
        store_country = w.pools.store_country
        pur_country = np.where(Q["online"], country, store_country[np.maximum(Q["store"], 0)])
        cur = currency_of_country[pur_country]
        anchor = np.array([ref.RATE_ANCHORS[c] for c in ("EUR", "GBP", "USD")])
        eur = w.products["price_cents"][L["product"]]
        lcur = cur[L["purchase"]]
        unit = np.where(lcur == 0, eur, (np.ceil(eur / 100 / anchor[lcur]) * 100 - 1).astype(np.int64))
        gross = unit * L["qty"]
        disc = np.round(gross * L["disc_share"]).astype(np.int64)
        total = np.bincount(L["purchase"], weights=gross - disc, minlength=m).astype(np.int64)
        disc_total = np.bincount(L["purchase"], weights=disc, minlength=m).astype(np.int64)
        self.line_amounts = (unit, disc)
        # --- online orders
        on = np.flatnonzero(Q["online"])
        no = len(on)
        po = person[on]
        kind = Q["kind"][on]
        ot = t[on]
        order_num = np.empty(m, dtype=np.int64)
        order_num[on[np.argsort(ot, kind="stable")]] = 10_000_000 + np.arange(no) * 3 + rng.integers(0, 3, no)
        before_change = P["changer"][po] & (ot < P["change_t"][po])
        before_move = P["mover"][po] & (ot < P["move_t"][po])
        acct = kind == 0
        guest = kind == 1
        has_email = P["has_email"][po] & np.where(acct, rng.random(no) >= 0.03, rng.random(no) < 0.95) & (kind < 2)
        e_code = self.email_codes(no)
        has_phone = P["has_phone"][po] & (rng.random(no) < cfg.order_phone_share) & (kind < 2)
        p_code = self.phone_codes(no)
        f_code = self.name_codes(no, nickname=DIRT["name_nickname"]["rate"])
        l_code = self.name_codes(no, typo=0.004)
        ship = kind < 2
        ship_missing = ship & (rng.random(no) < 0.01)
        strong = acct | (has_email & (e_code < 5)) | (has_phone & (p_code < 8))
        ship_missing &= strong
        crm_num = np.where(Q["use_dup"][on], P["crm_dup_num"][po], P["crm_num"][po])
        status = Q["status"][on]
        off = utc_offsets(ot, P["tz"][po], w.pools.timezones)
        zflag = rng.random(no) >= DIRT["offset_timestamps"]["rate"]
        pc_code = self.postal_codes(no)
        c_code = self.country_codes(P["country"][po])
        self._spell_table()
        t_on = _arrow(_rid=np.arange(no), pur=on, person=po, kind=kind, order_num=order_num[on],
                      crm_num=np.where(acct, crm_num, -1), has_email=has_email, email_old=before_change,
                      e_code=e_code, has_phone=has_phone, p_code=p_code, t=ot, off=off, z=zflag, status=status,
                      cur=cur[on], total=total[on], disc=disc_total[on], ship=ship & ~ship_missing,
                      addr_old=before_move, f_code=f_code, l_code=l_code, pc_code=pc_code, c_code=c_code,
                      r=rng.integers(0, 10**6, no), _ord=np.argsort(np.argsort(order_num[on])).astype(float))
        self.reg("ord_rows", t_on)
        postal = self._postal_sql(OLD_OR_NEW_POSTAL, "r.pc_code", "p.country", "r.r")
        con.execute(f"""
            create or replace table out_shop_orders as
            select
                'SO' || lpad(r.order_num::varchar, 8, '0') as order_id,
                case when r.crm_num >= 0 then 'C' || lpad(r.crm_num::varchar, 7, '0') end as crm_id,
                case when r.has_email then email_r(case when r.email_old then p.email_alt else p.email_main end,
                     r.e_code, r.r) end as email,
                case when r.has_phone then phone_r(p.cc, p.nsn, p.grouped, r.p_code, r.r) end as phone,
                ts_off(r.t, r.off, r.z) as ordered_at,
                ['completed', 'cancelled', 'returned'][r.status + 1] as status,
                ['EUR', 'GBP', 'USD'][r.cur + 1] as currency,
                money(r.total) as order_total,
                case when r.disc > 0 then money(r.disc) when r.r % 3 = 0 then '0.00' end as discount_total,
                case when r.ship then name_r(case when r.f_code = 6 and p.nick <> '' then p.nick else p.first_name end,
                     r.f_code, r.r) end as shipping_first_name,
                case when r.ship then name_r(p.last_name, r.l_code, r.r // 3) end as shipping_last_name,
                case when r.ship then case when r.addr_old then p.old_street_line else p.street_line end end
                    as shipping_street,
                case when r.ship then case when r.addr_old then p.old_city else p.city end end as shipping_city,
                case when r.ship then {postal} end
                    as shipping_postal_code,
                case when r.ship then sp.spelling end as shipping_country,
                r._rid, r._ord, 'SO' || lpad(r.order_num::varchar, 8, '0') as _key,
                case when r.crm_num >= 0 or r.has_email or r.has_phone then 'SO' || lpad(r.order_num::varchar, 8, '0')
                     end as _gt,
                r.person as _person, null::varchar as _defect, r.pur as _pur
            from ord_rows r join persons p on p.person = r.person join spellings sp on sp.id = r.c_code
        """)
        src = "shop_orders"
        rec = np.arange(no)
        self.add_evidence(src, rec, po, K_CRM, crm_num, acct)
        self.add_evidence(src, rec, po, K_EMAIL, po * 2 + before_change, has_email & (e_code < 5))
        self.add_evidence(src, rec, po, K_PHONE, po, has_phone & (p_code < 8))
        self.add_evidence(src, rec, po, K_NAME_ADDR, po * 2 + before_move, ship & ~ship_missing)
        self.order_num = order_num
        self.order_has_gt = (acct | has_email | has_phone)
        # --- online order lines
        lon = np.flatnonzero(Q["online"][L["purchase"]])
        self._lines("shop_order_items", lon, "'SO' || lpad(o.num::varchar, 8, '0')", order_num)
        # --- POS transactions
        ps = np.flatnonzero(~Q["online"])
        npos = len(ps)
        store = Q["store"][ps]
        # transaction numbers: per store, in time order
        order = np.lexsort((t[ps], store))
        seq = np.empty(npos, dtype=np.int64)
        st_sorted = store[order]
        starts = np.r_[True, st_sorted[1:] != st_sorted[:-1]] if npos else np.zeros(0, dtype=bool)
        grp_start = np.maximum.accumulate(np.where(starts, np.arange(npos), 0)) if npos else np.zeros(0, dtype=np.int64)
        seq[order] = np.arange(npos) - grp_start + 1 + rng.integers(1000, 5000, 1)[0]
        self.pos_seq = np.full(m, -1, dtype=np.int64)
        self.pos_seq[ps] = seq
        carded = Q["carded"][ps]
        pay = _pick(rng, npos, [0.7, 0.25, 0.05])
        ordv = np.argsort(np.argsort(t[ps], kind="stable"), kind="stable").astype(float)
        self.reg("pos_rows", _arrow(_rid=np.arange(npos), pur=ps, person=person[ps], store=store, seq=seq,
                                    card=np.where(carded, P["card"][person[ps]], -1), local=Q["pos_local"][ps],
                                    cur=cur[ps], total=total[ps], disc=disc_total[ps], pay=pay,
                                    r=rng.integers(0, 10**6, npos), _ord=ordv))
        con.execute("""
            create or replace table out_pos_transactions as
            select
                s.store_id || '-' || lpad(r.seq::varchar, 8, '0') as transaction_id,
                s.store_id,
                case when r.card >= 0 then 'LC' || lpad(r.card::varchar, 10, '0') end as loyalty_card_number,
                ts_plain(r.local) as transacted_at,
                ['EUR', 'GBP', 'USD'][r.cur + 1] as currency,
                money_short(r.total) as total_amount,
                case when r.disc > 0 then money_short(r.disc) end as discount_amount,
                ['card', 'cash', 'voucher'][r.pay + 1] as payment_method,
                r._rid, r._ord, s.store_id || '-' || lpad(r.seq::varchar, 8, '0') as _key,
                case when r.card >= 0 then s.store_id || '-' || lpad(r.seq::varchar, 8, '0') end as _gt,
                r.person as _person, null::varchar as _defect, r.pur as _pur
            from pos_rows r join stores s on s.store_idx = r.store
        """)
        self.add_evidence("pos_transactions", np.arange(npos), person[ps], K_CARD, P["card"][person[ps]], carded)
        lps = np.flatnonzero(~Q["online"][L["purchase"]])
        self._lines("pos_transaction_items", lps, "s.store_id || '-' || lpad(o.num::varchar, 8, '0')", self.pos_seq,
                    pos=True)

    def _lines(self, name, li, id_sql, num_of_purchase, pos=False):
        w, rng = self.w, self.rng
        L = w.lines
        unit, disc = self.line_amounts
        pur = L["purchase"][li]
        n = len(li)
        ordv = np.argsort(np.argsort(num_of_purchase[pur] * 16 + L["line"][li], kind="stable"),
                          kind="stable").astype(float)
        if pos:
            # POS item files are sorted by store then transaction
            st = w.purchases["store"][pur]
            ordv = np.argsort(np.argsort((st * 10**9 + num_of_purchase[pur]) * 16 + L["line"][li], kind="stable"),
                              kind="stable").astype(float)
        self.reg(f"{name}_rows", _arrow(_rid=np.arange(n), pur=pur, num=num_of_purchase[pur], line=L["line"][li],
                                        product=w.products["pid_num"][L["product"][li]], qty=L["qty"][li],
                                        unit=unit[li], disc=disc[li], store=np.maximum(w.purchases["store"][pur], 0),
                                        r=rng.integers(0, 10**6, n), _ord=ordv))
        money = "money_short" if pos else "money"
        self.con.execute(f"""
            create or replace table out_{name} as
            select
                {id_sql} as {'transaction_id' if pos else 'order_id'},
                o.line::varchar as line_number,
                'P' || lpad(o.product::varchar, 5, '0') as product_id,
                o.qty::varchar as quantity,
                {money}(o.unit) as unit_price,
                case when o.disc > 0 then {money}(o.disc) when o.r % 4 = 0 then '0.00' end as discount_amount,
                o._rid, o._ord, {id_sql} || '-' || o.line::varchar as _key, null::varchar as _gt,
                null::bigint as _person, null::varchar as _defect, o.pur as _pur
            from {name}_rows o join stores s on s.store_idx = o.store
        """)

    # -- web events ---------------------------------------------------------------------------
    def web(self):
        w, rng, con = self.w, self.rng, self.con
        C, S, E, P, Q = w.cookies, w.sessions, w.events, w.persons, w.purchases
        ne = E.nrows
        sess = E["session"]
        cookie = S["cookie"][sess]
        owner = C["owner"][cookie]
        own_c = np.minimum(owner, w.n - 1)
        login_crm = np.where(S["dup_login"][sess], P["crm_dup_num"][own_c], P["crm_num"][own_c])
        user = np.where(E["logged"], login_crm, -1)
        # order ids on purchase events
        purch = S["purchase"][sess]
        order_num = np.where((E["type"] == 5) & (purch >= 0), self.order_num[np.maximum(purch, 0)], -1)
        prod = w.products["pid_num"][np.maximum(E["product"], 0)]
        prod = np.where(E["product"] < 0, -1, prod)
        prod = np.where(E["unknown"] & (prod >= 0), 9000 + rng.integers(0, 999, ne), prod)
        utm = np.where(E["pos"] == 0, S["utm"][sess], -1)
        ms = np.where(rng.random(ne) < DIRT["web_millis"]["rate"], rng.integers(0, 1000, ne), -1)
        order = np.lexsort((E["pos"], sess, E["t"]))
        ev_num = np.empty(ne, dtype=np.int64)
        ev_num[order] = np.arange(ne) + 1
        self.reg("utm", _arrow(id=np.arange(len(UTMS)), src=np.array([u[0] for u in UTMS], dtype=object),
                               med=np.array([u[1] for u in UTMS], dtype=object),
                               camp=np.array([u[2] for u in UTMS], dtype=object)))
        self.reg("cookie_ids", _arrow(cookie=C["cookie"], cid=C["cid"]))
        con.execute("create or replace table cookie_hex as select cookie, format('{:016x}', cid) as hex from cookie_ids")
        self.reg("web_rows", _arrow(_rid=np.arange(ne), num=ev_num, cookie=cookie, user=user,
                                    type=E["type"], t=E["t"], ms=ms, prod=prod, order_num=order_num, utm=utm,
                                    search=E["search"], device=C["device"][cookie], person=owner,
                                    _ord=ev_num.astype(float)))
        searches = str(SEARCHES)
        con.execute(f"""
            create or replace table out_web_events as
            select
                'EV' || lpad(r.num::varchar, 10, '0') as event_id,
                ch.hex as anonymous_id,
                case when r.user >= 0 then 'C' || lpad(r.user::varchar, 7, '0') end as user_id,
                {EVENT_TYPES}[r.type + 1] as event_type,
                case when r.ms >= 0 then ts_z_ms(r.t, r.ms) else ts_z(r.t) end as event_at,
                case when r.prod >= 0 then 'P' || lpad(r.prod::varchar, 5, '0') end as product_id,
                case when r.order_num >= 0 then 'SO' || lpad(r.order_num::varchar, 8, '0') end as order_id,
                '{SITE}' || case when r.prod >= 0 then '/p/P' || lpad(r.prod::varchar, 5, '0')
                                 when r.type = 6 then '/search?q=' || replace({searches}[r.search + 1], ' ', '+')
                                 when r.type = 0 and r.search % 3 = 1
                                     then '/c/' || {CATEGORY_SLUGS}[1 + r.search % {len(CATEGORY_SLUGS)}]
                                 else {str([PATHS.get(i, '/') for i in range(8)])}[r.type + 1] end as page_url,
                case when r.type = 6 then {searches}[r.search + 1] end as search_query,
                u.src as utm_source, u.med as utm_medium, u.camp as utm_campaign,
                {DEVICES}[r.device + 1] as device_type,
                r._rid, r._ord, 'EV' || lpad(r.num::varchar, 10, '0') as _key,
                ch.hex as _gt, r.person as _person, null::varchar as _defect
            from web_rows r join cookie_hex ch on ch.cookie = r.cookie left join utm u on u.id = r.utm
        """)
        # evidence: a cookie is linked through the crm ids it logged in with
        lg = np.flatnonzero(user >= 0)
        self.add_evidence("web_events", cookie[lg], owner[lg], K_CRM, user[lg])
        self.n_cookies = C.nrows

    # -- email events ---------------------------------------------------------------------------
    def email(self):
        w, rng, con = self.w, self.rng, self.con
        S, E, P = w.email_sends, w.email_events, w.persons
        ne = E.nrows
        send = E["send"]
        person = S["person"][send]
        t = E["t"]
        old = P["changer"][person] & (t < P["change_t"][person])
        case_code = np.where(rng.random(len(S["person"])) < DIRT["esp_recipient_case"]["rate"], 2, 0)[send]
        camp = S["camp"][send]
        etype = E["type"]
        hard = S["hard"][send]
        link = np.where(etype == 3, E["link"], -1)
        # identical rows (same recipient spelling, event, second, campaign) are one event: drop repeats,
        # then order the export by time (as the ESP does)
        key = np.stack([t, person, etype, camp, link, case_code, hard.astype(np.int64)])
        order = np.lexsort(key[::-1])  # sort by t, person, type, campaign, link, ...
        ks = key[:, order]
        repeat = np.r_[False, (ks[:, 1:] == ks[:, :-1]).all(axis=0)]
        keep = order[~repeat]
        person, old, case_code, etype, t, camp, hard, link = (
            a[keep] for a in (person, old, case_code, etype, t, camp, hard, link))
        ctype = S["ctype"][send][keep]
        ne = len(keep)
        labels = w.campaign_labels
        self.reg("campaigns", _arrow(id=np.arange(len(labels)), label=np.array(labels, dtype=object)))
        self.reg("email_rows", _arrow(_rid=np.arange(ne), person=person, old=old, code=case_code, type=etype,
                                      t=t, camp=camp, ctype=ctype, hard=hard, link=np.maximum(link, 0)))
        con.execute(f"""
            create or replace table out_email_events as
            select
                email_r(case when r.old then p.email_alt else p.email_main end, r.code, 0) as recipient,
                {EMAIL_EVENT_TYPES}[r.type + 1] as event_type,
                r.t::varchar as occurred_at,
                case when r.camp >= 0 then c.label when r.camp = -2 then 'AC-CART-REMINDER'
                     else 'TX-ORDER-CONFIRMATION' end as campaign_id,
                {CAMPAIGN_TYPES}[r.ctype + 1] as campaign_type,
                case when r.type = 4 then case when r.hard then 'hard' else 'soft' end end as bounce_type,
                case when r.type = 3 then '{SITE}/' || {EMAIL_LINKS}[r.link + 1]
                    || case when r.link = 6 then (100 + r.link)::varchar else '' end
                    || '?utm_source=newsletter&utm_medium=email' end as link_url,
                r._rid, r._rid::double as _ord, null::varchar as _key, null::varchar as _gt, null::bigint as _person,
                null::varchar as _defect
            from email_rows r join persons p on p.person = r.person left join campaigns c on c.id = r.camp
        """)

    # -- enrichment -----------------------------------------------------------------------------
    def enrichment(self, persons_with_linkable_email: np.ndarray):
        w, rng, con = self.w, self.rng, self.con
        P = w.persons
        cand = persons_with_linkable_email
        sel = cand[rng.random(len(cand)) < w.cfg.enrichment_share]
        n = len(sel)
        upd = w.t0 + (rng.random(n) * (w.t1 - w.t0 - DAY)).astype(np.int64)
        age = (upd // DAY - P["birth"][sel]) / 365.25
        band = np.digitize(age, [25, 35, 45, 55, 65])
        band = np.where(rng.random(n) < 0.15, np.clip(band + rng.choice([-1, 1], n), 0, 5), band)
        hh_size = np.bincount(P["household"])[P["household"][sel]]
        hh_size = np.where(rng.random(n) < 0.3, hh_size + rng.integers(1, 3, n), hh_size)
        aff = w.affinity[sel]
        top = np.argsort(-aff, axis=1)[:, :2]
        interests = ["fashion", "fashion", "family", "home", "beauty", "sports", "technology", "food"]
        self.reg("enr_rows", _arrow(_rid=np.arange(n), person=sel, band=band, income=_pick(rng, n, [0.3, 0.5, 0.2]),
                                    hh=hh_size, i1=top[:, 0], i2=top[:, 1], two=rng.random(n) < 0.5,
                                    has_age=rng.random(n) < 0.9, has_income=rng.random(n) < 0.8, upd=upd // DAY))
        con.execute(f"""
            create or replace table out_enrichment_demographics as
            select
                sha256(lower(trim(p.email_main))) as email_sha256,
                case when r.has_age then ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'][r.band + 1] end as age_band,
                case when r.has_income then ['low', 'middle', 'high'][r.income + 1] end as income_band,
                r.hh::varchar as household_size,
                {interests}[r.i1 + 1] || case when r.two and r.i1 <> r.i2 and {interests}[r.i1 + 1] <> {interests}[r.i2 + 1]
                    then '|' || {interests}[r.i2 + 1] else '' end as interests,
                strftime(day_of(r.upd), '%Y-%m-%d') as updated_at,
                r._rid, 0.0 as _ord, sha256(lower(trim(p.email_main))) as _key,
                sha256(lower(trim(p.email_main))) as _gt, r.person as _person, null::varchar as _defect
            from enr_rows r join persons p on p.person = r.person
        """)
        # file order: by hash (a vendor file sorted by key)
        con.execute("""
            create or replace table out_enrichment_demographics as
            select * exclude (_ord), (row_number() over (order by email_sha256))::double as _ord
            from out_enrichment_demographics
        """)
        self.add_evidence("enrichment_demographics", np.arange(n), sel, K_EMAIL, sel * 2)

    # -- consent, erasure, experiments, products ------------------------------------------------
    def consent(self):
        w, rng, con = self.w, self.rng, self.con
        P = w.persons
        cfg = w.cfg
        crm = np.flatnonzero(P["has_crm"])
        rows_p, rows_purpose, rows_t, rows_src, rows_subj = [], [], [], [], []
        for k, (purpose, share) in enumerate(cfg.consent_grant):
            g = crm[rng.random(len(crm)) < share]
            t = np.maximum(P["crm_created"][g], w.t0 + rng.integers(0, 120 * DAY, len(g))) + rng.integers(0, 3600, len(g))
            t = np.minimum(t, w.t1 - 7200)
            rows_p.append(g); rows_purpose.append(np.full(len(g), k)); rows_t.append(t)
            rows_src.append(_pick(rng, len(g), [0.5, 0.1, 0.4]))
            rows_subj.append((rng.random(len(g)) < cfg.consent_subject_email) & P["has_email"][g])
        # loyalty enrolment: email marketing by email in the store
        loy = np.flatnonzero(P["has_loyalty"] & P["has_email"] & (rng.random(w.n) < 0.6))
        t = np.maximum(P["enrolled_local"][loy], w.t0 + rng.integers(0, 200 * DAY, len(loy)))
        rows_p.append(loy); rows_purpose.append(np.zeros(len(loy), dtype=np.int64)); rows_t.append(t)
        rows_src.append(np.ones(len(loy), dtype=np.int64)); rows_subj.append(np.ones(len(loy), dtype=bool))
        gp, gpur, gt, gsrc, gsubj = (np.concatenate(x) for x in (rows_p, rows_purpose, rows_t, rows_src, rows_subj))
        status = np.zeros(len(gp), dtype=np.int64)
        wd = rng.random(len(gp)) < cfg.consent_withdraw
        wt = gt + (rng.random(len(gp)) * np.maximum(w.t1 - 3600 - gt, 0)).astype(np.int64)
        wd &= wt > gt
        person = np.r_[gp, gp[wd]]
        purpose = np.r_[gpur, gpur[wd]]
        t = np.r_[gt, wt[wd]]
        src = np.r_[gsrc, gsrc[wd]]
        subj = np.r_[gsubj, gsubj[wd]]
        status = np.r_[status, np.ones(wd.sum(), dtype=np.int64)]
        n = len(person)
        old = P["changer"][person] & (t < P["change_t"][person])
        order = np.lexsort((person, t))
        num = np.empty(n, dtype=np.int64)
        num[order] = np.arange(n) + 1
        off = utc_offsets(t, P["tz"][person], w.pools.timezones)
        self.reg("con_rows", _arrow(_rid=np.arange(n), num=num, person=person, purpose=purpose, t=t, off=off,
                                    z=rng.random(n) >= DIRT["offset_timestamps"]["rate"], src=src, subj=subj,
                                    old=old, status=status, crm=P["crm_num"][person], _ord=num.astype(float)))
        con.execute("""
            create or replace table out_consent_events as
            select
                'CE' || lpad(r.num::varchar, 9, '0') as consent_event_id,
                case when r.subj then lower(case when r.old then p.email_alt else p.email_main end)
                     else 'C' || lpad(r.crm::varchar, 7, '0') end as subject,
                case when r.subj then 'email' else 'crm_id' end as subject_type,
                ['email_marketing', 'personalization', 'analytics'][r.purpose + 1] as purpose,
                ['granted', 'withdrawn'][r.status + 1] as status,
                ts_off(r.t, r.off, r.z) as occurred_at,
                ['web', 'store', 'crm'][r.src + 1] as source_system,
                r._rid, r._ord, 'CE' || lpad(r.num::varchar, 9, '0') as _key, null::varchar as _gt,
                null::bigint as _person, null::varchar as _defect
            from con_rows r join persons p on p.person = r.person
        """)

    def erasure(self):
        w, rng, con = self.w, self.rng, self.con
        P = w.persons
        crm = np.flatnonzero(P["has_crm"] & P["has_email"])
        k = max(3, int(round(w.n * w.cfg.erasure_per_customer)))
        sel = np.sort(rng.choice(crm, size=min(k, len(crm)), replace=False))
        n = len(sel)
        t = w.t0 + 365 * DAY + (rng.random(n) * 300 * DAY).astype(np.int64)
        off = utc_offsets(t, P["tz"][sel], w.pools.timezones)
        order = np.argsort(t, kind="stable")
        num = np.empty(n, dtype=np.int64)
        num[order] = np.arange(n) + 1
        self.erased_persons = sel
        self.reg("era_rows", _arrow(_rid=np.arange(n), num=num, person=sel, t=t, off=off,
                                    by_email=rng.random(n) < 0.5, crm=P["crm_num"][sel], _ord=num.astype(float)))
        con.execute("""
            create or replace table out_erasure_requests as
            select 'ER' || lpad(r.num::varchar, 6, '0') as request_id,
                case when r.by_email then p.email_main else 'C' || lpad(r.crm::varchar, 7, '0') end as subject,
                case when r.by_email then 'email' else 'crm_id' end as subject_type,
                ts_off(r.t, r.off, false) as requested_at,
                r._rid, r._ord, 'ER' || lpad(r.num::varchar, 6, '0') as _key, null::varchar as _gt,
                r.person as _person, null::varchar as _defect
            from era_rows r join persons p on p.person = r.person
        """)

    def experiments(self):
        w, rng, con = self.w, self.rng, self.con
        C, P = w.cookies, w.persons
        ew, ee = w.exp_web, w.exp_email
        n1, n2 = ew.nrows, ee.nrows
        t = np.r_[ew["t"], ee["t"]]
        order = np.argsort(t, kind="stable")
        ordv = np.empty(len(t))
        ordv[order] = np.arange(len(t))
        self.reg("exp_rows", _arrow(_rid=np.arange(n1 + n2),
                                    exp=np.r_[np.zeros(n1, dtype=np.int64), np.ones(n2, dtype=np.int64)],
                                    treated=np.r_[ew["treated"], ee["treated"]],
                                    cid=np.r_[C["cid"][ew["cookie"]], np.zeros(n2, dtype=np.int64)],
                                    person=np.r_[np.full(n1, -1), ee["person"]],
                                    old=np.r_[np.zeros(n1, dtype=bool),
                                              P["changer"][ee["person"]] & (ee["t"] < P["change_t"][ee["person"]])],
                                    owner=np.r_[C["owner"][ew["cookie"]], ee["person"]], t=t, _ord=ordv))
        con.execute(f"""
            create or replace table out_experiment_assignments as
            select
                ['{w.cfg.exp_web_id}', '{w.cfg.exp_email_id}'][r.exp + 1] as experiment_id,
                case when r.treated then ['one_click_checkout', 'personalized_subject'][r.exp + 1] else 'control' end
                    as variant,
                case when r.exp = 0 then format('{{:016x}}', r.cid)
                     when r.old then p.email_alt else p.email_main end as subject,
                case when r.exp = 0 then 'anonymous_id' else 'email' end as subject_type,
                ts_z(r.t) as assigned_at,
                r._rid, r._ord, null::varchar as _key, null::varchar as _gt, r.owner as _person,
                null::varchar as _defect
            from exp_rows r left join persons p on p.person = r.person
        """)

    def products(self):
        w, con = self.w, self.con
        Pr = w.products
        subs = w.product_subs
        n = Pr.nrows
        web_label = np.array([f"{ref.TAXONOMY[c]['category']} > {s[0]}" for c, si, s in subs], dtype=object)[Pr["sub"]]
        legacy = np.array([ref.LEGACY_WEB_LABELS.get((ref.TAXONOMY[c]["category"], s[0]), "") for c, si, s in subs],
                          dtype=object)[Pr["sub"]]
        web_label = np.where((legacy != "") & Pr["legacy"], legacy, web_label)
        web_label[w.unmapped_web] = ref.UNMAPPED_WEB_LABEL
        store_code = np.array([s[1] for c, si, s in subs], dtype=object)[Pr["sub"]]
        store_code[w.unmapped_store] = ref.UNMAPPED_STORE_CODE
        noun = np.array([subs[s][2][4][k] for s, k in zip(Pr["sub"], Pr["noun"])], dtype=object)  # n_products
        name = (np.array(ref.BRANDS, dtype=object)[Pr["brand"]] + " " + np.array(ref.ADJECTIVES, dtype=object)[Pr["adj"]]
                + " " + noun)
        cons = np.array([s[2] for c, si, s in subs])[Pr["sub"]]
        self.web_labels_used = sorted(set(web_label))
        self.store_codes_used = sorted(set(store_code))
        self.reg("prod_rows", _arrow(_rid=np.arange(n), pid=Pr["pid_num"], name=name, web=web_label, store=store_code,
                                     brand=np.array(ref.BRANDS, dtype=object)[Pr["brand"]], price=Pr["price_cents"],
                                     cons=cons, _ord=Pr["pid_num"].astype(float)))
        con.execute("""
            create or replace table out_products as
            select 'P' || lpad(pid::varchar, 5, '0') as product_id, name as product_name, web as web_category,
                store as store_category, brand, money(price) as price, 'EUR' as currency,
                case when cons then 'true' else 'false' end as is_consumable,
                _rid, _ord, 'P' || lpad(pid::varchar, 5, '0') as _key, null::varchar as _gt, null::bigint as _person,
                null::varchar as _defect
            from prod_rows
        """)
