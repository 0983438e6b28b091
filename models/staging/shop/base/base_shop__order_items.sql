{#-
    Online order lines: every distinct raw row once, parsed, in the currency of their order (converted at the
    rate of the order date), with the validation outcome. A line whose order is not staged is an orphan.
-#}
{#-
    incremental: a normal run reprocesses only the lines of the orders in the lookback window and the lines
    without a staged order (macros/incremental)
-#}
{{ config(materialized='incremental', unique_key='raw_row_number', incremental_strategy='delete+insert',
    on_schema_change='fail') }}
{%- set raw_columns = customer360.raw_source_column_names(source('shop', 'shop_order_items')) -%}
{#- validation rules, in the order they are applied: the first whose condition holds rejects the row
    (macro validation_rules; docs/validation_rules.md) -#}
{%- set rules = customer360.validation_rules(source('shop', 'shop_order_items'), [
    {'rule': 'value_too_long', 'columns': raw_columns},
    {'rule': 'superseded_version', 'column': 'order_id', 'when': 'version_rank > 1'},
    {'rule': 'missing_required_field', 'columns': ['order_id', 'line_number', 'product_id', 'quantity', 'unit_price']},
    {'rule': 'unparseable_value', 'column': 'line_number', 'when': 'line_number is null'},
    {'rule': 'unparseable_value', 'column': 'quantity', 'when': 'quantity is null'},
    {'rule': 'unparseable_value', 'column': 'unit_price',
        'when': 'unit_price is null and not ' ~ customer360.is_oversized_amount('raw_unit_price', 'unit_price')},
    {'rule': 'unparseable_value', 'column': 'discount_amount',
        'when': customer360.unparsed('raw_discount_amount', 'discount_amount') ~ ' and not '
            ~ customer360.is_oversized_amount('raw_discount_amount', 'discount_amount')},
    {'rule': 'orphan_line_item', 'column': 'order_id', 'when': 'not has_staged_order'},
    {'rule': 'unknown_product_id', 'column': 'product_id', 'when': 'not is_known_product'},
    {'rule': 'negative_amount', 'column': 'unit_price', 'when': 'unit_price < 0'},
    {'rule': 'negative_amount', 'column': 'discount_amount', 'when': 'discount_amount < 0'},
    {'rule': 'amount_above_cap', 'column': 'unit_price',
        'when': customer360.is_oversized_amount('raw_unit_price', 'unit_price') ~ ' or (quantity is not null and '
            ~ customer360.line_amount('quantity', 'unit_price', 'discount_amount') ~ ' is null)'},
    {'rule': 'amount_above_cap', 'column': 'discount_amount',
        'when': customer360.is_oversized_amount('raw_discount_amount', 'discount_amount')},
]) -%}

with

-- incremental run: only the raw rows of the lookback window (macros/incremental)
raw as (
    {{ customer360.select_raw_columns(
        source('shop', 'shop_order_items'), where=customer360.incremental_child_window(
            customer360.clean_id('raw_order_id'), 'order_id', ref('stg_shop__orders'), 'order_id', 'ordered_at_utc'
        )
    ) }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

products as (
    select * from {{ ref('stg_catalog__products') }}
),

rates as (
    {{ customer360.currency_rate_periods() }}
),

deduplicated as (
    {{ customer360.remove_exact_duplicates('raw', raw_columns) }}
),

parsed as (
    select
        *,
        {{ customer360.clean_id('raw_order_id') }} as order_id,
        {{ customer360.parse_integer('raw_line_number') }} as line_number,
        {{ customer360.clean_id('raw_product_id') }} as product_id,
        {{ customer360.parse_integer('raw_quantity') }} as quantity,
        {{ customer360.parse_decimal('raw_unit_price') }} as unit_price,
        {{ customer360.parse_decimal('raw_discount_amount') }} as discount_amount,
        -- record id: the order id and the line number as written
        {{ customer360.clean_id('raw_order_id') }} || '-' || {{ customer360.clean_id('raw_line_number') }}
            as order_item_id
    from deduplicated
),

versions as (
    -- the later row of the file wins
    select
        raw_row_number,
        row_number() over (partition by order_item_id order by raw_row_number desc) as version_rank
    from parsed
    where order_item_id is not null
),

flagged as (
    select
        parsed.*,
        coalesce(versions.version_rank, 1) as version_rank,
        orders.order_id is not null as has_staged_order,
        products.product_id is not null as is_known_product,
        orders.currency_code,
        {{ customer360.rate_to_reporting('rates', 'orders.currency_code') }} as rate_to_reporting
    from parsed
    left join versions
        on parsed.raw_row_number = versions.raw_row_number
    left join orders
        on parsed.order_id = orders.order_id
    left join products
        on parsed.product_id = products.product_id
    left join rates
        on {{ customer360.currency_rate_join('rates', 'orders.currency_code', 'orders.order_date') }}
),

validated as (
    select
        *,
        {{ customer360.line_amount('quantity', 'unit_price', 'discount_amount') }} as line_amount,
        {{ customer360.first_failing_rule(rules) }}
    from flagged
),

final as (
    select
        -- keys
        {{ customer360.record_key('shop_order_items', 'order_item_id', raw_columns) }} as record_key,
        'shop_order_items' as source_name,
        order_item_id as source_record_id,
        order_item_id,
        order_id,
        line_number,
        product_id,
        -- amounts
        quantity,
        unit_price,
        discount_amount,
        line_amount,
        {{ customer360.to_reporting_currency('line_amount', 'rate_to_reporting') }} as line_amount_reporting,
        currency_code,
        rate_to_reporting is null as has_missing_rate,
        {{ customer360.has_excess_decimals(['raw_unit_price', 'raw_discount_amount']) }} as has_rounded_amount,
        -- lineage and validation
        {{ customer360.lineage_columns(raw_columns, rules) }}
    from validated
)

select * from final
