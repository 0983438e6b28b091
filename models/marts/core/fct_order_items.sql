with

order_items as (
    select * from {{ ref('int_order_items__unioned') }}
    where not is_erased_customer
),

final as (
    select
        -- ids
        cast(order_item_id as varchar) as order_item_id,
        cast(order_id as varchar) as order_id,
        cast(channel as varchar) as channel,
        cast(line_number as integer) as line_number,
        cast(customer_id as varchar) as customer_id,
        cast(product_id as varchar) as product_id,
        cast(category as varchar) as category,
        cast(subcategory as varchar) as subcategory,
        -- order context
        cast(ordered_at_utc as timestamp) as ordered_at_utc,
        cast(order_date as date) as order_date,
        cast(order_status as varchar) as order_status,
        -- amounts
        cast(quantity as integer) as quantity,
        cast(currency_code as varchar) as currency_code,
        cast(unit_price as decimal(18, 2)) as unit_price,
        cast(line_amount as decimal(18, 2)) as line_amount,
        cast(line_amount_reporting as decimal(18, 2)) as line_amount_reporting,
        cast(revenue_reporting as decimal(18, 2)) as revenue_reporting
    from order_items
)

select * from final
