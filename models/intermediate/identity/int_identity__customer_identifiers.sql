{#-
    Identifier value -> customer_id, for attributing identifier-keyed data (email events, consent, experiment
    subjects, cookies) to a customer: one row per (identifier_type, identifier_value) whose records all belong
    to exactly one customer; emails both as staged and by their link value (without plus tag). Placeholders and
    values refused by the guards (over-shared, conflicting) are left out: they identify nobody.
-#}

with

observations as (
    select * from {{ ref('int_identity__identifier_observations') }}
),

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

guards as (
    select * from {{ ref('int_identity__identifier_value_guards') }}
),

exclusions as (
    select * from {{ ref('identifier_exclusions') }}
),

-- emails also under their link value (without plus tag), so `anna@x.com` finds the customer who typed
-- `anna+shop@x.com`
identifier_values as (
    select
        identifier_type,
        identifier_value,
        record_key,
        first_seen_at_utc,
        last_seen_at_utc
    from observations
    union
    select
        identifier_type,
        {{ customer360.identity_link_value('identifier_type', 'identifier_value') }} as identifier_value,
        record_key,
        first_seen_at_utc,
        last_seen_at_utc
    from observations
    where identifier_type = 'email'
),

linkable_values as (
    select
        *,
        {{ customer360.identity_link_value('identifier_type', 'identifier_value') }} as link_value
    from identifier_values
),

attributed as (
    select
        linkable_values.identifier_type,
        linkable_values.identifier_value,
        crosswalk.customer_id,
        linkable_values.record_key,
        linkable_values.first_seen_at_utc,
        linkable_values.last_seen_at_utc
    from linkable_values
    inner join crosswalk on linkable_values.record_key = crosswalk.record_key
    left join exclusions
        on
            linkable_values.identifier_type = exclusions.identifier_type
            and linkable_values.link_value = exclusions.identifier_value
    left join guards
        on
            linkable_values.identifier_type = guards.identifier_type
            and linkable_values.link_value = guards.identifier_value
    where exclusions.identifier_value is null and coalesce(guards.is_link_allowed, true)
),

final as (
    select
        identifier_type,
        identifier_value,
        min(customer_id) as customer_id,
        count(distinct record_key) as record_count,
        min(first_seen_at_utc) as first_seen_at_utc,
        max(last_seen_at_utc) as last_seen_at_utc
    from attributed
    group by identifier_type, identifier_value
    having count(distinct customer_id) = 1
)

select * from final
