{#-
    Row accounting per raw source: raw rows (counted straight from the raw file) = staged rows + rejected rows
    (quarantine) + malformed lines (quarantine, rule malformed_line) + exact duplicates (copies removed) + erased rows (rows of people erased under a right-to-erasure
    request, dropped while reading; docs/privacy.md). Tests `assert_staging_reconciles` and `is_reconciled` fail
    the build when a source does not add up.
-#}

{#-
    What this model reads besides the quarantine: macro reconciliation_counts (macros/staging/staging_sources.sql)
    counts, for each source of staging_sources() (the sources YAML's meta), the raw file's records, the stg_ model's
    rows and the base_ model's exact duplicates. dbt cannot see a ref() made in a loop over the graph while it
    parses, so every input is named below; test_raw_sources.py checks that this list matches the sources YAML.
-#}
-- per raw source: its file (raw rows), its base_ model (exact duplicates) and its stg_ model (staged rows)
-- depends_on: {{ source('privacy', 'consent_events') }}
--     {{ ref('base_privacy__consent_events') }} {{ ref('stg_privacy__consent_events') }}
-- depends_on: {{ source('crm', 'crm_customers') }}
--     {{ ref('base_crm__customers') }} {{ ref('stg_crm__customers') }}
-- depends_on: {{ source('esp', 'email_events') }}
--     {{ ref('base_esp__email_events') }} {{ ref('stg_esp__email_events') }}
-- depends_on: {{ source('enrichment', 'enrichment_demographics') }}
--     {{ ref('base_enrichment__demographics') }} {{ ref('stg_enrichment__demographics') }}
-- depends_on: {{ source('privacy', 'erasure_requests') }}
--     {{ ref('base_privacy__erasure_requests') }} {{ ref('stg_privacy__erasure_requests') }}
-- depends_on: {{ source('experiments', 'experiment_assignments') }}
--     {{ ref('base_experiments__assignments') }} {{ ref('stg_experiments__assignments') }}
-- depends_on: {{ source('pos', 'loyalty_members') }}
--     {{ ref('base_pos__loyalty_members') }} {{ ref('stg_pos__loyalty_members') }}
-- depends_on: {{ source('pos', 'pos_transaction_items') }}
--     {{ ref('base_pos__transaction_items') }} {{ ref('stg_pos__transaction_items') }}
-- depends_on: {{ source('pos', 'pos_transactions') }}
--     {{ ref('base_pos__transactions') }} {{ ref('stg_pos__transactions') }}
-- depends_on: {{ source('catalog', 'products') }}
--     {{ ref('base_catalog__products') }} {{ ref('stg_catalog__products') }}
-- depends_on: {{ source('shop', 'shop_order_items') }}
--     {{ ref('base_shop__order_items') }} {{ ref('stg_shop__order_items') }}
-- depends_on: {{ source('shop', 'shop_orders') }}
--     {{ ref('base_shop__orders') }} {{ ref('stg_shop__orders') }}
-- depends_on: {{ source('web', 'web_events') }}
--     {{ ref('base_web__events') }} {{ ref('stg_web__events') }}

with

quarantine as (
    select * from {{ ref('stg_quality__quarantine') }}
),

counts as (
    {{ customer360.reconciliation_counts('quarantine') }}
),

final as (
    select
        source_name,
        raw_rows,
        staged_rows,
        rejected_rows,
        malformed_rows,
        exact_duplicate_rows,
        erased_rows,
        raw_rows = staged_rows + rejected_rows + malformed_rows + exact_duplicate_rows + erased_rows as is_reconciled
    from counts
)

select * from final
