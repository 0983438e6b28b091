{#- Every order line is counted in its order: lines and units of fct_order_items = line_count and item_quantity
    summed over fct_orders, per channel; and line revenue is 0 exactly when the order is not completed. -#}
with

orders as (
    select * from {{ ref('fct_orders') }}
),

order_items as (
    select * from {{ ref('fct_order_items') }}
),

order_side as (
    select
        channel,
        sum(line_count) as line_count,
        sum(item_quantity) as item_quantity
    from orders
    group by channel
),

item_side as (
    select
        channel,
        count(*) as line_count,
        sum(quantity) as item_quantity
    from order_items
    group by channel
),

count_mismatches as (
    select
        coalesce(order_side.channel, item_side.channel) as channel,
        'line and unit counts differ' as problem
    from order_side
    full outer join item_side
        on order_side.channel = item_side.channel
    where
        coalesce(order_side.line_count, 0) <> coalesce(item_side.line_count, 0)
        or coalesce(order_side.item_quantity, 0) <> coalesce(item_side.item_quantity, 0)
),

revenue_mismatches as (
    select
        order_items.channel,
        'line revenue disagrees with the order status' as problem
    from order_items
    inner join orders
        on order_items.order_id = orders.order_id
    where
        order_items.order_status <> orders.status
        or (orders.status = 'completed' and order_items.revenue_reporting <> order_items.line_amount_reporting)
        or (orders.status <> 'completed' and order_items.revenue_reporting <> 0)
)

select * from count_mismatches
union all
select * from revenue_mismatches
