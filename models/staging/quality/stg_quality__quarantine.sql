{#-
    Every rejected raw row of every source, once (after exact-duplicate removal), with the first rule it
    failed (precedence of docs/validation_rules.md), the raw column and value that failed, and the whole raw
    row as JSON text; and every line of a raw file that cannot be parsed (rule malformed_line: the file, the
    line number, the line's text and why). No build timestamp, so a rebuild on the same files gives the same rows.
-#}

{#-
    What this model reads: macro union_rejected_rows (macros/staging/staging_sources.sql) unions the rejected rows of
    every base_ model and the malformed lines of every raw file, for each source of staging_sources() (the sources
    YAML's meta). dbt cannot see a ref() made in a loop over the graph while it parses, so every input is named
    below; test_raw_sources.py checks that this list matches the sources YAML (and dbt stops with an error naming
    the missing line when a ref is not declared).
-#}
-- per raw source: its file (malformed lines) and its base_ model (rejected rows)
-- depends_on: {{ source('privacy', 'consent_events') }} {{ ref('base_privacy__consent_events') }}
-- depends_on: {{ source('crm', 'crm_customers') }} {{ ref('base_crm__customers') }}
-- depends_on: {{ source('esp', 'email_events') }} {{ ref('base_esp__email_events') }}
-- depends_on: {{ source('enrichment', 'enrichment_demographics') }} {{ ref('base_enrichment__demographics') }}
-- depends_on: {{ source('privacy', 'erasure_requests') }} {{ ref('base_privacy__erasure_requests') }}
-- depends_on: {{ source('experiments', 'experiment_assignments') }} {{ ref('base_experiments__assignments') }}
-- depends_on: {{ source('pos', 'loyalty_members') }} {{ ref('base_pos__loyalty_members') }}
-- depends_on: {{ source('pos', 'pos_transaction_items') }} {{ ref('base_pos__transaction_items') }}
-- depends_on: {{ source('pos', 'pos_transactions') }} {{ ref('base_pos__transactions') }}
-- depends_on: {{ source('catalog', 'products') }} {{ ref('base_catalog__products') }}
-- depends_on: {{ source('shop', 'shop_order_items') }} {{ ref('base_shop__order_items') }}
-- depends_on: {{ source('shop', 'shop_orders') }} {{ ref('base_shop__orders') }}
-- depends_on: {{ source('web', 'web_events') }} {{ ref('base_web__events') }}

with

rejected as (
    {{ customer360.union_rejected_rows() }}
),

final as (
    select
        -- keys (a malformed line: its line number, so two identical broken lines stay two rows)
        case
            when rule_name = 'malformed_line' then record_key
            else source_name || ':' || raw_record_hash
        end as quarantine_key,
        source_name,
        record_key,
        source_record_id,
        -- rule
        rule_name,
        rejected_column,
        rejected_value,
        -- raw row
        raw_record,
        raw_record_hash,
        raw_row_number,
        exact_duplicate_count,
        -- malformed line
        raw_file,
        raw_line_number,
        malformed_reason
    from rejected
)

select * from final
