-- How records were linked: crosswalk records and customers per source and match rule (counts only). Erased
-- customers are left out in the build that processes their erasure, as in every customer mart. The average
-- confidence is a summary for people (4 decimals): fuzzy link probabilities move in the last digits when other
-- records come or go (term frequencies), which would otherwise change this row at every such build.
with

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

erased_customers as (
    select distinct customer_id from {{ ref('int_privacy__erased_customers') }}
),

kept_records as (
    select crosswalk.*
    from crosswalk
    left join erased_customers
        on crosswalk.customer_id = erased_customers.customer_id
    where erased_customers.customer_id is null
),

final as (
    select
        source_name,
        match_rule,
        count(*) as record_count,
        count(distinct customer_id) as customer_count,
        round(avg(match_confidence), 4) as average_match_confidence
    from kept_records
    group by 1, 2
)

select * from final
