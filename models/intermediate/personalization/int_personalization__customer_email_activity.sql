{#- Email engagement per customer (events of every address attributed to them in int_email_events__attributed,
    before the cut-off): campaigns sent, delivered, opened and clicked, the hour (UTC) they most often open, and the
    marketing emails sent in the frequency-cap window (the var email_frequency_cap_days days up to the as-of
    time; every campaign type except those in var email_uncapped_campaign_types counts). -#}
{%- set uncapped_types = var('email_uncapped_campaign_types') -%}

with

email_events as (
    select * from {{ ref('int_email_events__attributed') }}
),

as_of as (
    select * from {{ ref('int_personalization__as_of') }}
),

customer_events as (
    select
        customer_id,
        event_type,
        campaign_id,
        campaign_type,
        occurred_at_utc
    from email_events
    where
        customer_id is not null
        and {{ personalization_before_cutoff('occurred_at_utc') }}
),

campaign_counts as (
    select
        customer_id,
        count(distinct case when event_type = 'sent' then campaign_id end) as campaigns_sent,
        count(distinct case when event_type = 'delivered' then campaign_id end) as campaigns_delivered,
        count(distinct case when event_type = 'open' then campaign_id end) as campaigns_opened,
        count(distinct case when event_type = 'click' then campaign_id end) as campaigns_clicked,
        max(case when event_type = 'open' then occurred_at_utc end) as last_opened_at_utc
    from customer_events
    group by customer_id
),

open_hours as (
    select
        customer_id,
        {{ hour_of_day('occurred_at_utc') }} as open_hour_utc,
        count(*) as opens
    from customer_events
    where event_type = 'open'
    group by customer_id, {{ hour_of_day('occurred_at_utc') }}
),

preferred_hours as (
    select
        customer_id,
        open_hour_utc,
        row_number() over (partition by customer_id order by opens desc, open_hour_utc asc) as hour_rank
    from open_hours
),

cap_window as (
    select
        as_of_at_utc as cap_window_end_at_utc,
        {{ dbt.dateadd('day', -1 * var('email_frequency_cap_days'), 'as_of_at_utc') }} as cap_window_start_at_utc
    from as_of
),

capped_sends as (
    select
        customer_events.customer_id,
        count(*) as marketing_emails_in_cap_window
    from customer_events
    cross join cap_window
    where
        customer_events.event_type = 'sent'
        and coalesce(customer_events.campaign_type, 'unknown') not in ('{{ uncapped_types | join("', '") }}')
        and customer_events.occurred_at_utc > cap_window.cap_window_start_at_utc
        and customer_events.occurred_at_utc <= cap_window.cap_window_end_at_utc
    group by customer_events.customer_id
),

final as (
    select
        campaign_counts.customer_id,
        campaign_counts.campaigns_sent,
        campaign_counts.campaigns_delivered,
        campaign_counts.campaigns_opened,
        campaign_counts.campaigns_clicked,
        -- the denominator of open and click rates: delivered campaigns, or sent ones when the ESP export
        -- reports no deliveries; never fewer than the campaigns opened
        greatest(
            case
                when campaign_counts.campaigns_delivered > 0 then campaign_counts.campaigns_delivered
                else campaign_counts.campaigns_sent
            end,
            campaign_counts.campaigns_opened,
            campaign_counts.campaigns_clicked
        ) as campaigns_reached,
        campaign_counts.last_opened_at_utc,
        preferred_hours.open_hour_utc as preferred_open_hour_utc,
        coalesce(capped_sends.marketing_emails_in_cap_window, 0) as marketing_emails_in_cap_window
    from campaign_counts
    left join preferred_hours
        on
            campaign_counts.customer_id = preferred_hours.customer_id
            and preferred_hours.hour_rank = 1
    left join capped_sends
        on campaign_counts.customer_id = capped_sends.customer_id
)

select * from final
