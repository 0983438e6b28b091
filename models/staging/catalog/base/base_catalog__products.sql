{#-
    Products: every distinct raw row once, parsed, categories harmonized through seed category_mapping (the web
    label first, else the store code), price converted at the latest rate of seed currency_rates.
-#}
{%- set raw_columns = customer360.raw_source_column_names(source('catalog', 'products')) -%}
{#- validation rules, in the order they are applied: the first whose condition holds rejects the row
    (macro validation_rules; docs/validation_rules.md) -#}
{%- set rules = customer360.validation_rules(source('catalog', 'products'), [
    {'rule': 'value_too_long', 'columns': raw_columns},
    {'rule': 'superseded_version', 'column': 'product_id', 'when': 'version_rank > 1'},
    {'rule': 'missing_required_field', 'columns': ['product_id', 'product_name', 'price', 'currency']},
    {'rule': 'unparseable_value', 'column': 'price', 'when': 'price is null'},
    {'rule': 'unparseable_value', 'column': 'currency', 'when': customer360.is_unparseable_currency('currency_code')},
    {'rule': 'unparseable_value', 'column': 'is_consumable',
        'when': customer360.unparsed('raw_is_consumable', 'is_consumable')},
]) -%}

with

raw as (
    {{ customer360.select_raw_columns(source('catalog', 'products')) }}
),

category_mapping as (
    select * from {{ ref('category_mapping') }}
),

rates as (
    {{ customer360.currency_rate_periods() }}
),

deduplicated as (
    {{ customer360.remove_exact_duplicates('raw', raw_columns) }}
),

latest_rates as (
    select
        currency_code,
        rate_to_reporting
    from rates
    where valid_to is null
),

parsed as (
    select
        *,
        {{ customer360.clean_id('raw_product_id') }} as product_id,
        {{ customer360.clean_text('raw_product_name') }} as product_name,
        {{ customer360.clean_text('raw_web_category') }} as web_category,
        {{ customer360.clean_text('raw_store_category') }} as store_category,
        {{ customer360.clean_text('raw_brand') }} as brand,
        {{ customer360.parse_decimal('raw_price') }} as price,
        upper({{ customer360.clean_id('raw_currency') }}) as currency_code,
        {{ customer360.parse_boolean('raw_is_consumable') }} as is_consumable
    from deduplicated
),

versions as (
    -- the later row of the file wins
    select
        raw_row_number,
        row_number() over (partition by product_id order by raw_row_number desc) as version_rank
    from parsed
    where product_id is not null
),

flagged as (
    select
        parsed.*,
        coalesce(versions.version_rank, 1) as version_rank,
        coalesce(web_map.category, store_map.category) as category,
        case
            when web_map.category is not null then web_map.subcategory
            else store_map.subcategory
        end as subcategory,
        (parsed.web_category is not null and web_map.category is null)
        or (parsed.store_category is not null and store_map.category is null) as has_unmapped_category,
        {{ customer360.rate_to_reporting('latest_rates', 'parsed.currency_code') }} as rate_to_reporting
    from parsed
    left join versions
        on parsed.raw_row_number = versions.raw_row_number
    left join category_mapping as web_map
        on web_map.label_system = 'web' and parsed.web_category = web_map.source_label
    left join category_mapping as store_map
        on store_map.label_system = 'store' and parsed.store_category = store_map.source_label
    left join latest_rates
        on parsed.currency_code = latest_rates.currency_code
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
        {{ customer360.record_key('products', 'product_id', raw_columns) }} as record_key,
        'products' as source_name,
        product_id as source_record_id,
        product_id,
        -- product
        product_name,
        web_category,
        store_category,
        category,
        subcategory,
        has_unmapped_category,
        brand,
        is_consumable,
        -- price
        price,
        currency_code,
        {{ customer360.to_reporting_currency('price', 'rate_to_reporting') }} as price_reporting,
        rate_to_reporting is null as has_missing_rate,
        {{ customer360.has_excess_decimals(['raw_price']) }} as has_rounded_amount,
        -- lineage and validation
        {{ customer360.lineage_columns(raw_columns, rules) }}
    from validated
)

select * from final
