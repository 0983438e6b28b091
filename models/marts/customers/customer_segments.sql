{#-
    One row per customer of customer_360, segmented as of the reference date (int_reference_date__resolved):
    only activity on or before that date counts. RFM scores are quintiles (ntile(5), 5 = best) over customers
    with at least one completed order; ties are broken by customer_id so a build is reproducible. Every
    cut-off comes from the "marts and segments" vars through the macros in macros/marts/segments.sql.
-#}
with

customers as (
    select * from {{ ref('customer_360') }}
),

reference_dates as (
    select * from {{ ref('int_reference_date__resolved') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
    where customer_id is not null
),

order_items as (
    select * from {{ ref('fct_order_items') }}
    where customer_id is not null
),

email_events as (
    select * from {{ ref('fct_email_events') }}
    where customer_id is not null
),

web_events as (
    select * from {{ ref('int_web_events__sessionized') }}
    where customer_id is not null
),

completed_orders as (
    select orders.*
    from orders
    cross join reference_dates
    where
        orders.status = 'completed'
        and orders.order_date <= reference_dates.reference_date
),

buyers as (
    select
        customer_id,
        count(*) as completed_order_count,
        sum(revenue_reporting) as revenue_reporting,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date
    from completed_orders
    group by customer_id
),

buyers_dated as (
    select
        buyers.*,
        reference_dates.reference_date
    from buyers
    cross join reference_dates
),

buyer_recency as (
    select
        *,
        {{ datediff_inline('first_order_date', 'reference_date', 'day') }} as days_since_first_order,
        {{ datediff_inline('last_order_date', 'reference_date', 'day') }} as recency_days
    from buyers_dated
),

rfm_scores as (
    select
        *,
        ntile(5) over (order by recency_days desc, customer_id asc) as recency_score,
        ntile(5) over (order by completed_order_count asc, customer_id asc) as frequency_score,
        ntile(5) over (order by revenue_reporting asc, customer_id asc) as monetary_score,
        percent_rank() over (order by revenue_reporting asc) as revenue_percentile
    from buyer_recency
),

email_campaigns as (
    select
        email_events.customer_id,
        email_events.campaign_id,
        max(case when email_events.event_type = 'sent' then 1 else 0 end) as was_sent,
        max(case when email_events.event_type = 'open' then 1 else 0 end) as was_opened,
        max(case when email_events.event_type = 'click' then 1 else 0 end) as was_clicked,
        max(
            case
                when email_events.event_type in ('unsubscribe', 'complaint') then 1
                when email_events.event_type = 'bounce' and email_events.bounce_type = 'hard' then 1
                else 0
            end
        ) as made_unreachable
    from email_events
    cross join reference_dates
    where email_events.event_date <= reference_dates.reference_date
    group by email_events.customer_id, email_events.campaign_id
),

email_engagement as (
    select
        customer_id,
        sum(was_sent) as sent_campaign_count,
        case when sum(was_sent) > 0 then sum(was_sent * was_opened) * 1.0 / sum(was_sent) end as open_rate,
        case when sum(was_sent) > 0 then sum(was_sent * was_clicked) * 1.0 / sum(was_sent) end as click_rate,
        max(made_unreachable) = 1 as is_unreachable
    from email_campaigns
    group by customer_id
),

purchased_categories as (
    select
        order_items.customer_id,
        order_items.category,
        sum(order_items.revenue_reporting) as category_revenue_reporting,
        sum(order_items.quantity) as category_quantity
    from order_items
    cross join reference_dates
    where
        order_items.order_status = 'completed'
        and order_items.category is not null
        and order_items.order_date <= reference_dates.reference_date
    group by order_items.customer_id, order_items.category
),

viewed_categories as (
    select
        web_events.customer_id,
        web_events.category,
        count(*) as product_view_count
    from web_events
    cross join reference_dates
    where
        web_events.event_type = 'product_view'
        and web_events.category is not null
        and cast(web_events.event_at_utc as date) <= reference_dates.reference_date
    group by web_events.customer_id, web_events.category
),

category_candidates as (
    select
        customer_id,
        category,
        'purchases' as favourite_category_basis,
        1 as basis_priority,
        category_revenue_reporting as category_weight,
        category_quantity as category_tiebreak
    from purchased_categories
    union all
    select
        customer_id,
        category,
        'product_views' as favourite_category_basis,
        2 as basis_priority,
        product_view_count as category_weight,
        0 as category_tiebreak
    from viewed_categories
),

category_ranks as (
    select
        customer_id,
        category,
        favourite_category_basis,
        row_number() over (
            partition by customer_id
            order by basis_priority asc, category_weight desc, category_tiebreak desc, category asc
        ) as category_rank
    from category_candidates
),

favourite_categories as (
    select
        customer_id,
        category as favourite_category,
        favourite_category_basis
    from category_ranks
    where category_rank = 1
),

final as (
    select
        -- ids
        cast(customers.customer_id as varchar) as customer_id,
        cast(reference_dates.reference_date as date) as reference_date,
        -- rfm inputs (completed orders on or before the reference date)
        cast(coalesce(rfm_scores.completed_order_count, 0) as integer) as completed_order_count,
        cast(coalesce(rfm_scores.revenue_reporting, 0) as decimal(18, 2)) as revenue_reporting,
        cast(rfm_scores.first_order_date as date) as first_order_date,
        cast(rfm_scores.last_order_date as date) as last_order_date,
        cast(rfm_scores.recency_days as integer) as recency_days,
        -- rfm
        cast(rfm_scores.recency_score as integer) as recency_score,
        cast(rfm_scores.frequency_score as integer) as frequency_score,
        cast(rfm_scores.monetary_score as integer) as monetary_score,
        cast(
            {{ dbt.concat([
                'cast(rfm_scores.recency_score as varchar)',
                'cast(rfm_scores.frequency_score as varchar)',
                'cast(rfm_scores.monetary_score as varchar)',
            ]) }} as varchar
        ) as rfm_score,
        cast(
            {{ rfm_segment('rfm_scores.recency_score', 'rfm_scores.frequency_score') }} as varchar
        ) as rfm_segment,
        -- lifecycle and value
        cast(
            {{ lifecycle_stage('rfm_scores.days_since_first_order', 'rfm_scores.recency_days') }} as varchar
        ) as lifecycle_stage,
        cast(rfm_scores.revenue_percentile as double) as revenue_percentile,
        cast({{ value_tier('rfm_scores.revenue_percentile') }} as varchar) as value_tier,
        -- email
        cast(coalesce(email_engagement.sent_campaign_count, 0) as integer) as email_campaign_count,
        cast(email_engagement.open_rate as double) as email_open_rate,
        cast(email_engagement.click_rate as double) as email_click_rate,
        cast(
            {{ email_engagement_level(
                'coalesce(email_engagement.is_unreachable, false)',
                'email_engagement.sent_campaign_count',
                'email_engagement.open_rate',
                'email_engagement.click_rate',
            ) }} as varchar
        ) as email_engagement_level,
        cast(
            customers.has_email_marketing_consent
            and customers.email_pseudonym is not null
            and not coalesce(email_engagement.is_unreachable, false)
            as boolean
        ) as is_email_marketable,
        -- category
        cast(favourite_categories.favourite_category as varchar) as favourite_category,
        cast(favourite_categories.favourite_category_basis as varchar) as favourite_category_basis
    from customers
    cross join reference_dates
    left join rfm_scores
        on customers.customer_id = rfm_scores.customer_id
    left join email_engagement
        on customers.customer_id = email_engagement.customer_id
    left join favourite_categories
        on customers.customer_id = favourite_categories.customer_id
)

select * from final
