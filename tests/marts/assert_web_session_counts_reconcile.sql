{#- Sessions are consistent across layers: every sessionized event is in exactly one fct_web_sessions row
    (events and sessions counted both ways), and sessions / page views / product views / add-to-carts of
    fct_web_sessions = the sums over customer_360 + the unattributed sessions. -#}
with

events as (
    select * from {{ ref('int_web_events__sessionized') }}
),

sessions as (
    select * from {{ ref('fct_web_sessions') }}
),

customers as (
    select * from {{ ref('customer_360') }}
),

event_side as (
    select
        count(*) as event_count,
        count(distinct {{ dbt.concat(['anonymous_id', "'|'", 'cast(session_number as varchar)']) }}) as session_count,
        sum(case when is_session_start then 1 else 0 end) as session_start_count
    from events
),

session_side as (
    select
        sum(event_count) as event_count,
        count(*) as session_count,
        sum(page_view_count) as page_view_count,
        sum(product_view_count) as product_view_count,
        sum(add_to_cart_count) as add_to_cart_count
    from sessions
),

unattributed_side as (
    select
        count(*) as session_count,
        coalesce(sum(page_view_count), 0) as page_view_count,
        coalesce(sum(product_view_count), 0) as product_view_count,
        coalesce(sum(add_to_cart_count), 0) as add_to_cart_count
    from sessions
    where customer_id is null
),

customer_side as (
    select
        coalesce(sum(web_session_count), 0) as session_count,
        coalesce(sum(page_view_count), 0) as page_view_count,
        coalesce(sum(product_view_count), 0) as product_view_count,
        coalesce(sum(add_to_cart_count), 0) as add_to_cart_count
    from customers
),

checks as (
    select
        'events: sessionized vs fct_web_sessions.event_count' as check_name,
        event_side.event_count as expected,
        session_side.event_count as actual
    from event_side cross join session_side
    union all
    select
        'sessions: distinct sessionized vs fct_web_sessions rows' as check_name,
        event_side.session_count as expected,
        session_side.session_count as actual
    from event_side cross join session_side
    union all
    select
        'sessions: session starts vs fct_web_sessions rows' as check_name,
        event_side.session_start_count as expected,
        session_side.session_count as actual
    from event_side cross join session_side
    union all
    select
        'sessions: fct_web_sessions vs customer_360 + unattributed' as check_name,
        session_side.session_count as expected,
        customer_side.session_count + unattributed_side.session_count as actual
    from session_side cross join customer_side cross join unattributed_side
    union all
    select
        'page views: fct_web_sessions vs customer_360 + unattributed' as check_name,
        session_side.page_view_count as expected,
        customer_side.page_view_count + unattributed_side.page_view_count as actual
    from session_side cross join customer_side cross join unattributed_side
    union all
    select
        'product views: fct_web_sessions vs customer_360 + unattributed' as check_name,
        session_side.product_view_count as expected,
        customer_side.product_view_count + unattributed_side.product_view_count as actual
    from session_side cross join customer_side cross join unattributed_side
    union all
    select
        'add to carts: fct_web_sessions vs customer_360 + unattributed' as check_name,
        session_side.add_to_cart_count as expected,
        customer_side.add_to_cart_count + unattributed_side.add_to_cart_count as actual
    from session_side cross join customer_side cross join unattributed_side
)

select * from checks
where expected <> actual
