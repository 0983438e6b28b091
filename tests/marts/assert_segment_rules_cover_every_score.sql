{#- The configured segment rules are complete: every recency x frequency score pair (1..5 each) gets a named
    RFM segment from var `rfm_segments`, and every segment / tier in customer_segments is one the vars define.
    Returns the score pairs without a segment and the labels that are not configured. -#}
{%- set segment_names = var('rfm_segments') | map(attribute='segment') | list + [var('rfm_segment_without_orders')] %}
{%- set tier_names = var('value_tiers') | map(attribute='tier') | list + [var('value_tier_without_revenue')] %}
with

segments as (
    select * from {{ ref('customer_segments') }}
),

scores as (
    select score_values.score
    from (values (1), (2), (3), (4), (5)) as score_values (score)
),

configured_segments as (
    select configured.rfm_segment
    from (
        values
        {%- for segment_name in segment_names %}
            ('{{ segment_name }}'){{ ',' if not loop.last }}
        {%- endfor %}
    ) as configured (rfm_segment)
),

configured_tiers as (
    select configured.value_tier
    from (
        values
        {%- for tier_name in tier_names %}
            ('{{ tier_name }}'){{ ',' if not loop.last }}
        {%- endfor %}
    ) as configured (value_tier)
),

score_pairs as (
    select
        recency.score as recency_score,
        frequency.score as frequency_score
    from scores as recency
    cross join scores as frequency
),

unmapped_pairs as (
    select
        'score pair without a segment' as problem,
        {{ dbt.concat(['cast(recency_score as varchar)', 'cast(frequency_score as varchar)']) }} as detail
    from score_pairs
    where {{ rfm_segment('recency_score', 'frequency_score') }} is null
),

unknown_segments as (
    select distinct
        'rfm_segment not configured' as problem,
        segments.rfm_segment as detail
    from segments
    left join configured_segments
        on segments.rfm_segment = configured_segments.rfm_segment
    where configured_segments.rfm_segment is null
),

unknown_tiers as (
    select distinct
        'value_tier not configured' as problem,
        segments.value_tier as detail
    from segments
    left join configured_tiers
        on segments.value_tier = configured_tiers.value_tier
    where configured_tiers.value_tier is null
)

select * from unmapped_pairs
union all
select * from unknown_segments
union all
select * from unknown_tiers
