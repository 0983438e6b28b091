with

orders as (
    select * from {{ ref('int_orders__unioned') }}
    where not is_erased_customer
),

order_items as (
    select * from {{ ref('int_order_items__unioned') }}
),

item_totals as (
    select
        order_id,
        channel,
        count(*) as line_count,
        sum(quantity) as item_quantity
    from order_items
    group by order_id, channel
),

final as (
    select
        -- ids
        cast(orders.order_id as varchar) as order_id,
        cast(orders.channel as varchar) as channel,
        cast(orders.customer_id as varchar) as customer_id,
        cast(orders.customer_id is not null as boolean) as is_attributed,
        cast(orders.store_id as varchar) as store_id,
        -- timestamps
        cast(orders.ordered_at_utc as timestamp) as ordered_at_utc,
        cast(orders.order_date as date) as order_date,
        -- status
        cast(orders.status as varchar) as status,
        -- amounts
        cast(orders.currency_code as varchar) as currency_code,
        cast(orders.order_total as decimal(18, 2)) as order_total,
        cast(orders.order_total_reporting as decimal(18, 2)) as order_total_reporting,
        cast(orders.discount_reporting as decimal(18, 2)) as discount_reporting,
        cast(orders.revenue_reporting as decimal(18, 2)) as revenue_reporting,
        cast(orders.returned_revenue_reporting as decimal(18, 2)) as returned_revenue_reporting,
        -- basket
        cast(coalesce(item_totals.line_count, 0) as integer) as line_count,
        cast(coalesce(item_totals.item_quantity, 0) as integer) as item_quantity,
        -- other
        cast(orders.payment_method as varchar) as payment_method,
        cast(orders.is_amount_outlier as boolean) as is_amount_outlier
    from orders
    left join item_totals
        on
            orders.order_id = item_totals.order_id
            and orders.channel = item_totals.channel
)

select * from final
