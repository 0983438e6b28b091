{#- Top var recommendation_count products per customer with personalization consent, best first, each with
    its reason. Scoring and eligibility: int_personalization__recommendation_candidates. Scores are rounded to
    var mart_float_decimals before ranking: parallel floating-point sums may differ in the last bits
    between two builds, and a rebuild of unchanged data must give byte-identical rows and the same ranks. -#}
{%- set decimals = var('mart_float_decimals') -%}

with

candidates as (
    select * from {{ ref('int_personalization__recommendation_candidates') }}
),

as_of as (
    select * from {{ ref('int_personalization__as_of') }}
),

rounded as (
    select
        customer_id,
        product_id,
        category,
        reason,
        source_product_id,
        round(score, {{ decimals }}) as score,
        round(co_occurrence_score, {{ decimals }}) as co_occurrence_score,
        round(affinity_score, {{ decimals }}) as affinity_score,
        round(popularity_score, {{ decimals }}) as popularity_score
    from candidates
    where not is_excluded
),

ranked as (
    select
        *,
        row_number() over (
            partition by customer_id
            order by score desc, co_occurrence_score desc, popularity_score desc, product_id asc
        ) as recommendation_rank
    from rounded
),

final as (
    select
        -- ids
        ranked.customer_id,
        cast(ranked.recommendation_rank as integer) as recommendation_rank,
        ranked.product_id,
        ranked.category,
        -- scores
        cast(ranked.score as double precision) as score,
        cast(ranked.co_occurrence_score as double precision) as co_occurrence_score,
        cast(ranked.affinity_score as double precision) as affinity_score,
        cast(ranked.popularity_score as double precision) as popularity_score,
        -- why
        ranked.reason,
        case when ranked.reason in ('co_purchase', 'co_view') then ranked.source_product_id end
            as reason_product_id,
        case when ranked.reason = 'category_affinity' then ranked.category end as reason_category,
        -- as of
        cast(as_of.as_of_at_utc as date) as as_of_date
    from ranked
    cross join as_of
    where ranked.recommendation_rank <= {{ var('recommendation_count') }}
)

select * from final
