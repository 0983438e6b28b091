-- Segment sizes: customers, share of the base, revenue and marketable audience per RFM segment and lifecycle
-- stage, as of the reference date. Start here to see where the value sits and whom a campaign can reach.
with

segments as (
    select * from {{ ref('customer_segments') }}
),

sized as (
    select
        rfm_segment,
        lifecycle_stage,
        count(*) as customer_count,
        sum(case when is_email_marketable then 1 else 0 end) as email_marketable_count,
        sum(revenue_reporting) as revenue_reporting,
        avg(completed_order_count) as average_completed_orders,
        avg(recency_days) as average_recency_days
    from segments
    group by rfm_segment, lifecycle_stage
),

final as (
    select
        *,
        round(100.0 * customer_count / sum(customer_count) over (), 1) as share_of_customers_pct,
        round(100.0 * revenue_reporting / nullif(sum(revenue_reporting) over (), 0), 1) as share_of_revenue_pct
    from sized
)

select * from final
order by revenue_reporting desc, customer_count desc
