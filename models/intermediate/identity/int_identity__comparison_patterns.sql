{{ config(materialized='view') }}
{#-
    What the EM trains on: the candidate pairs aggregated to their comparison patterns (one row per blocking
    pass and combination of levels, a few hundred rows), plus the distinct pairs of all passes
    (blocking_pass = '*'). A view: it is only read when int_identity__match_weights trains.
-#}

with

levels as (
    select * from {{ ref('int_identity__comparison_levels') }}
),

passes as (
    {%- for pass in var('identity_blocking_passes') %}
        select '{{ pass.name }}' as blocking_pass
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

pass_pairs as (
    select
        {%- for comparison in var('identity_comparisons') %}
            levels.{{ comparison.field }}_level,
        {%- endfor %}
        passes.blocking_pass
    from levels
    inner join passes
        on ',' || levels.blocking_passes || ',' like '%,' || passes.blocking_pass || ',%'
    union all
    select
        {%- for comparison in var('identity_comparisons') %}
            {{ comparison.field }}_level,
        {%- endfor %}
        '*' as blocking_pass
    from levels
),

final as (
    select
        blocking_pass,
        {%- for comparison in var('identity_comparisons') %}
            {{ comparison.field }}_level,
        {%- endfor %}
        count(*) as pair_count
    from pass_pairs
    group by
        {%- for comparison in var('identity_comparisons') %}
            {{ comparison.field }}_level,
        {%- endfor %}
        blocking_pass
)

select * from final
