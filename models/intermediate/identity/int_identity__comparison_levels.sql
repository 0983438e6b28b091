{#-
    The comparison level of every field of every candidate pair (var identity_comparisons, macro
    identity_comparison_level): the top level = exact, 0 = disagree, NULL = a side lacks the field. For fields
    with term_frequency, <field>_exact_value holds the value both share when they match exactly (its frequency
    adjusts the weight). What the EM trains on and the scoring applies the stored weights to.
-#}

with

candidates as (
    select * from {{ ref('int_identity__fuzzy_candidates') }}
),

final as (
    select
        -- pair
        left_record_key,
        right_record_key,
        left_source_name,
        right_source_name,
        left_deterministic_cluster_key,
        right_deterministic_cluster_key,
        blocking_passes,
        is_nickname_match,
        -- the attributes the conflicting-profiles check reads
        left_first_name_key,
        right_first_name_key,
        left_birth_date,
        right_birth_date,
        -- comparison levels
        {%- for comparison in var('identity_comparisons') %}
            {{ customer360.identity_pair_level(comparison, 'is_nickname_match') }} as {{ comparison.field }}_level,
            {%- if comparison.term_frequency %}
                case
                    when left_{{ comparison.column }} = right_{{ comparison.column }} then left_{{ comparison.column }}
                end as {{ comparison.field }}_exact_value,
            {%- endif %}
        {%- endfor %}
        -- conflicting profiles (var identity_conflict_levels): relatives share a surname and an address
        {{ customer360.identity_conflicting_profiles('left_', 'right_', 'is_nickname_match') }}
            as is_conflicting_profiles,
        -- the same when a field of var identity_conflict_unknown_fields missing on a side counts as disagreeing
        {{ customer360.identity_conflicting_profiles('left_', 'right_', 'is_nickname_match', unknown_conflicts=true) }}
            as is_conflicting_if_unknown
    from candidates
)

select * from final
