{#- ML-ready features, one row per customer of customer_360, as of the as-of time (the cut-off date of the
    offline evaluation, else the latest event in the data). Every feature that can be undefined for a
    customer has an `is_missing_<feature>` indicator and is imputed by the rule in the feature dictionary
    (_personalization__models.yml): median of the customers who have it, the mode for categories, the
    population share for category affinities, and zero only where zero is the truth (counts, revenue). -#}
{%- set windows = var('feature_activity_windows_days') -%}
{#- every floating-point feature is rounded (var mart_float_decimals): averages and shares summed in parallel may
    differ in the last bits between two builds; a rebuild of unchanged data must give identical rows -#}
{%- set decimals = var('mart_float_decimals') -%}
{%- set categories = var('feature_affinity_categories') -%}

with

customers as (
    select customer_id from {{ ref('customer_360') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

web_sessions as (
    select * from {{ ref('fct_web_sessions') }}
),

web_product_events as (
    select * from {{ ref('int_personalization__web_product_events') }}
),

cart_additions as (
    select * from {{ ref('int_personalization__cart_additions') }}
),

email_activity as (
    select * from {{ ref('int_personalization__customer_email_activity') }}
),

category_affinity as (
    select * from {{ ref('int_personalization__category_affinity') }}
),

as_of as (
    select * from {{ ref('int_personalization__as_of') }}
),

-- orders -----------------------------------------------------------------------------------------
customer_orders as (
    select
        customer_id,
        order_id,
        channel,
        ordered_at_utc,
        cast(revenue_reporting as double precision) as revenue_reporting,
        coalesce(discount_reporting, 0) > 0 as has_discount,
        lag(ordered_at_utc) over (partition by customer_id order by ordered_at_utc, order_id) as previous_ordered_at_utc
    from orders
    where
        customer_id is not null
        and status = 'completed'
        and {{ personalization_before_cutoff('ordered_at_utc') }}
),

order_summary as (
    select
        customer_orders.customer_id,
        count(*) as order_count,
        sum(customer_orders.revenue_reporting) as revenue_reporting,
        max(customer_orders.ordered_at_utc) as last_ordered_at_utc,
        avg(
            case
                when customer_orders.previous_ordered_at_utc is not null
                    then {{ dbt.datediff(
                        'customer_orders.previous_ordered_at_utc', 'customer_orders.ordered_at_utc', 'hour'
                    ) }} / 24.0
            end
        ) as average_days_between_orders,
        avg(case when customer_orders.has_discount then 1.0 else 0.0 end) as discounted_order_share,
        sum(case when customer_orders.channel = 'online' then 1 else 0 end) as online_orders,
        sum(case when customer_orders.channel = 'store' then 1 else 0 end) as store_orders
    from customer_orders
    group by customer_orders.customer_id
),

last_order_channels as (
    select
        customer_id,
        channel,
        row_number() over (partition by customer_id order by ordered_at_utc desc, order_id desc) as order_recency
    from customer_orders
),

order_features as (
    select
        order_summary.customer_id,
        order_summary.order_count,
        order_summary.revenue_reporting,
        {{ safe_ratio('order_summary.revenue_reporting', 'order_summary.order_count') }}
            as average_order_value_reporting,
        {{ dbt.datediff('order_summary.last_ordered_at_utc', 'as_of.as_of_at_utc', 'day') }}
            as days_since_last_order,
        order_summary.average_days_between_orders,
        order_summary.discounted_order_share as discount_sensitivity,
        case
            when order_summary.online_orders > order_summary.store_orders then 'online'
            when order_summary.store_orders > order_summary.online_orders then 'store'
            else last_order_channels.channel
        end as preferred_channel
    from order_summary
    cross join as_of
    left join last_order_channels
        on
            order_summary.customer_id = last_order_channels.customer_id
            and last_order_channels.order_recency = 1
),

-- web ---------------------------------------------------------------------------------------------
customer_sessions as (
    select
        web_sessions.customer_id,
        {{ dbt.datediff('web_sessions.started_at_utc', 'as_of.as_of_at_utc', 'day') }}
            as days_before_as_of
    from web_sessions
    cross join as_of
    where
        web_sessions.customer_id is not null
        and {{ personalization_before_cutoff('web_sessions.started_at_utc') }}
),

session_features as (
    select
        customer_id,
        {% for window in windows -%}
            sum(case when days_before_as_of < {{ window }} then 1 else 0 end) as sessions_last_{{ window }}d,
        {% endfor -%}
        min(days_before_as_of) as days_since_last_visit
    from customer_sessions
    group by customer_id
),

customer_product_views as (
    select
        web_product_events.customer_id,
        {{ dbt.datediff('web_product_events.event_at_utc', 'as_of.as_of_at_utc', 'day') }}
            as days_before_as_of
    from web_product_events
    cross join as_of
    where web_product_events.event_type = 'product_view'
),

view_features as (
    select
        customer_id,
        {% for window in windows -%}
            sum(case when days_before_as_of < {{ window }} then 1 else 0 end) as product_views_last_{{ window }}d,
        {% endfor -%}
        count(*) as product_views
    from customer_product_views
    group by customer_id
),

cart_abandonments as (
    select distinct
        customer_id,
        product_id,
        cast(added_at_utc as date) as added_date
    from cart_additions
    where is_abandoned
),

cart_features as (
    select
        customer_id,
        count(*) as abandoned_cart_count
    from cart_abandonments
    group by customer_id
),

-- email -------------------------------------------------------------------------------------------
email_features as (
    select
        customer_id,
        case
            when campaigns_reached > 0 then {{ safe_ratio('campaigns_opened', 'campaigns_reached') }}
        end as email_open_rate,
        case
            when campaigns_reached > 0 then {{ safe_ratio('campaigns_clicked', 'campaigns_reached') }}
        end as email_click_rate,
        preferred_open_hour_utc as preferred_send_hour_utc
    from email_activity
),

-- categories ----------------------------------------------------------------------------------------
affinity_features as (
    select
        customer_id,
        max(case when product_views > 0 then 1 else 0 end) = 1 as has_category_views,
        max(case when purchased_items > 0 then 1 else 0 end) = 1 as has_category_purchases,
        {% for category in categories -%}
            max(case when category = '{{ category }}' then view_share end)
                as view_share_{{ category_column_suffix(category) }},
            max(case when category = '{{ category }}' then purchase_share end)
                as purchase_share_{{ category_column_suffix(category) }},
        {% endfor -%}
        max(case when affinity_rank = 1 then category end) as favourite_category
    from category_affinity
    group by customer_id
),

population_shares as (
    select
        {% for category in categories -%}
            {%- set views = "sum(case when category = '" ~ category ~ "' then product_views else 0 end)" -%}
            {%- set purchases = "sum(case when category = '" ~ category ~ "' then purchased_items else 0 end)" -%}
            {{ safe_ratio(views, 'sum(product_views)') }}
                as view_share_{{ category_column_suffix(category) }},
            {{ safe_ratio(purchases, 'sum(purchased_items)') }}
                as purchase_share_{{ category_column_suffix(category) }},
        {% endfor -%}
        count(*) as population_rows
    from category_affinity
),

favourite_category_mode as (
    select
        favourite_category,
        row_number() over (order by count(*) desc, favourite_category asc) as mode_rank
    from affinity_features
    where favourite_category is not null
    group by favourite_category
),

-- imputation values ---------------------------------------------------------------------------------
medians as (
    select
        {{ median_value('order_features.days_since_last_order') }} as days_since_last_order,
        {{ median_value('order_features.average_order_value_reporting') }} as average_order_value_reporting,
        {{ median_value('order_features.average_days_between_orders') }} as average_days_between_orders,
        {{ median_value('order_features.discount_sensitivity') }} as discount_sensitivity
    from order_features
),

session_medians as (
    select {{ median_value('days_since_last_visit') }} as days_since_last_visit
    from session_features
),

email_medians as (
    select
        {{ median_value('email_open_rate') }} as email_open_rate,
        {{ median_value('email_click_rate') }} as email_click_rate
    from email_features
),

channel_mode as (
    select
        preferred_channel,
        row_number() over (order by count(*) desc, preferred_channel asc) as mode_rank
    from order_features
    where preferred_channel is not null
    group by preferred_channel
),

send_hour_mode as (
    select
        preferred_send_hour_utc,
        row_number() over (order by count(*) desc, preferred_send_hour_utc asc) as mode_rank
    from email_features
    where preferred_send_hour_utc is not null
    group by preferred_send_hour_utc
),

final as (
    select
        -- ids
        customers.customer_id,
        cast(as_of.as_of_at_utc as date) as as_of_date,

        -- recency, frequency, monetary
        round(
            cast(
                coalesce(order_features.days_since_last_order, medians.days_since_last_order)
                as double precision
            ),
            {{ decimals }}
        ) as days_since_last_order,
        order_features.days_since_last_order is null as is_missing_days_since_last_order,
        cast(coalesce(order_features.order_count, 0) as bigint) as order_count,
        round(
            cast(
                coalesce(order_features.revenue_reporting, 0)
                as double precision
            ),
            {{ decimals }}
        ) as revenue_reporting,
        round(
            cast(
                coalesce(order_features.average_order_value_reporting, medians.average_order_value_reporting)
                as double precision
            ),
            {{ decimals }}
        ) as average_order_value_reporting,
        order_features.average_order_value_reporting is null as is_missing_average_order_value_reporting,
        round(
            cast(
                coalesce(order_features.average_days_between_orders, medians.average_days_between_orders)
                as double precision
            ),
            {{ decimals }}
        ) as average_days_between_orders,
        order_features.average_days_between_orders is null as is_missing_average_days_between_orders,
        round(
            cast(
                coalesce(order_features.discount_sensitivity, medians.discount_sensitivity)
                as double precision
            ),
            {{ decimals }}
        ) as discount_sensitivity,
        order_features.discount_sensitivity is null as is_missing_discount_sensitivity,
        coalesce(order_features.preferred_channel, channel_mode.preferred_channel) as preferred_channel,
        order_features.preferred_channel is null as is_missing_preferred_channel,

        -- web activity
        round(
            cast(
                coalesce(session_features.days_since_last_visit, session_medians.days_since_last_visit)
                as double precision
            ),
            {{ decimals }}
        ) as days_since_last_visit,
        session_features.days_since_last_visit is null as is_missing_days_since_last_visit,
        {% for window in windows -%}
            cast(coalesce(session_features.sessions_last_{{ window }}d, 0) as bigint) as sessions_last_{{ window }}d,
        {% endfor -%}
        {% for window in windows -%}
            cast(coalesce(view_features.product_views_last_{{ window }}d, 0) as bigint)
                as product_views_last_{{ window }}d,
        {% endfor -%}
        cast(coalesce(cart_features.abandoned_cart_count, 0) as bigint) as abandoned_cart_count,

        -- email
        round(
            cast(
                coalesce(email_features.email_open_rate, email_medians.email_open_rate)
                as double precision
            ),
            {{ decimals }}
        ) as email_open_rate,
        email_features.email_open_rate is null as is_missing_email_open_rate,
        round(
            cast(
                coalesce(email_features.email_click_rate, email_medians.email_click_rate)
                as double precision
            ),
            {{ decimals }}
        ) as email_click_rate,
        email_features.email_click_rate is null as is_missing_email_click_rate,
        cast(coalesce(email_features.preferred_send_hour_utc, send_hour_mode.preferred_send_hour_utc) as integer)
            as preferred_send_hour_utc,
        email_features.preferred_send_hour_utc is null as is_missing_preferred_send_hour_utc,

        -- category affinity
        coalesce(affinity_features.favourite_category, favourite_category_mode.favourite_category)
            as favourite_category,
        affinity_features.favourite_category is null as is_missing_favourite_category,
        {% for category in categories -%}
            {%- set suffix = category_column_suffix(category) -%}
            round(cast(
                case
                    when coalesce(affinity_features.has_category_views, false)
                        then coalesce(affinity_features.view_share_{{ suffix }}, 0)
                    else coalesce(population_shares.view_share_{{ suffix }}, 0)
                end
                as double precision
            ), {{ decimals }}) as view_share_{{ suffix }},
        {% endfor -%}
        not coalesce(affinity_features.has_category_views, false) as is_missing_view_shares,
        {% for category in categories -%}
            {%- set suffix = category_column_suffix(category) -%}
            round(cast(
                case
                    when coalesce(affinity_features.has_category_purchases, false)
                        then coalesce(affinity_features.purchase_share_{{ suffix }}, 0)
                    else coalesce(population_shares.purchase_share_{{ suffix }}, 0)
                end
                as double precision
            ), {{ decimals }}) as purchase_share_{{ suffix }},
        {% endfor -%}
        not coalesce(affinity_features.has_category_purchases, false) as is_missing_purchase_shares
    from customers
    cross join as_of
    cross join medians
    cross join session_medians
    cross join email_medians
    cross join population_shares
    left join channel_mode
        on channel_mode.mode_rank = 1
    left join send_hour_mode
        on send_hour_mode.mode_rank = 1
    left join favourite_category_mode
        on favourite_category_mode.mode_rank = 1
    left join order_features
        on customers.customer_id = order_features.customer_id
    left join session_features
        on customers.customer_id = session_features.customer_id
    left join view_features
        on customers.customer_id = view_features.customer_id
    left join cart_features
        on customers.customer_id = cart_features.customer_id
    left join email_features
        on customers.customer_id = email_features.customer_id
    left join affinity_features
        on customers.customer_id = affinity_features.customer_id
)

select * from final
