-- How records were linked: crosswalk records and customers per source and match rule (counts only). Erased
-- customers are left out in the build that processes their erasure, as in every customer mart: the records are
-- those of the retained crosswalk (int_privacy__retained_crosswalk). The average
-- confidence is a summary for people (4 decimals): fuzzy link probabilities move in the last digits when other
-- records come or go (term frequencies), which would otherwise change this row at every such build.
with

kept_records as (
    select * from {{ ref('int_privacy__retained_crosswalk') }}
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
