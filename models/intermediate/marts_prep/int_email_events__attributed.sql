{#-
    ESP events attributed to a customer through the normalized recipient email (unambiguous identifiers only),
    the address replaced by its salted key (`email_pseudonym`, the key of customer_360.email_pseudonym). Events of
    erased people are dropped in the build that processes their request: those of an erased customer, and those
    whose address an erasure request covers (int_privacy__erasure_scope), also when the address belongs to no
    customer (an ESP-only recipient), so nothing is left for the on-run-end purge to miss (it cannot match the
    pseudonymized address of a mart row). Read by fct_email_events and the personalization email models.
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

erasure_scope as (
    select * from {{ ref('int_privacy__erasure_scope') }}
),

recipient_addresses as (
    select distinct email from email_events
    where email is not null
),

erased_addresses as (
    -- each distinct address hashed once, then matched against the hashes the erasure requests cover
    select recipient_addresses.email
    from recipient_addresses
    inner join erasure_scope
        on {{ customer360.erasure_hash('recipient_addresses.email') }} = erasure_scope.identifier_hash
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
    left join erased_addresses
        on email_events.email = erased_addresses.email
    where
        erased_customers.customer_id is null
        and erased_addresses.email is null
),

final as (
    select
        -- ids
        record_key,
        customer_id,
        {{ pseudonymize('email') }} as email_pseudonym,
        campaign_id,
        -- event
        event_type,
        occurred_at_utc,
        campaign_type,
        bounce_type
    from attributed
)

select * from final
