{#-
    The golden profile: one row per customer_id of the crosswalk (erased customers excepted) with, for every
    profile attribute, the value that survives the rules of seed `survivorship_rules` and the source it came from
    (`<attribute>_source`). The address is resolved as one value, so street, city, postal_code and country_code
    always come from the same record.
-#}

with

source_records as (
    select * from {{ ref('int_customers__source_records') }}
),

survivorship as (
    select * from {{ ref('int_customers__attribute_survivorship') }}
),

customers as (
    select
        customer_id,
        min(first_observed_at_utc) as first_seen_at_utc,
        max(last_observed_at_utc) as last_seen_at_utc,
        count(distinct source_name) as source_count,
        count(*) as record_count
    from source_records
    group by customer_id
),

winners as (
    select * from survivorship
    where is_survivor
),

resolved as (
    select
        winners.customer_id,
        {{ customer360.resolve_attributes('winners') }}
    from winners
    group by winners.customer_id
),

final as (
    select
        -- key
        customers.customer_id,
        -- resolved attributes, each followed by the source it came from
        {{ customer360.golden_profile_attribute_columns('resolved') }},
        -- coverage
        customers.first_seen_at_utc,
        customers.last_seen_at_utc,
        customers.source_count,
        customers.record_count
    from customers
    left join resolved
        on customers.customer_id = resolved.customer_id
)

select * from final
