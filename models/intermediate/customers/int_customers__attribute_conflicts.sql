{#-
    Attributes on which a customer's sources disagree: one row per customer, attribute and distinct value, for every
    (customer, attribute) with more than one distinct eligible value. Shows which sources hold each value and which
    value survived.
-#}

with

survivorship as (
    select * from {{ ref('int_customers__attribute_survivorship') }}
),

conflicting as (
    select
        customer_id,
        attribute,
        count(distinct value) as distinct_value_count
    from survivorship
    group by
        customer_id,
        attribute
    having count(distinct value) > 1
),

survivors as (
    select
        customer_id,
        attribute,
        strategy,
        value as survivor_value,
        source_name as survivor_source_name
    from survivorship
    where is_survivor
),

value_sources as (
    select
        customer_id,
        attribute,
        value,
        source_name,
        count(*) as source_record_count,
        max(observed_at_utc) as last_observed_at_utc
    from survivorship
    group by
        customer_id,
        attribute,
        value,
        source_name
),

candidate_values as (
    select
        customer_id,
        attribute,
        value,
        {{ dbt.listagg('source_name', "', '", 'order by source_name') }} as source_names,
        {{ dbt.cast('sum(source_record_count)', dbt.type_bigint()) }} as record_count,
        max(last_observed_at_utc) as last_observed_at_utc
    from value_sources
    group by
        customer_id,
        attribute,
        value
),

final as (
    select
        -- keys
        conflicting.customer_id,
        conflicting.attribute,
        candidate_values.value,
        -- who says so
        candidate_values.source_names,
        candidate_values.record_count,
        candidate_values.last_observed_at_utc,
        -- the outcome
        survivors.strategy,
        survivors.survivor_value,
        survivors.survivor_source_name,
        candidate_values.value = survivors.survivor_value as is_survivor,
        conflicting.distinct_value_count
    from conflicting
    inner join candidate_values
        on
            conflicting.customer_id = candidate_values.customer_id
            and conflicting.attribute = candidate_values.attribute
    inner join survivors
        on
            conflicting.customer_id = survivors.customer_id
            and conflicting.attribute = survivors.attribute
)

select * from final
