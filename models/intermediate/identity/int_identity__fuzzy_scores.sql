{#-
    Scores every candidate pair: one similarity per field (NULL when a side lacks it), the weighted score, the
    evidence (weight of the fields both sides have) and whether the pair is a match (macros in
    macros/identity/fuzzy_score.sql; weights, minimums and thresholds in var identity_fuzzy_*).
-#}

with

candidates as (
    select * from {{ ref('int_identity__fuzzy_candidates') }}
),

similarities as (
    select
        left_record_key,
        right_record_key,
        left_source_name,
        right_source_name,
        left_deterministic_cluster_key,
        right_deterministic_cluster_key,
        left_cluster_profile_count,
        right_cluster_profile_count,
        blocking_passes,
        postal_code_record_count,
        {{ customer360.identity_first_name_similarity(
            'left_first_name_key', 'right_first_name_key', 'is_nickname_match'
        ) }} as first_name_similarity,
        {{ customer360.identity_string_similarity('left_last_name_key', 'right_last_name_key') }}
            as last_name_similarity,
        {{ customer360.identity_birth_date_similarity('left_birth_date', 'right_birth_date') }}
            as birth_date_similarity,
        {{ customer360.identity_equality_similarity('left_postal_code', 'right_postal_code') }}
            as postal_code_similarity,
        {{ customer360.identity_street_similarity('left_street_key', 'right_street_key') }} as street_similarity,
        {{ customer360.identity_equality_similarity('left_phone_e164', 'right_phone_e164') }} as phone_similarity
    from candidates
),

scored as (
    select
        *,
        {{ customer360.identity_fuzzy_score() }} as match_score,
        {{ customer360.identity_fuzzy_evidence() }} as match_evidence
    from similarities
),

final as (
    select
        *,
        {{ customer360.identity_fuzzy_is_match(
            'match_score', 'match_evidence', var('identity_fuzzy_match_threshold')
        ) }} as is_match,
        {{ customer360.identity_fuzzy_is_match(
            'match_score', 'match_evidence', var('identity_fuzzy_strict_threshold')
        ) }} as is_strict_match
    from scored
)

select * from final
