{#- Store purchase lines that passed validation, one row per line. -#}
{#-
    incremental: a normal run replaces only the lines of the transactions in the lookback window
    (macros/incremental)
-#}
{{ config(materialized='incremental', unique_key='record_key', incremental_strategy='delete+insert',
    on_schema_change='fail') }}

with

base as (
    select * from {{ ref('base_pos__transaction_items') }}
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
        transaction_item_id,
        transaction_id,
        line_number,
        product_id,
        -- amounts
        quantity,
        unit_price,
        discount_amount,
        line_amount,
        line_amount_reporting,
        currency_code,
        has_missing_rate,
        has_rounded_amount
    from base
    where
        rejection_rule is null
        and {{ customer360.incremental_child_window(
            'transaction_id', 'transaction_id', ref('stg_pos__transactions'), 'transaction_id', 'transacted_at_local'
        ) }}
)

select * from final
