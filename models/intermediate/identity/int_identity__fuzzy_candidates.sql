{#-
    Candidate pairs of profiles: every pair sharing a block in at least one blocking pass (blocks larger than
    var identity_blocking_max_block_size are skipped: no quadratic step), deduplicated across passes, minus the
    pairs the deterministic links already put in one cluster. Carries both sides' compared columns
    (var identity_comparisons).
-#}

with

blocking_keys as (
    select * from {{ ref('int_identity__fuzzy_blocking_keys') }}
),

fuzzy_records as (
    select * from {{ ref('int_identity__fuzzy_records') }}
),

nicknames as (
    select * from {{ ref('name_nicknames') }}
),

usable_blocks as (
    select *
    from blocking_keys
    where block_size between 2 and {{ var('identity_blocking_max_block_size') }}
),

block_pairs as (
    select
        left_keys.record_key as left_record_key,
        right_keys.record_key as right_record_key,
        left_keys.blocking_pass,
        left_keys.blocking_pass_order
    from usable_blocks as left_keys
    inner join usable_blocks as right_keys
        on
            left_keys.blocking_pass = right_keys.blocking_pass
            and left_keys.block_key = right_keys.block_key
            and left_keys.record_key < right_keys.record_key
),

distinct_pairs as (
    select
        left_record_key,
        right_record_key,
        min(blocking_pass_order) as first_blocking_pass_order,
        {{ dbt.listagg('blocking_pass', "','", 'order by blocking_pass_order') }} as blocking_passes
    from block_pairs
    group by left_record_key, right_record_key
),

final as (
    select
        -- pair
        distinct_pairs.left_record_key,
        distinct_pairs.right_record_key,
        left_records.source_name as left_source_name,
        right_records.source_name as right_source_name,
        left_records.deterministic_cluster_key as left_deterministic_cluster_key,
        right_records.deterministic_cluster_key as right_deterministic_cluster_key,
        left_records.deterministic_cluster_profile_count as left_cluster_profile_count,
        right_records.deterministic_cluster_profile_count as right_cluster_profile_count,
        distinct_pairs.blocking_passes,
        distinct_pairs.first_blocking_pass_order,
        -- compared attributes (var identity_comparisons)
        {%- for comparison in var('identity_comparisons') %}
            left_records.{{ comparison.column }} as left_{{ comparison.column }},
            right_records.{{ comparison.column }} as right_{{ comparison.column }},
        {%- endfor %}
        (left_nickname.nickname_key is not null or right_nickname.nickname_key is not null) as is_nickname_match
    from distinct_pairs
    inner join fuzzy_records as left_records on distinct_pairs.left_record_key = left_records.record_key
    inner join fuzzy_records as right_records on distinct_pairs.right_record_key = right_records.record_key
    {{ customer360.identity_nickname_joins('left_records', 'right_records') }}
    where left_records.deterministic_cluster_key <> right_records.deterministic_cluster_key
)

select * from final
