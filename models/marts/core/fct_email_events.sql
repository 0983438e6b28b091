{#-
    ESP events attributed to a customer through the normalized recipient email (unambiguous identifiers only).
    The address itself never reaches the mart: `email_pseudonym` is its salted key, the same key as
    customer_360.email_pseudonym. Events of erased customers are dropped.
-#}
with

email_events as (
    select * from {{ ref('stg_esp__email_events') }}
),

customer_identifiers as (
    select * from {{ ref('int_identity__customer_identifiers') }}
    where identifier_type = 'email'
),

erased_customers as (
    select distinct customer_id from {{ ref('int_privacy__erased_customers') }}
),

attributed as (
    select
        email_events.*,
        customer_identifiers.customer_id
    from email_events
    left join customer_identifiers
        on email_events.email = customer_identifiers.identifier_value
    left join erased_customers
        on customer_identifiers.customer_id = erased_customers.customer_id
    where erased_customers.customer_id is null
),

final as (
    select
        -- ids
        cast({{ pseudonymize('record_key') }} as varchar) as email_event_id,
        cast(customer_id as varchar) as customer_id,
        cast({{ pseudonymize('email') }} as varchar) as email_pseudonym,
        cast(campaign_id as varchar) as campaign_id,
        -- event
        cast(event_type as varchar) as event_type,
        cast(occurred_at_utc as timestamp) as occurred_at_utc,
        cast(occurred_at_utc as date) as event_date,
        cast(campaign_type as varchar) as campaign_type,
        cast(bounce_type as varchar) as bounce_type
    from attributed
)

select * from final
