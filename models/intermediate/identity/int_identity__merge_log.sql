{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
    )
}}

{#-
    Identity merge log: one row per change of identity between two builds, derived from the id registry's
    latest generation. merge: other_customer_id was retired into customer_id (new data linked two persons);
    split: records left other_customer_id, which lives on, for customer_id (a link disappeared: an erasure,
    a corrected email); retire: every record of customer_id is gone. decided_by_override: one of the two
    customers holds a record of a manual override (seed identity_overrides). Appended once per registry
    generation.
-#}

with

registry as (
    select * from {{ ref('int_identity__id_registry') }}
),

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

overrides as (
    select * from {{ ref('identity_overrides') }}
),

-- customers holding a record of a manual override (seed identity_overrides): an override decided their links
override_records as (
    select {{ dbt.concat(['source_name_a', "':'", 'source_record_id_a']) }} as record_key
    from overrides
    union
    select {{ dbt.concat(['source_name_b', "':'", 'source_record_id_b']) }} as record_key
    from overrides
),

override_customers as (
    select distinct crosswalk.customer_id
    from crosswalk
    inner join override_records on crosswalk.record_key = override_records.record_key
),

latest as (
    select max(registry_generation) as registry_generation
    from registry
),

logged as (
    {% if is_incremental() %}
        select coalesce(max(registry_generation), 0) as registry_generation
        from {{ this }}
    {% else %}
        select 0 as registry_generation
    {% endif %}
),

changed as (
    select registry.*
    from registry
    cross join latest
    cross join logged
    where
        registry.registry_generation = latest.registry_generation
        and latest.registry_generation > logged.registry_generation
),

active_ids as (
    select distinct customer_id
    from registry
    where is_active
),

-- ids that existed before this generation
earlier_ids as (
    select distinct registry.customer_id
    from registry
    cross join latest
    where registry.registry_generation < latest.registry_generation
    union
    select distinct previous_customer_id as customer_id
    from changed
    where previous_customer_id is not null
),

moves as (
    select
        customer_id,
        previous_customer_id,
        count(*) as record_count
    from changed
    where is_active and previous_customer_id is not null and previous_customer_id <> customer_id
    group by customer_id, previous_customer_id
),

events as (
    select
        case when active_ids.customer_id is not null then 'split' else 'merge' end as event_type,
        moves.customer_id,
        moves.previous_customer_id as other_customer_id,
        moves.record_count
    from moves
    left join active_ids on moves.previous_customer_id = active_ids.customer_id
    union all
    select
        'retire' as event_type,
        changed.customer_id,
        cast(null as {{ dbt.type_string() }}) as other_customer_id,
        count(*) as record_count
    from changed
    left join active_ids on changed.customer_id = active_ids.customer_id
    where not changed.is_active and active_ids.customer_id is null
    group by changed.customer_id
),

final as (
    select
        latest.registry_generation,
        events.event_type,
        events.customer_id,
        events.other_customer_id,
        events.record_count,
        earlier_ids.customer_id is null as is_new_customer,
        (
            override_customers.customer_id is not null or other_override_customers.customer_id is not null
        ) as decided_by_override,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as logged_at_utc,
        '{{ invocation_id }}' as invocation_id
    from events
    cross join latest
    left join earlier_ids on events.customer_id = earlier_ids.customer_id
    left join override_customers on events.customer_id = override_customers.customer_id
    left join override_customers as other_override_customers
        on events.other_customer_id = other_override_customers.customer_id
)

select * from final
