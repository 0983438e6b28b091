{#-
    One row per customer_id of the retained crosswalk (int_privacy__retained_crosswalk: the identity crosswalk
    without erased customers): coarse golden-profile
    attributes, identity coverage, orders, web, email, consent and favourite categories.
    Activity comes from the facts (fct_orders, fct_web_sessions, fct_email_events, fct_order_items), so the
    totals here reconcile with them (tests/marts). "Days since" are measured at the reference date
    (int_reference_date__resolved). No raw personal data: pseudonymous keys and coarse attributes only.
-#}
with

crosswalk as (
    select * from {{ ref('int_privacy__retained_crosswalk') }}
),

golden_profiles as (
    select * from {{ ref('int_customers__golden_profile') }}
),

consent as (
    select * from {{ ref('int_privacy__customer_consent') }}
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

web_sessions as (
    select * from {{ ref('fct_web_sessions') }}
    where customer_id is not null
),

email_events as (
    select * from {{ ref('fct_email_events') }}
    where customer_id is not null
),

customers as (
    select
        crosswalk.customer_id,
        reference_dates.reference_date,
        count(*) as linked_record_count,
        count(distinct crosswalk.source_name) as source_count
    from crosswalk
    cross join reference_dates
    group by crosswalk.customer_id, reference_dates.reference_date
),

customer_sources as (
    select distinct
        customer_id,
        source_name
    from crosswalk
),

sources_present as (
    select
        customer_id,
        {{ dbt.listagg('source_name', "'|'", 'order by source_name') }} as sources_present
    from customer_sources
    group by customer_id
),

order_totals as (
    select
        customer_id,
        count(*) as order_count,
        sum(case when status = 'completed' then 1 else 0 end) as completed_order_count,
        sum(case when status = 'cancelled' then 1 else 0 end) as cancelled_order_count,
        sum(case when status = 'returned' then 1 else 0 end) as returned_order_count,
        sum(case when channel = 'online' then 1 else 0 end) as online_order_count,
        sum(case when channel = 'store' then 1 else 0 end) as store_order_count,
        sum(revenue_reporting) as revenue_reporting,
        sum(case when channel = 'online' then revenue_reporting else 0 end) as online_revenue_reporting,
        sum(case when channel = 'store' then revenue_reporting else 0 end) as store_revenue_reporting,
        sum(returned_revenue_reporting) as returned_revenue_reporting,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date
    from orders
    group by customer_id
),

web_totals as (
    select
        customer_id,
        count(*) as web_session_count,
        sum(page_view_count) as page_view_count,
        sum(product_view_count) as product_view_count,
        sum(add_to_cart_count) as add_to_cart_count,
        min(started_at_utc) as first_visit_at_utc,
        max(ended_at_utc) as last_visit_at_utc,
        max(cast(ended_at_utc as date)) as last_visit_date
    from web_sessions
    group by customer_id
),

email_campaigns as (
    select
        customer_id,
        campaign_id,
        max(case when event_type = 'sent' then 1 else 0 end) as was_sent,
        max(case when event_type = 'open' then 1 else 0 end) as was_opened,
        max(case when event_type = 'click' then 1 else 0 end) as was_clicked
    from email_events
    group by customer_id, campaign_id
),

email_campaign_totals as (
    select
        customer_id,
        sum(was_sent) as sent_campaign_count,
        sum(was_sent * was_opened) as opened_campaign_count,
        sum(was_sent * was_clicked) as clicked_campaign_count
    from email_campaigns
    group by customer_id
),

email_totals as (
    select
        customer_id,
        sum(case when event_type = 'sent' then 1 else 0 end) as email_sent_count,
        sum(case when event_type = 'open' then 1 else 0 end) as email_open_count,
        sum(case when event_type = 'click' then 1 else 0 end) as email_click_count,
        max(case when event_type = 'unsubscribe' then 1 else 0 end) = 1 as has_unsubscribed,
        max(case when event_type = 'bounce' then 1 else 0 end) = 1 as has_bounced,
        max(case when event_type = 'bounce' and bounce_type = 'hard' then 1 else 0 end) = 1 as has_hard_bounced,
        max(case when event_type = 'complaint' then 1 else 0 end) = 1 as has_complained,
        max(occurred_at_utc) as last_email_event_at_utc
    from email_events
    group by customer_id
),

category_totals as (
    select
        customer_id,
        category,
        sum(revenue_reporting) as category_revenue_reporting,
        sum(quantity) as category_quantity
    from order_items
    where
        order_status = 'completed'
        and category is not null
    group by customer_id, category
),

category_ranks as (
    select
        customer_id,
        category,
        row_number() over (
            partition by customer_id
            order by category_revenue_reporting desc, category_quantity desc, category asc
        ) as category_rank
    from category_totals
),

top_categories as (
    select
        customer_id,
        {{ dbt.listagg('category', "'|'", 'order by category_rank') }} as top_categories
    from category_ranks
    where category_rank <= {{ var('customer_top_category_count') }}
    group by customer_id
),

final as (
    select
        -- ids and pseudonymous keys
        cast(customers.customer_id as varchar) as customer_id,
        cast({{ pseudonymize('golden_profiles.email') }} as varchar) as email_pseudonym,
        cast({{ pseudonymize('golden_profiles.phone_e164') }} as varchar) as phone_pseudonym,
        -- coarse profile
        cast(golden_profiles.gender as varchar) as gender,
        cast({{ birth_year('golden_profiles.birth_date') }} as integer) as birth_year,
        cast(
            coalesce(
                {{ age_band('golden_profiles.birth_date', 'customers.reference_date') }},
                golden_profiles.age_band
            ) as varchar
        ) as age_band,
        cast(
            {{ postal_district('golden_profiles.postal_code', 'golden_profiles.country_code') }} as varchar
        ) as postal_district,
        cast(golden_profiles.country_code as varchar) as country_code,
        -- enrichment demographics
        cast(golden_profiles.income_band as varchar) as income_band,
        cast(golden_profiles.household_size as integer) as household_size,
        cast(golden_profiles.interests as varchar) as interests,
        -- identity
        cast(golden_profiles.first_seen_at_utc as timestamp) as first_seen_at_utc,
        cast(golden_profiles.last_seen_at_utc as timestamp) as last_seen_at_utc,
        cast(sources_present.sources_present as varchar) as sources_present,
        cast(customers.source_count as integer) as source_count,
        cast(customers.linked_record_count as integer) as linked_record_count,
        -- orders (online + store; doc revenue_definition)
        cast(coalesce(order_totals.order_count, 0) as integer) as order_count,
        cast(coalesce(order_totals.completed_order_count, 0) as integer) as completed_order_count,
        cast(coalesce(order_totals.cancelled_order_count, 0) as integer) as cancelled_order_count,
        cast(coalesce(order_totals.returned_order_count, 0) as integer) as returned_order_count,
        cast(coalesce(order_totals.online_order_count, 0) as integer) as online_order_count,
        cast(coalesce(order_totals.store_order_count, 0) as integer) as store_order_count,
        cast(coalesce(order_totals.revenue_reporting, 0) as decimal(18, 2)) as revenue_reporting,
        cast(coalesce(order_totals.online_revenue_reporting, 0) as decimal(18, 2)) as online_revenue_reporting,
        cast(coalesce(order_totals.store_revenue_reporting, 0) as decimal(18, 2)) as store_revenue_reporting,
        cast(coalesce(order_totals.returned_revenue_reporting, 0) as decimal(18, 2)) as returned_revenue_reporting,
        cast(
            case
                when order_totals.completed_order_count > 0
                    then order_totals.revenue_reporting / order_totals.completed_order_count
            end as decimal(18, 2)
        ) as average_order_value_reporting,
        cast(order_totals.first_order_date as date) as first_order_date,
        cast(order_totals.last_order_date as date) as last_order_date,
        cast(
            {{ datediff_inline('order_totals.last_order_date', 'customers.reference_date', 'day') }}
            as integer
        ) as days_since_last_order,
        -- web
        cast(coalesce(web_totals.web_session_count, 0) as integer) as web_session_count,
        cast(coalesce(web_totals.page_view_count, 0) as integer) as page_view_count,
        cast(coalesce(web_totals.product_view_count, 0) as integer) as product_view_count,
        cast(coalesce(web_totals.add_to_cart_count, 0) as integer) as add_to_cart_count,
        cast(web_totals.first_visit_at_utc as timestamp) as first_visit_at_utc,
        cast(web_totals.last_visit_at_utc as timestamp) as last_visit_at_utc,
        cast(
            {{ datediff_inline('web_totals.last_visit_date', 'customers.reference_date', 'day') }}
            as integer
        ) as days_since_last_visit,
        -- email
        cast(coalesce(email_totals.email_sent_count, 0) as integer) as email_sent_count,
        cast(coalesce(email_totals.email_open_count, 0) as integer) as email_open_count,
        cast(coalesce(email_totals.email_click_count, 0) as integer) as email_click_count,
        cast(coalesce(email_campaign_totals.sent_campaign_count, 0) as integer) as email_campaign_count,
        cast(
            case
                when email_campaign_totals.sent_campaign_count > 0
                    then email_campaign_totals.opened_campaign_count * 1.0 / email_campaign_totals.sent_campaign_count
            end as double
        ) as email_open_rate,
        cast(
            case
                when email_campaign_totals.sent_campaign_count > 0
                    then email_campaign_totals.clicked_campaign_count * 1.0 / email_campaign_totals.sent_campaign_count
            end as double
        ) as email_click_rate,
        cast(coalesce(email_totals.has_unsubscribed, false) as boolean) as has_unsubscribed,
        cast(coalesce(email_totals.has_bounced, false) as boolean) as has_bounced,
        cast(coalesce(email_totals.has_hard_bounced, false) as boolean) as has_hard_bounced,
        cast(coalesce(email_totals.has_complained, false) as boolean) as has_complained,
        cast(email_totals.last_email_event_at_utc as timestamp) as last_email_event_at_utc,
        -- consent per purpose of var consent_purposes (false when no consent event)
        {%- for purpose in var('consent_purposes') %}
            cast(coalesce(consent.has_{{ purpose }}_consent, false) as boolean) as has_{{ purpose }}_consent,
        {%- endfor %}
        -- categories
        cast(top_categories.top_categories as varchar) as top_categories,
        -- as of
        cast(customers.reference_date as date) as reference_date
    from customers
    left join golden_profiles
        on customers.customer_id = golden_profiles.customer_id
    left join sources_present
        on customers.customer_id = sources_present.customer_id
    left join consent
        on customers.customer_id = consent.customer_id
    left join order_totals
        on customers.customer_id = order_totals.customer_id
    left join web_totals
        on customers.customer_id = web_totals.customer_id
    left join email_totals
        on customers.customer_id = email_totals.customer_id
    left join email_campaign_totals
        on customers.customer_id = email_campaign_totals.customer_id
    left join top_categories
        on customers.customer_id = top_categories.customer_id
)

select * from final
