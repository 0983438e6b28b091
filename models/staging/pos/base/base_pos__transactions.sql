{#-
    Store transactions: every distinct raw row once, parsed; the store-local time converted to UTC through the
    store's time zone (seed store_timezones); amounts converted at the rate valid on the local transaction date.
    (The amount-outlier flag depends on every staged transaction: stg_pos__transactions computes it, so this
    model can be incremental; its window is in store-local time.)
-#}
{#- incremental: a normal run reprocesses only the raw rows of the lookback window (macros/incremental) -#}
{{ config(materialized='incremental', unique_key='raw_row_number', incremental_strategy='delete+insert',
    on_schema_change='fail') }}
{%- set raw_columns = customer360.raw_source_column_names(source('pos', 'pos_transactions')) -%}
{#- validation rules, in the order they are applied: the first whose condition holds rejects the row
    (macro validation_rules; docs/validation_rules.md) -#}
{%- set rules = customer360.validation_rules(source('pos', 'pos_transactions'), [
    {'rule': 'value_too_long', 'columns': raw_columns},
    {'rule': 'superseded_version', 'column': 'transaction_id', 'when': 'version_rank > 1'},
    {'rule': 'missing_required_field',
        'columns': ['transaction_id', 'store_id', 'transacted_at', 'currency', 'total_amount']},
    {'rule': 'unparseable_value', 'column': 'transacted_at', 'when': 'transacted_at_local is null'},
    {'rule': 'unparseable_value', 'column': 'currency', 'when': customer360.is_unparseable_currency('currency_code')},
    {'rule': 'unparseable_value', 'column': 'total_amount',
        'when': 'total_amount is null and not ' ~ customer360.is_oversized_amount('raw_total_amount', 'total_amount')},
    {'rule': 'unparseable_value', 'column': 'discount_amount',
        'when': customer360.unparsed('raw_discount_amount', 'discount_amount') ~ ' and not '
            ~ customer360.is_oversized_amount('raw_discount_amount', 'discount_amount')},
    {'rule': 'unparseable_value', 'column': 'payment_method', 'not_accepted': 'payment_method'},
    {'rule': 'future_timestamp', 'column': 'transacted_at',
        'when': customer360.is_future_timestamp('coalesce(transacted_at_utc, transacted_at_local)')},
    {'rule': 'unknown_store', 'column': 'store_id', 'when': 'not is_known_store'},
    {'rule': 'negative_amount', 'column': 'total_amount', 'when': 'total_amount < 0'},
    {'rule': 'negative_amount', 'column': 'discount_amount', 'when': 'discount_amount < 0'},
    {'rule': 'amount_above_cap', 'column': 'total_amount',
        'when': customer360.amount_above_cap('raw_total_amount', 'total_amount', 'total_amount_reporting')},
    {'rule': 'amount_above_cap', 'column': 'discount_amount',
        'when': customer360.is_oversized_amount('raw_discount_amount', 'discount_amount')},
]) -%}

with

-- incremental run: only the raw rows of the lookback window (macros/incremental)
raw as (
    {{ customer360.select_raw_columns(
        source('pos', 'pos_transactions'), where=customer360.incremental_window(
            customer360.parse_local_timestamp('raw_transacted_at'), 'transacted_at_local', 'rejection_rule is null',
            raw_text='raw_transacted_at'
        )
    ) }}
),

stores as (
    select * from {{ ref('store_timezones') }}
),

rates as (
    {{ customer360.currency_rate_periods() }}
),

deduplicated as (
    {{ customer360.remove_exact_duplicates('raw', raw_columns) }}
),

parsed as (
    select
        deduplicated.*,
        {{ customer360.clean_id('deduplicated.raw_transaction_id') }} as transaction_id,
        {{ customer360.clean_id('deduplicated.raw_store_id') }} as store_id,
        stores.store_id is not null as is_known_store,
        stores.timezone as store_timezone,
        {{ customer360.clean_id('deduplicated.raw_loyalty_card_number') }} as card_number,
        {{ customer360.parse_local_timestamp('deduplicated.raw_transacted_at') }} as transacted_at_local,
        upper({{ customer360.clean_id('deduplicated.raw_currency') }}) as currency_code,
        {{ customer360.parse_decimal('deduplicated.raw_total_amount') }} as total_amount,
        {{ customer360.parse_decimal('deduplicated.raw_discount_amount') }} as discount_amount,
        {{ customer360.normalize_code('deduplicated.raw_payment_method') }} as payment_method
    from deduplicated
    left join stores
        on {{ customer360.clean_id('deduplicated.raw_store_id') }} = stores.store_id
),

versions as (
    -- the later row of the file wins
    select
        raw_row_number,
        row_number() over (partition by transaction_id order by raw_row_number desc) as version_rank
    from parsed
    where transaction_id is not null
),

converted as (
    select
        parsed.*,
        coalesce(versions.version_rank, 1) as version_rank,
        {{ customer360.local_to_utc('parsed.transacted_at_local', 'parsed.store_timezone') }} as transacted_at_utc,
        cast(parsed.transacted_at_local as date) as transaction_date,
        {{ customer360.rate_to_reporting('rates', 'parsed.currency_code') }} as rate_to_reporting
    from parsed
    left join versions
        on parsed.raw_row_number = versions.raw_row_number
    left join rates
        on {{ customer360.currency_rate_join(
            'rates', 'parsed.currency_code', 'cast(parsed.transacted_at_local as date)'
        ) }}
),

flagged as (
    select
        *,
        {{ customer360.to_reporting_currency('total_amount', 'rate_to_reporting') }} as total_amount_reporting,
        {{ customer360.to_reporting_currency('discount_amount', 'rate_to_reporting') }} as discount_amount_reporting
    from converted
),

validated as (
    select
        *,
        {{ customer360.first_failing_rule(rules) }}
    from flagged
),

final as (
    select
        -- keys
        {{ customer360.record_key('pos_transactions', 'validated.transaction_id', raw_columns) }} as record_key,
        'pos_transactions' as source_name,
        validated.transaction_id as source_record_id,
        validated.transaction_id,
        validated.store_id,
        validated.card_number,
        -- timestamps
        validated.transacted_at_local,
        validated.transacted_at_utc,
        validated.transaction_date,
        -- amounts
        validated.currency_code,
        validated.total_amount,
        validated.discount_amount,
        validated.total_amount_reporting,
        validated.discount_amount_reporting,
        validated.rate_to_reporting is null as has_missing_rate,
        {{ customer360.has_excess_decimals(['validated.raw_total_amount', 'validated.raw_discount_amount']) }}
            as has_rounded_amount,
        validated.payment_method,
        -- lineage and validation
        {{ customer360.lineage_columns(raw_columns, rules) }}
    from validated
)

select * from final
