with

events as (
    select * from {{ ref('int_web_events__sessionized') }}
),

sessions as (
    select
        anonymous_id,
        session_number,
        min(customer_id) as customer_id,
        min(customer_attribution) as customer_attribution,
        min(event_at_utc) as started_at_utc,
        max(event_at_utc) as ended_at_utc,
        count(*) as event_count,
        sum(case when event_type = 'page_view' then 1 else 0 end) as page_view_count,
        sum(case when event_type = 'product_view' then 1 else 0 end) as product_view_count,
        sum(case when event_type = 'add_to_cart' then 1 else 0 end) as add_to_cart_count,
        sum(case when event_type = 'remove_from_cart' then 1 else 0 end) as remove_from_cart_count,
        sum(case when event_type = 'search' then 1 else 0 end) as search_count,
        sum(case when event_type = 'checkout' then 1 else 0 end) as checkout_count,
        sum(case when event_type = 'purchase' then 1 else 0 end) as purchase_count,
        sum(case when event_type = 'login' then 1 else 0 end) as login_count
    from events
    group by anonymous_id, session_number
),

first_events as (
    select
        anonymous_id,
        session_number,
        event_id as first_event_id,
        device_type,
        utm_source,
        utm_medium,
        utm_campaign
    from events
    where is_session_start
),

final as (
    select
        -- ids
        cast({{ dbt.hash('first_events.first_event_id') }} as varchar) as session_id,
        cast({{ pseudonymize('sessions.anonymous_id') }} as varchar) as anonymous_id_pseudonym,
        cast(sessions.session_number as integer) as session_number,
        cast(sessions.customer_id as varchar) as customer_id,
        cast(sessions.customer_attribution as varchar) as customer_attribution,
        -- timestamps
        cast(sessions.started_at_utc as timestamp) as started_at_utc,
        cast(sessions.ended_at_utc as timestamp) as ended_at_utc,
        cast(sessions.started_at_utc as date) as session_date,
        cast(
            {{ datediff_inline('sessions.started_at_utc', 'sessions.ended_at_utc', 'second') }} as integer
        ) as duration_seconds,
        -- acquisition (first event of the session)
        cast(first_events.utm_source as varchar) as utm_source,
        cast(first_events.utm_medium as varchar) as utm_medium,
        cast(first_events.utm_campaign as varchar) as utm_campaign,
        cast(first_events.device_type as varchar) as device_type,
        -- activity
        cast(sessions.event_count as integer) as event_count,
        cast(sessions.page_view_count as integer) as page_view_count,
        cast(sessions.product_view_count as integer) as product_view_count,
        cast(sessions.add_to_cart_count as integer) as add_to_cart_count,
        cast(sessions.remove_from_cart_count as integer) as remove_from_cart_count,
        cast(sessions.search_count as integer) as search_count,
        cast(sessions.checkout_count as integer) as checkout_count,
        cast(sessions.purchase_count as integer) as purchase_count,
        cast(sessions.purchase_count > 0 as boolean) as has_purchase,
        cast(sessions.login_count > 0 as boolean) as has_login
    from sessions
    inner join first_events
        on
            sessions.anonymous_id = first_events.anonymous_id
            and sessions.session_number = first_events.session_number
)

select * from final
