{#- Products that passed validation, one row per product. -#}

with

base as (
    select * from {{ ref('base_catalog__products') }}
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
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
        price_reporting,
        has_missing_rate,
        has_rounded_amount
    from base
    where rejection_rule is null
)

select * from final
