{#-
    Every person-bearing record of the crosswalk with the first and last time its source saw it: the basis of
    first_seen_at_utc, last_seen_at_utc, source_count and record_count in the golden profile. Enrichment rows are
    third-party data, not an interaction: they count as records but carry no time. Records come from the retained
    crosswalk (int_privacy__retained_crosswalk), so erased customers are left out.
-#}

with

crosswalk as (
    select * from {{ ref('int_privacy__retained_crosswalk') }}
),

crm_customers as (
    select * from {{ ref('stg_crm__customers') }}
),

loyalty_members as (
    select * from {{ ref('stg_pos__loyalty_members') }}
),

shop_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

record_times as (
    select
        source_name,
        source_record_id,
        created_at_utc as first_observed_at_utc,
        coalesce(updated_at_utc, created_at_utc) as last_observed_at_utc
    from crm_customers
    union all
    select
        source_name,
        source_record_id,
        enrolled_at_utc as first_observed_at_utc,
        enrolled_at_utc as last_observed_at_utc
    from loyalty_members
    union all
    select
        source_name,
        source_record_id,
        ordered_at_utc as first_observed_at_utc,
        ordered_at_utc as last_observed_at_utc
    from shop_orders
    union all
    select
        source_name,
        source_record_id,
        transacted_at_utc as first_observed_at_utc,
        transacted_at_utc as last_observed_at_utc
    from pos_transactions
    union all
    -- the cookie is the web record
    select
        source_name,
        anonymous_id as source_record_id,
        min(event_at_utc) as first_observed_at_utc,
        max(event_at_utc) as last_observed_at_utc
    from web_events
    group by
        source_name,
        anonymous_id
),

final as (
    select
        -- keys
        crosswalk.customer_id,
        crosswalk.record_key,
        crosswalk.source_name,
        crosswalk.source_record_id,
        -- timestamps
        record_times.first_observed_at_utc,
        record_times.last_observed_at_utc
    from crosswalk
    left join record_times
        on
            crosswalk.source_name = record_times.source_name
            and crosswalk.source_record_id = record_times.source_record_id
)

select * from final
