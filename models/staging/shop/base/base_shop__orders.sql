{#-
    Online orders: every distinct raw row once, parsed and normalized, amounts converted to the reporting
    currency at the rate valid on the order date (UTC), with the validation outcome. (The amount-outlier flag
    depends on every staged order: stg_shop__orders computes it, so this model can be incremental.)
-#}
{#- incremental: a normal run reprocesses only the raw rows of the lookback window (macros/incremental) -#}
{{ config(materialized='incremental', unique_key='raw_row_number', incremental_strategy='delete+insert',
    on_schema_change='fail') }}
{%- set raw_columns = customer360.raw_source_column_names(source('shop', 'shop_orders')) -%}
{#- validation rules, in the order they are applied: the first whose condition holds rejects the row
    (macro validation_rules; docs/validation_rules.md) -#}
{%- set rules = customer360.validation_rules(source('shop', 'shop_orders'), [
    {'rule': 'value_too_long', 'columns': raw_columns},
    {'rule': 'superseded_version', 'column': 'order_id', 'when': 'version_rank > 1'},
    {'rule': 'missing_required_field', 'columns': ['order_id', 'ordered_at', 'status', 'currency', 'order_total']},
    {'rule': 'unparseable_value', 'column': 'ordered_at', 'when': 'ordered_at_utc is null'},
    {'rule': 'unparseable_value', 'column': 'status', 'not_accepted': 'status'},
    {'rule': 'unparseable_value', 'column': 'currency', 'when': customer360.is_unparseable_currency('currency_code')},
    {'rule': 'unparseable_value', 'column': 'order_total',
        'when': 'order_total is null and not ' ~ customer360.is_oversized_amount('raw_order_total', 'order_total')},
    {'rule': 'unparseable_value', 'column': 'discount_total',
        'when': customer360.unparsed('raw_discount_total', 'discount_total') ~ ' and not '
            ~ customer360.is_oversized_amount('raw_discount_total', 'discount_total')},
    {'rule': 'future_timestamp', 'column': 'ordered_at', 'when': customer360.is_future_timestamp('ordered_at_utc')},
    {'rule': 'negative_amount', 'column': 'order_total', 'when': 'order_total < 0'},
    {'rule': 'negative_amount', 'column': 'discount_total', 'when': 'discount_total < 0'},
    {'rule': 'amount_above_cap', 'column': 'order_total',
        'when': customer360.amount_above_cap('raw_order_total', 'order_total', 'order_total_reporting')},
    {'rule': 'amount_above_cap', 'column': 'discount_total',
        'when': customer360.is_oversized_amount('raw_discount_total', 'discount_total')},
]) -%}

with

-- incremental run: only the raw rows of the lookback window (macros/incremental)
raw as (
    {{ customer360.select_raw_columns(
        source('shop', 'shop_orders'), where=customer360.incremental_window(
            customer360.parse_timestamp_utc('raw_ordered_at'), 'ordered_at_utc', 'rejection_rule is null',
            raw_text='raw_ordered_at'
        )
    ) }}
),

countries as (
    select * from {{ ref('country_codes') }}
),

exclusions as (
    select * from {{ ref('identifier_exclusions') }}
),

rates as (
    {{ customer360.currency_rate_periods() }}
),

deduplicated as (
    {{ customer360.remove_exact_duplicates('raw', raw_columns) }}
),

calling_codes as (
    select distinct
        country_code,
        cast(calling_code as {{ dbt.type_string() }}) as calling_code
    from countries
),

parsed as (
    select
        deduplicated.*,
        {{ customer360.clean_id('deduplicated.raw_order_id') }} as order_id,
        {{ customer360.clean_id('deduplicated.raw_crm_id') }} as crm_id,
        -- contact
        {{ customer360.normalize_email('deduplicated.raw_email') }} as email_normalized,
        {{ customer360.normalize_phone_e164(
            'deduplicated.raw_phone', 'coalesce(shipping_calling_code.calling_code, default_country.calling_code)'
        ) }} as phone_normalized,
        -- shipping address
        {{ customer360.normalize_name('deduplicated.raw_shipping_first_name') }} as shipping_first_name,
        {{ customer360.normalize_name('deduplicated.raw_shipping_last_name') }} as shipping_last_name,
        {{ customer360.name_match_key('deduplicated.raw_shipping_first_name') }} as first_name_key,
        {{ customer360.name_match_key('deduplicated.raw_shipping_last_name') }} as last_name_key,
        {{ customer360.clean_text('deduplicated.raw_shipping_street') }} as shipping_street,
        {{ customer360.clean_text('deduplicated.raw_shipping_city') }} as shipping_city,
        {{ customer360.normalize_postal_code('deduplicated.raw_shipping_postal_code') }} as shipping_postal_code,
        shipping_country.country_code as shipping_country_code,
        -- order
        {{ customer360.parse_timestamp_utc('deduplicated.raw_ordered_at') }} as ordered_at_utc,
        {{ customer360.normalize_code('deduplicated.raw_status') }} as status,
        upper({{ customer360.clean_id('deduplicated.raw_currency') }}) as currency_code,
        {{ customer360.parse_decimal('deduplicated.raw_order_total') }} as order_total,
        {{ customer360.parse_decimal('deduplicated.raw_discount_total') }} as discount_total
    from deduplicated
    left join countries as shipping_country
        on {{ customer360.normalize_code('deduplicated.raw_shipping_country') }} = shipping_country.country_alias
    left join calling_codes as shipping_calling_code
        on shipping_country.country_code = shipping_calling_code.country_code
    left join calling_codes as default_country
        on default_country.country_code = '{{ var("default_phone_country") }}'
),

versions as (
    -- the later row of the file wins
    select
        raw_row_number,
        row_number() over (partition by order_id order by raw_row_number desc) as version_rank
    from parsed
    where order_id is not null
),

converted as (
    select
        parsed.*,
        coalesce(versions.version_rank, 1) as version_rank,
        cast(parsed.ordered_at_utc as date) as order_date,
        {{ customer360.rate_to_reporting('rates', 'parsed.currency_code') }} as rate_to_reporting,
        {{ customer360.is_valid_email('parsed.email_normalized') }} as is_valid_email,
        {{ customer360.is_plausible_phone('parsed.phone_normalized') }} as is_valid_phone
    from parsed
    left join versions
        on parsed.raw_row_number = versions.raw_row_number
    left join rates
        on {{ customer360.currency_rate_join('rates', 'parsed.currency_code', 'cast(parsed.ordered_at_utc as date)') }}
),

flagged as (
    select
        *,
        {{ customer360.to_reporting_currency('order_total', 'rate_to_reporting') }} as order_total_reporting,
        {{ customer360.to_reporting_currency('discount_total', 'rate_to_reporting') }} as discount_total_reporting
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
        {{ customer360.record_key('shop_orders', 'validated.order_id', raw_columns) }} as record_key,
        'shop_orders' as source_name,
        validated.order_id as source_record_id,
        validated.order_id,
        validated.crm_id,
        -- email
        {{ customer360.staged_email_columns(
            'validated.email_normalized', 'validated.raw_email', 'validated.is_valid_email'
        ) }},
        -- phone
        {{ customer360.staged_phone_columns(
            'validated.phone_normalized', 'validated.raw_phone', 'validated.is_valid_phone'
        ) }},
        -- shipping address
        validated.shipping_first_name,
        validated.shipping_last_name,
        validated.first_name_key,
        validated.last_name_key,
        validated.shipping_street,
        validated.shipping_city,
        validated.shipping_postal_code,
        validated.shipping_country_code,
        -- order
        validated.ordered_at_utc,
        validated.order_date,
        validated.status,
        -- amounts
        validated.currency_code,
        validated.order_total,
        validated.discount_total,
        validated.order_total_reporting,
        validated.discount_total_reporting,
        validated.rate_to_reporting is null as has_missing_rate,
        {{ customer360.has_excess_decimals(['validated.raw_order_total', 'validated.raw_discount_total']) }}
            as has_rounded_amount,
        -- lineage and validation
        {{ customer360.lineage_columns(raw_columns, rules) }}
    from validated
)

select * from final
