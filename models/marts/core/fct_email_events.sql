{#-
    ESP events of customers and ESP-only recipients (int_email_events__attributed: attribution through the
    recipient address, erased people dropped). The address itself never reaches the mart: `email_pseudonym` is
    its salted key, the same key as customer_360.email_pseudonym.
-#}
with

email_events as (
    select * from {{ ref('int_email_events__attributed') }}
),

final as (
    select
        -- ids
        cast({{ pseudonymize('record_key') }} as varchar) as email_event_id,
        cast(customer_id as varchar) as customer_id,
        cast(email_pseudonym as varchar) as email_pseudonym,
        cast(campaign_id as varchar) as campaign_id,
        -- event
        cast(event_type as varchar) as event_type,
        cast(occurred_at_utc as timestamp) as occurred_at_utc,
        cast(occurred_at_utc as date) as event_date,
        cast(campaign_type as varchar) as campaign_type,
        cast(bounce_type as varchar) as bounce_type
    from email_events
)

select * from final
