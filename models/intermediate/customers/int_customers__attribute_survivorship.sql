{#-
    Every eligible attribute candidate ranked by the survivorship rules of seed `survivorship_rules`
    (macro `rank_candidates`): survivorship_rank 1 is the value the golden profile keeps.
-#}

with

candidates as (
    select * from {{ ref('int_customers__attribute_candidates') }}
),

survivorship_rules as (
    select * from {{ ref('survivorship_rules') }}
),

ranked as (
    {{ customer360.rank_candidates('candidates', 'survivorship_rules') }}
),

final as (
    select
        -- keys
        customer_id,
        attribute,
        -- the candidate
        value,
        source_name,
        observed_at_utc,
        record_key,
        -- how it was ranked
        strategy,
        source_rank,
        value_frequency,
        value_length,
        tie_break_rank,
        survivorship_rank,
        survivorship_rank = 1 as is_survivor
    from ranked
)

select * from final
