{#-
    Per profile attribute: how many customers have a value, how many of them have sources that disagree, and the
    share, for the data-quality report.
-#}

with

survivorship as (
    select * from {{ ref('int_customers__attribute_survivorship') }}
),

survivorship_rules as (
    select * from {{ ref('survivorship_rules') }}
),

per_customer as (
    select
        attribute,
        customer_id,
        count(*) as candidate_count,
        count(distinct value) as distinct_value_count,
        count(distinct source_name) as source_count
    from survivorship
    group by
        attribute,
        customer_id
),

per_attribute as (
    select
        attribute,
        count(*) as customers_with_value,
        count(case when distinct_value_count > 1 then customer_id end) as customers_with_conflict,
        count(case when distinct_value_count > 1 and source_count > 1 then customer_id end)
            as customers_with_cross_source_conflict,
        {{ dbt.cast('sum(candidate_count)', dbt.type_bigint()) }} as candidate_count
    from per_customer
    group by attribute
),

final as (
    select
        -- key
        survivorship_rules.attribute,
        -- the rule
        lower(trim(survivorship_rules.strategy)) as strategy,
        survivorship_rules.source_order,
        -- counts
        coalesce(per_attribute.customers_with_value, 0) as customers_with_value,
        coalesce(per_attribute.customers_with_conflict, 0) as customers_with_conflict,
        coalesce(per_attribute.customers_with_cross_source_conflict, 0) as customers_with_cross_source_conflict,
        coalesce(per_attribute.candidate_count, 0) as candidate_count,
        case
            when per_attribute.customers_with_value > 0
                then per_attribute.customers_with_conflict * 1.0 / per_attribute.customers_with_value
        end as conflict_rate
    from survivorship_rules
    left join per_attribute
        on survivorship_rules.attribute = per_attribute.attribute
)

select * from final
