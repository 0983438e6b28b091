with

products as (
    select * from {{ ref('stg_catalog__products') }}
),

final as (
    select
        -- ids
        cast(product_id as varchar) as product_id,
        -- descriptive
        cast(product_name as varchar) as product_name,
        cast(brand as varchar) as brand,
        -- harmonized category (seed category_mapping) and the source labels it comes from
        cast(category as varchar) as category,
        cast(subcategory as varchar) as subcategory,
        cast(web_category as varchar) as web_category,
        cast(store_category as varchar) as store_category,
        cast(has_unmapped_category as boolean) as has_unmapped_category,
        -- price
        cast(currency_code as varchar) as currency_code,
        cast(price as decimal(18, 2)) as list_price,
        cast(price_reporting as decimal(18, 2)) as list_price_reporting,
        -- flags
        cast(is_consumable as boolean) as is_consumable
    from products
)

select * from final
