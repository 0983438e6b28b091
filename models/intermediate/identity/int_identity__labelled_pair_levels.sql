{{ config(materialized='view') }}
{#-
    Labelled matches: pairs of compared records that deterministic links (a shared crm_id, loyalty card, email or
    phone) already put in one cluster, counted per combination of comparison levels. When there are at least
    var identity_m_min_labelled_pairs of them, int_identity__match_weights takes the m-probabilities from them
    (how real duplicates differ: typos, nicknames, moves) instead of the EM. Clusters with more than
    var identity_max_profiles_per_cluster compared records are left out (no quadratic step). A view: only read
    when int_identity__match_weights trains.
-#}

with

fuzzy_records as (
    select * from {{ ref('int_identity__fuzzy_records') }}
),

nicknames as (
    select * from {{ ref('name_nicknames') }}
),

clustered as (
    select
        *,
        count(*) over (partition by deterministic_cluster_key) as compared_record_count
    from fuzzy_records
),

labelled_pairs as (
    select
        (left_nickname.nickname_key is not null or right_nickname.nickname_key is not null) as is_nickname_match,
        {%- for comparison in var('identity_comparisons') %}
            left_records.{{ comparison.column }} as left_{{ comparison.column }},
            right_records.{{ comparison.column }} as right_{{ comparison.column }},
        {%- endfor %}
        left_records.deterministic_cluster_key
    from clustered as left_records
    inner join clustered as right_records
        on
            left_records.deterministic_cluster_key = right_records.deterministic_cluster_key
            and left_records.record_key < right_records.record_key
    {{ customer360.identity_nickname_joins('left_records', 'right_records') }}
    where
        left_records.compared_record_count between 2 and {{ var('identity_max_profiles_per_cluster') }}
),

pair_levels as (
    select
        {%- for comparison in var('identity_comparisons') %}
            {{ customer360.identity_pair_level(comparison, 'is_nickname_match') }} as {{ comparison.field }}_level,
        {%- endfor %}
        1 as pair_weight
    from labelled_pairs
),

final as (
    {{ customer360.identity_pattern_counts('pair_levels') }}
)

select * from final
