{#- Deliverability of every email address the ESP has events for (before the cut-off), keyed by the address's
    pseudonymous key (`email_pseudonym`, as in customer_360): ever hard-bounced, ever complained, latest
    unsubscribe, latest send. -#}

with

email_events as (
    select * from {{ ref('int_email_events__attributed') }}
),

scoped_events as (
    select *
    from email_events
    where {{ personalization_before_cutoff('occurred_at_utc') }}
),

final as (
    select
        email_pseudonym,
        max(case when event_type = 'bounce' and bounce_type = 'hard' then 1 else 0 end) = 1 as has_hard_bounce,
        max(case when event_type = 'complaint' then 1 else 0 end) = 1 as has_complaint,
        max(case when event_type = 'unsubscribe' then occurred_at_utc end) as last_unsubscribed_at_utc,
        max(case when event_type = 'sent' then occurred_at_utc end) as last_sent_at_utc
    from scoped_events
    group by email_pseudonym
)

select * from final
