{#-
    Web events cut into sessions: per anonymous_id, a gap of more than var `session_inactivity_minutes` between
    two consecutive events starts a new session. Window functions only (lag + running sum), no self-join, so
    it scales linearly with the event count.
    A session belongs to the customer of its first logged-in user_id (a crm_id), else to the customer the
    identity crosswalk links the anonymous_id (cookie) to, else to nobody. Events of erased customers are dropped.
-#}
with

web_events as (
    select * from {{ ref('stg_web__events') }}
),

products as (
    select * from {{ ref('stg_catalog__products') }}
),

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
    where source_name = 'web_events'
),

customer_identifiers as (
    select * from {{ ref('int_identity__customer_identifiers') }}
    where identifier_type = 'crm_id'
),

erased_customers as (
    select distinct customer_id from {{ ref('int_privacy__erased_customers') }}
),

gaps as (
    select
        event_id,
        anonymous_id,
        user_id,
        event_type,
        event_at_utc,
        product_id,
        utm_source,
        utm_medium,
        utm_campaign,
        device_type,
        lag(event_at_utc) over (
            partition by anonymous_id
            order by event_at_utc, event_id
        ) as previous_event_at_utc
    from web_events
),

session_starts as (
    select
        *,
        case
            when previous_event_at_utc is null then 1
            when
                event_at_utc
                > {{ dbt.dateadd('minute', var('session_inactivity_minutes'), 'previous_event_at_utc') }}
                then 1
            else 0
        end as is_session_start
    from gaps
),

numbered as (
    select
        *,
        sum(is_session_start) over (
            partition by anonymous_id
            order by event_at_utc, event_id
            rows between unbounded preceding and current row
        ) as session_number
    from session_starts
),

with_login as (
    select
        numbered.*,
        customer_identifiers.customer_id as login_customer_id
    from numbered
    left join customer_identifiers
        on numbered.user_id = customer_identifiers.identifier_value
),

session_attribution as (
    select
        *,
        first_value(login_customer_id ignore nulls) over (
            partition by anonymous_id, session_number
            order by event_at_utc, event_id
            rows between unbounded preceding and unbounded following
        ) as session_login_customer_id
    from with_login
),

attributed as (
    select
        session_attribution.*,
        crosswalk.customer_id as cookie_customer_id,
        coalesce(session_attribution.session_login_customer_id, crosswalk.customer_id) as customer_id
    from session_attribution
    left join crosswalk
        on session_attribution.anonymous_id = crosswalk.source_record_id
),

final as (
    select
        -- ids
        attributed.event_id,
        attributed.anonymous_id,
        attributed.session_number,
        attributed.customer_id,
        case
            when attributed.session_login_customer_id is not null then 'login'
            when attributed.cookie_customer_id is not null then 'cookie'
        end as customer_attribution,
        -- event
        attributed.event_type,
        attributed.event_at_utc,
        attributed.previous_event_at_utc,
        attributed.is_session_start = 1 as is_session_start,
        attributed.product_id,
        products.category,
        attributed.utm_source,
        attributed.utm_medium,
        attributed.utm_campaign,
        attributed.device_type
    from attributed
    left join products
        on attributed.product_id = products.product_id
    left join erased_customers as erased_session_customers
        on attributed.customer_id = erased_session_customers.customer_id
    left join erased_customers as erased_cookie_customers
        on attributed.cookie_customer_id = erased_cookie_customers.customer_id
    where
        erased_session_customers.customer_id is null
        and erased_cookie_customers.customer_id is null
)

select * from final
