{#-
    Fuzzy links kept for clustering. Chaining guard by design: a matching pair becomes an edge only when each
    side is the other's best match within the other's source (mutual best candidates, ties to the smallest
    record_key), so a profile gains at most one fuzzy edge per source; an edge between two deterministic
    clusters that each already hold var identity_large_cluster_profiles profiles needs the strict threshold.
-#}

with

scores as (
    select * from {{ ref('int_identity__fuzzy_scores') }}
),

matches as (
    select *
    from scores
    where
        is_match
        and (
            is_strict_match
            or left_cluster_profile_count < {{ var('identity_large_cluster_profiles') }}
            or right_cluster_profile_count < {{ var('identity_large_cluster_profiles') }}
        )
),

directed as (
    select
        left_record_key,
        right_record_key,
        left_record_key as record_key,
        right_record_key as other_record_key,
        right_source_name as other_source_name,
        match_score
    from matches
    union all
    select
        left_record_key,
        right_record_key,
        right_record_key as record_key,
        left_record_key as other_record_key,
        left_source_name as other_source_name,
        match_score
    from matches
),

best_choices as (
    select
        left_record_key,
        right_record_key
    from directed
    qualify row_number() over (
        partition by record_key, other_source_name
        order by match_score desc, other_record_key asc
    ) = 1
),

mutual_pairs as (
    select
        left_record_key,
        right_record_key
    from best_choices
    group by left_record_key, right_record_key
    having count(*) = 2
),

final as (
    select
        matches.left_record_key,
        matches.right_record_key,
        matches.left_deterministic_cluster_key,
        matches.right_deterministic_cluster_key,
        'fuzzy' as match_rule,
        matches.match_score,
        matches.is_strict_match,
        matches.blocking_passes
    from matches
    inner join mutual_pairs
        on
            matches.left_record_key = mutual_pairs.left_record_key
            and matches.right_record_key = mutual_pairs.right_record_key
)

select * from final
