-- Channel mix: per month and channel (online / store), orders, revenue, returns, cancellations and the share
-- of revenue attributed to a known customer (share_of_revenue_pct: of the month); then customers by the channels
-- they buy in (online only, store only, both; share_of_revenue_pct: of all customer revenue).
with

orders as (
    select * from {{ ref('fct_orders') }}
),

customers as (
    select * from {{ ref('customer_360') }}
),

monthly as (
    select
        {{ dbt.date_trunc('month', 'order_date') }} as order_month,
        channel,
        count(*) as order_count,
        sum(case when status = 'completed' then 1 else 0 end) as completed_order_count,
        sum(case when status = 'cancelled' then 1 else 0 end) as cancelled_order_count,
        sum(case when status = 'returned' then 1 else 0 end) as returned_order_count,
        sum(revenue_reporting) as revenue_reporting,
        sum(returned_revenue_reporting) as returned_revenue_reporting,
        sum(case when is_attributed then revenue_reporting else 0 end) as attributed_revenue_reporting
    from orders
    group by 1, 2
),

monthly_mix as (
    select
        'monthly' as view_name,
        cast(order_month as varchar) as grouping_value,
        channel,
        order_count,
        completed_order_count,
        cancelled_order_count,
        returned_order_count,
        revenue_reporting,
        returned_revenue_reporting,
        round(100.0 * revenue_reporting / nullif(sum(revenue_reporting) over (partition by order_month), 0), 1)
            as share_of_revenue_pct,
        round(100.0 * attributed_revenue_reporting / nullif(revenue_reporting, 0), 1) as attributed_revenue_pct
    from monthly
),

customer_channels as (
    select
        case
            when online_order_count > 0 and store_order_count > 0 then 'online and store'
            when online_order_count > 0 then 'online only'
            when store_order_count > 0 then 'store only'
            else 'no order'
        end as channel_combination,
        count(*) as customer_count,
        sum(order_count) as order_count,
        sum(completed_order_count) as completed_order_count,
        sum(cancelled_order_count) as cancelled_order_count,
        sum(returned_order_count) as returned_order_count,
        sum(revenue_reporting) as revenue_reporting,
        sum(returned_revenue_reporting) as returned_revenue_reporting
    from customers
    group by 1
),

customer_mix as (
    select
        'customers by channel' as view_name,
        channel_combination as grouping_value,
        cast(null as varchar) as channel,
        order_count,
        completed_order_count,
        cancelled_order_count,
        returned_order_count,
        revenue_reporting,
        returned_revenue_reporting,
        round(100.0 * revenue_reporting / nullif(sum(revenue_reporting) over (), 0), 1) as share_of_revenue_pct,
        cast(null as double) as attributed_revenue_pct
    from customer_channels
)

select * from monthly_mix
union all
select * from customer_mix
order by 1 desc, 2 asc, 3 asc
