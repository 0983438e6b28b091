"""Every constant of the synthetic world in one place.

``WorldConfig`` holds the behaviour of the world (who exists, who buys what, how often);
``DIRT`` holds the data-quality defects the exports carry, each with its rate and where it applies.
docs/generator.md renders the same tables; ``_truth/manifest.json`` records the values used.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

GENERATOR_VERSION = "1.0.0"


@dataclasses.dataclass(frozen=True)
class WorldConfig:
    # -- time --------------------------------------------------------------------------------
    activity_start: dt.date = dt.date(2024, 1, 1)  # first day of events (UTC)
    activity_end: dt.date = dt.date(2025, 12, 31)  # last day of events (UTC)
    history_start: dt.date = dt.date(2016, 1, 1)  # earliest CRM created_at / loyalty enrolment
    # -- persons -----------------------------------------------------------------------------
    prospect_ratio: float = 0.30  # anonymous-only web visitors per customer (their own person ids)
    household_person_share: float = 0.10  # persons living with another customer (same last name + address)
    email_share: float = 0.93  # persons who own an email address
    phone_share: float = 0.85  # persons who own a phone number
    landline_share: float = 0.15  # of phones: a landline (else mobile)
    gender_x_share: float = 0.02
    # -- systems -----------------------------------------------------------------------------
    crm_share: float = 0.85  # persons with a CRM contact
    crm_duplicate_share: float = 0.03  # of CRM persons: entered twice (second crm_id)
    loyalty_share: float = 0.30  # persons in the loyalty programme
    loyalty_email_same: float = 0.60  # loyalty email = main email
    loyalty_email_other: float = 0.20  # loyalty email = a second personal address (rest: none)
    loyalty_phone_same: float = 0.75  # loyalty phone = main phone (rest: none)
    email_changer_share: float = 0.04  # of CRM persons with email: changed address during the window
    mover_share: float = 0.05  # of customers: moved house during the window
    crm_email_missing: float = 0.04  # CRM contact without email although the person has one
    crm_phone_missing: float = 0.15  # CRM contact without phone although the person has one
    crm_birth_date_missing: float = 0.10
    # -- purchases ---------------------------------------------------------------------------
    orders_per_customer: float = 3.0  # online orders + POS transactions per customer (mean)
    order_activity_shape: float = 1.1  # gamma shape of a customer's purchase rate (lower: more skew)
    online_share_member: float = 0.30  # mean share of online purchases of loyalty members
    online_share_other: float = 0.70  # mean share of online purchases of other customers
    guest_checkout_share: float = 0.15  # account holders checking out as guest
    no_customer_order_share: float = 0.02  # online orders without any customer data (marketplace)
    order_phone_share: float = 0.55  # orders carrying the buyer phone
    carded_share: float = 0.85  # POS purchases of loyalty members where the card was scanned
    home_store_share: float = 0.80  # POS purchases of members in their home store
    status_weights: tuple = (("completed", 0.88), ("cancelled", 0.05), ("returned", 0.07))
    lines_extra_mean: float = 0.7  # order lines = 1 + Poisson(this), max 6
    line_discount_share: float = 0.15
    # -- preferences -------------------------------------------------------------------------
    n_products: int = 500
    affinity_alpha: float = 0.25  # Dirichlet concentration over the 8 categories (low: 1-2 favourites)
    popularity_zipf: float = 0.9  # within-category popularity exponent
    complement_partners: tuple = (2, 3)  # bought-together partners per product
    complement_same_subcategory: float = 0.5  # a partner from the same subcategory (else same category 35%, else any)
    next_order_complement: float = 0.55  # an order's first item is a partner of an earlier purchase
    basket_complement: float = 0.55  # a further basket item is a partner of an item in the basket
    unmapped_label_products: int = 3  # products carrying the deliberately unmapped category labels
    # -- web ---------------------------------------------------------------------------------
    online_person_share: float = 0.75  # CRM persons who browse the web shop (plus everyone with an account order)
    cookies_weights: tuple = (0.55, 0.30, 0.15)  # 1, 2, 3 cookies per online person
    browse_sessions_per_cookie: float = 1.6
    prospect_sessions: float = 1.6
    session_events_mean: float = 2.5  # events after the landing page (geometric)
    login_session_share: float = 0.35  # browse sessions of a known cookie with a login
    utm_share: float = 0.30
    unknown_web_product_share: float = 0.003  # product views of discontinued ids (flag has_unknown_product)
    # -- email -------------------------------------------------------------------------------
    sends_per_address: float = 5.0
    delivered_rate: float = 0.97
    hard_bounce_share: float = 0.2  # of bounces
    open_rate: float = 0.35
    click_rate: float = 0.25  # of opens
    unsubscribe_rate: float = 0.006
    complaint_rate: float = 0.001
    # -- third parties, consent, privacy ----------------------------------------------------
    enrichment_share: float = 0.60  # emails the enrichment vendor knows
    consent_grant: tuple = (("email_marketing", 0.70), ("personalization", 0.50), ("analytics", 0.60))
    consent_withdraw: float = 0.10
    consent_subject_email: float = 0.5  # grant recorded by email (else by crm_id)
    erasure_per_customer: float = 0.0015  # minimum 3 requests
    # -- experiments -------------------------------------------------------------------------
    exp_web_id: str = "EXP-2025-ONE-CLICK"
    exp_web_window: tuple = (dt.date(2025, 3, 1), dt.date(2025, 5, 31))
    exp_web_share: float = 0.5  # of cookies active in the window (assigned)
    exp_web_uplift: float = 0.06  # extra conversion probability (within 14 days) of treated known persons
    exp_email_id: str = "EXP-2024-NL-SUBJECT"
    exp_email_date: dt.date = dt.date(2024, 9, 16)
    exp_email_share: float = 0.4  # of addresses on the mailing list
    exp_email_uplift: float = 0.05
    exp_baseline_conversion: float = 0.04  # extra baseline conversion (both arms) in the 14 days
    # -- sizes of exports --------------------------------------------------------------------
    activity_scale: float = 1.0  # multiplies web sessions and email sends (not persons or orders)


# -------------------------------------------------------------------------------------------------
# Dirt: data-quality defects of the exports. rate = share of the rows (or values) concerned.
# "kind": flag = kept and flagged by staging, reject = quarantined by staging (rule_name = the key
# in REJECT_RULES), format = harmless variation staging must normalize, dup = exact duplicate rows.
# -------------------------------------------------------------------------------------------------
_DIRT_ROWS: list[tuple[str, float, str, str, str]] = [
    # key, rate, kind, applies to, what
    # emails (crm_customers, loyalty_members, shop_orders)
    ("email_upper_case", 0.04, "format", "person emails", "whole address upper case"),
    ("email_capitalized", 0.06, "format", "person emails", "first letter(s) upper case"),
    ("email_whitespace", 0.03, "format", "person emails", "leading/trailing spaces"),
    ("email_plus_tag", 0.02, "format", "person emails", "local+shop@domain"),
    ("email_invalid", 0.006, "flag", "person emails", "missing @ / domain, doubled @, spaces"),
    ("email_placeholder", 0.008, "flag", "person emails", "shared placeholder (test@example.com, …)"),
    ("esp_recipient_case", 0.03, "format", "email_events.recipient", "address with its original upper-case letters"),
    # phones
    ("phone_national", 0.4, "format", "phones", "national format 020 7946 0958"),
    ("phone_international", 0.3, "format", "phones", "+44 20 7946 0958 / +442079460958"),
    ("phone_00_prefix", 0.07, "format", "phones", "0044 20 7946 0958"),
    ("phone_punctuated", 0.23, "format", "phones", "dots, dashes, brackets, digits only"),
    ("phone_placeholder", 0.006, "flag", "phones", "0000000000, 1234567890, …"),
    # names
    ("name_case", 0.05, "format", "person names", "UPPER or lower case"),
    ("name_whitespace", 0.02, "format", "person names", "double/trailing spaces"),
    ("name_accents_stripped", 0.3, "format", "names with accents", "José -> Jose"),
    ("name_typo", 0.012, "format", "first names (all person sources)", "one letter dropped, doubled or swapped"),
    ("name_nickname", 0.02, "format", "first names (loyalty, orders)", "nickname (William -> Will)"),
    # dates and timestamps
    ("birth_date_formats", 0.49, "format", "birth_date",
     "DD/MM/YYYY, DD.MM.YYYY, YYYYMMDD (else YYYY-MM-DD); mix depends on the country"),
    ("birth_date_implausible", 0.006, "flag", "birth_date", "1900-01-01, 1901-01-01 or younger than 14"),
    ("crm_timestamp_formats", 0.4, "format", "crm created_at/updated_at",
     "ISO with offset or DD/MM/YYYY HH:MM (else YYYY-MM-DD HH:MM:SS)"),
    ("offset_timestamps", 0.85, "format", "orders, consent, erasure", "local +HH:MM offset (else Z)"),
    ("web_millis", 0.05, "format", "web_events.event_at", "milliseconds .123Z"),
    # other values
    ("postal_code_variants", 0.08, "format", "postal codes", "lower case, no space (GB/NL), ZIP+4 (US)"),
    ("country_spellings", 0.4, "format", "country", "names and lower-case codes (else upper-case code)"),
    ("missing_optional", 0.03, "flag", "optional person attributes",
     "street/city/postal/gender empty (CRM), street/city/country empty (loyalty)"),
    ("web_unknown_product", 0.003, "flag", "web_events.product_id", "discontinued product id"),
    # duplicates and versions
    ("exact_duplicate", 0.015, "dup", "every file", "a row repeated verbatim"),
    ("superseded_version", 0.005, "reject", "crm_customers", "an older version of a contact (earlier updated_at)"),
    # rejecting defects (one per row; rate per rule per applicable source, min 2 rows)
    ("reject_rate", 0.0015, "reject", "each rule and source", "see REJECT_RULES"),
]
DIRT: dict[str, dict] = {key: {"rate": rate, "kind": kind, "applies_to": applies_to, "what": what}
                         for key, rate, kind, applies_to, what in _DIRT_ROWS}

PLACEHOLDER_EMAILS = ["test@example.com", "noemail@example.com", "no@email.com", "none@none.com", "na@na.com"]
PLACEHOLDER_PHONES = ["0000000000", "1234567890", "9999999999", "+440000000000", "000-000-0000"]

# Which rejecting rules are injected into which source (the column changed is in defects.py)
REJECT_RULES: dict[str, list[str]] = {
    "crm_customers": ["missing_required_field", "unparseable_value"],
    "loyalty_members": ["missing_required_field", "unparseable_value"],
    "web_events": ["missing_required_field", "unparseable_value", "future_timestamp"],
    "shop_orders": ["missing_required_field", "unparseable_value", "future_timestamp", "negative_amount",
                    "amount_above_cap"],
    "shop_order_items": ["missing_required_field", "unparseable_value", "orphan_line_item", "unknown_product_id",
                         "negative_amount"],
    "pos_transactions": ["missing_required_field", "unparseable_value", "future_timestamp", "unknown_store",
                         "negative_amount", "amount_above_cap"],
    "pos_transaction_items": ["missing_required_field", "unparseable_value", "orphan_line_item",
                              "unknown_product_id", "negative_amount"],
    "email_events": ["missing_required_field", "unparseable_value", "future_timestamp", "invalid_email"],
    "enrichment_demographics": ["unparseable_value", "invalid_email_sha256"],
    "consent_events": ["missing_required_field", "unparseable_value", "future_timestamp"],
}
