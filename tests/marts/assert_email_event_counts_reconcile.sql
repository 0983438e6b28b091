{#- Sends, opens and clicks of fct_email_events = the sums over customer_360 + the unattributed events. -#}
with

email_events as (
    select * from {{ ref('fct_email_events') }}
),

customers as (
    select * from {{ ref('customer_360') }}
),

event_side as (
    select
        event_type,
        count(*) as event_count,
        sum(case when customer_id is null then 1 else 0 end) as unattributed_event_count
    from email_events
    where event_type in ('sent', 'open', 'click')
    group by event_type
),

customer_side as (
    select
        'sent' as event_type,
        sum(email_sent_count) as event_count
    from customers
    union all
    select
        'open' as event_type,
        sum(email_open_count) as event_count
    from customers
    union all
    select
        'click' as event_type,
        sum(email_click_count) as event_count
    from customers
),

final as (
    select
        customer_side.event_type,
        coalesce(event_side.event_count, 0) as fct_email_events_total,
        coalesce(customer_side.event_count, 0) + coalesce(event_side.unattributed_event_count, 0)
            as customer_360_plus_unattributed
    from customer_side
    left join event_side
        on customer_side.event_type = event_side.event_type
)

select * from final
where fct_email_events_total <> customer_360_plus_unattributed
