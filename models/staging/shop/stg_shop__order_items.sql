{#- Online order lines that passed validation, one row per line. -#}
{#- incremental: a normal run replaces only the lines of the orders in the lookback window (macros/incremental) -#}
{{ config(materialized='incremental', unique_key='record_key', incremental_strategy='delete+insert',
    on_schema_change='fail') }}

with

base as (
    select * from {{ ref('base_shop__order_items') }}
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
        order_item_id,
        order_id,
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
            'order_id', 'order_id', ref('stg_shop__orders'), 'order_id', 'ordered_at_utc'
        ) }}
)

select * from final
