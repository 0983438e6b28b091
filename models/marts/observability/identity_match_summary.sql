-- How records were linked: crosswalk records and customers per source and match rule (counts only).
with

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

final as (
    select
        source_name,
        match_rule,
        count(*) as record_count,
        count(distinct customer_id) as customer_count,
        avg(match_confidence) as average_match_confidence
    from crosswalk
    group by 1, 2
)

select * from final
