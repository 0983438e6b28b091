-- Email campaign performance: per campaign, recipients sent to, unique open and click rates, bounces,
-- unsubscribes and complaints, and how many recipients are known customers.
with

email_events as (
    select * from {{ ref('fct_email_events') }}
),

recipient_campaigns as (
    select
        campaign_id,
        campaign_type,
        email_pseudonym,
        max(case when customer_id is not null then 1 else 0 end) as is_known_customer,
        max(case when event_type = 'sent' then 1 else 0 end) as was_sent,
        max(case when event_type = 'open' then 1 else 0 end) as was_opened,
        max(case when event_type = 'click' then 1 else 0 end) as was_clicked,
        max(case when event_type = 'bounce' then 1 else 0 end) as bounced,
        max(case when event_type = 'unsubscribe' then 1 else 0 end) as unsubscribed,
        max(case when event_type = 'complaint' then 1 else 0 end) as complained
    from email_events
    group by campaign_id, campaign_type, email_pseudonym
),

final as (
    select
        campaign_id,
        campaign_type,
        sum(was_sent) as recipients_sent,
        sum(is_known_customer * was_sent) as known_customers_sent,
        round(100.0 * sum(was_sent * was_opened) / nullif(sum(was_sent), 0), 1) as unique_open_rate_pct,
        round(100.0 * sum(was_sent * was_clicked) / nullif(sum(was_sent), 0), 1) as unique_click_rate_pct,
        sum(bounced) as bounces,
        sum(unsubscribed) as unsubscribes,
        sum(complained) as complaints
    from recipient_campaigns
    group by campaign_id, campaign_type
)

select * from final
order by recipients_sent desc, campaign_id asc
