{#-
    Candidate-pair counts per blocking pass, the scale report of fuzzy matching: how many profiles and blocks
    each pass has, how many blocks it skipped as too large (var identity_blocking_max_block_size), how many
    pairs it proposed, how many of the scored pairs it found (and first), and how many of them matched.
-#}

with

blocking_keys as (
    select * from {{ ref('int_identity__fuzzy_blocking_keys') }}
),

scores as (
    select * from {{ ref('int_identity__fuzzy_scores') }}
),

fuzzy_edges as (
    select * from {{ ref('int_identity__fuzzy_edges') }}
),

passes as (
    {%- for pass in var('identity_blocking_passes') %}
        select
            '{{ pass.name }}' as blocking_pass,
            {{ loop.index }} as blocking_pass_order,
            '{{ pass["keys"] | join(", ") }}' as blocking_keys
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

blocks as (
    select
        blocking_pass,
        block_key,
        count(*) as block_size
    from blocking_keys
    group by blocking_pass, block_key
),

block_stats as (
    select
        blocking_pass,
        sum(block_size) as profile_count,
        count(*) as block_count,
        max(block_size) as max_block_size,
        sum(case when block_size > {{ var('identity_blocking_max_block_size') }} then 1 else 0 end)
            as skipped_block_count,
        sum(case when block_size > {{ var('identity_blocking_max_block_size') }} then block_size else 0 end)
            as skipped_profile_count,
        sum(
            case
                when block_size <= {{ var('identity_blocking_max_block_size') }}
                    then block_size * (block_size - 1) / 2
                else 0
            end
        ) as candidate_pair_count
    from blocks
    group by blocking_pass
),

pair_stats as (
    select
        passes.blocking_pass,
        count(*) as scored_pair_count,
        sum(case when scores.blocking_passes like passes.blocking_pass || '%' then 1 else 0 end)
            as first_found_pair_count,
        sum(case when scores.is_match then 1 else 0 end) as matched_pair_count
    from passes
    inner join scores
        on ',' || scores.blocking_passes || ',' like '%,' || passes.blocking_pass || ',%'
    group by passes.blocking_pass
),

edge_stats as (
    select
        passes.blocking_pass,
        count(*) as fuzzy_edge_count
    from passes
    inner join fuzzy_edges
        on ',' || fuzzy_edges.blocking_passes || ',' like '%,' || passes.blocking_pass || ',%'
    group by passes.blocking_pass
),

final as (
    select
        passes.blocking_pass_order,
        passes.blocking_pass,
        passes.blocking_keys,
        coalesce(block_stats.profile_count, 0) as profile_count,
        coalesce(block_stats.block_count, 0) as block_count,
        coalesce(block_stats.max_block_size, 0) as max_block_size,
        coalesce(block_stats.skipped_block_count, 0) as skipped_block_count,
        coalesce(block_stats.skipped_profile_count, 0) as skipped_profile_count,
        coalesce(block_stats.candidate_pair_count, 0) as candidate_pair_count,
        coalesce(pair_stats.scored_pair_count, 0) as scored_pair_count,
        coalesce(pair_stats.first_found_pair_count, 0) as first_found_pair_count,
        coalesce(pair_stats.matched_pair_count, 0) as matched_pair_count,
        coalesce(edge_stats.fuzzy_edge_count, 0) as fuzzy_edge_count
    from passes
    left join block_stats on passes.blocking_pass = block_stats.blocking_pass
    left join pair_stats on passes.blocking_pass = pair_stats.blocking_pass
    left join edge_stats on passes.blocking_pass = edge_stats.blocking_pass
)

select * from final
