{#- Revenue, returned revenue and order counts of fct_orders = the sums over customer_360 + the unattributed
    orders. Fails (one row per measure that differs) when an order is attributed to a customer missing from
    customer_360, or an aggregation drops or doubles orders. -#}
with

orders as (
    select * from {{ ref('fct_orders') }}
),

customers as (
    select * from {{ ref('customer_360') }}
),

order_totals as (
    select
        sum(revenue_reporting) as revenue_reporting,
        sum(returned_revenue_reporting) as returned_revenue_reporting,
        count(*) as order_count,
        sum(case when status = 'completed' then 1 else 0 end) as completed_order_count
    from orders
),

unattributed_totals as (
    select
        coalesce(sum(revenue_reporting), 0) as revenue_reporting,
        coalesce(sum(returned_revenue_reporting), 0) as returned_revenue_reporting,
        count(*) as order_count,
        coalesce(sum(case when status = 'completed' then 1 else 0 end), 0) as completed_order_count
    from orders
    where customer_id is null
),

customer_totals as (
    select
        coalesce(sum(revenue_reporting), 0) as revenue_reporting,
        coalesce(sum(returned_revenue_reporting), 0) as returned_revenue_reporting,
        coalesce(sum(order_count), 0) as order_count,
        coalesce(sum(completed_order_count), 0) as completed_order_count
    from customers
),

comparison as (
    select
        'revenue_reporting' as measure,
        order_totals.revenue_reporting as fct_orders_total,
        customer_totals.revenue_reporting + unattributed_totals.revenue_reporting
            as customer_360_plus_unattributed
    from order_totals cross join customer_totals cross join unattributed_totals
    union all
    select
        'returned_revenue_reporting' as measure,
        order_totals.returned_revenue_reporting as fct_orders_total,
        customer_totals.returned_revenue_reporting + unattributed_totals.returned_revenue_reporting
            as customer_360_plus_unattributed
    from order_totals cross join customer_totals cross join unattributed_totals
    union all
    select
        'order_count' as measure,
        order_totals.order_count as fct_orders_total,
        customer_totals.order_count + unattributed_totals.order_count
            as customer_360_plus_unattributed
    from order_totals cross join customer_totals cross join unattributed_totals
    union all
    select
        'completed_order_count' as measure,
        order_totals.completed_order_count as fct_orders_total,
        customer_totals.completed_order_count + unattributed_totals.completed_order_count
            as customer_360_plus_unattributed
    from order_totals cross join customer_totals cross join unattributed_totals
)

select * from comparison
where fct_orders_total <> customer_360_plus_unattributed
