{{ config(severity='warn', group='identity') }}

{#-
    Consistency check of the final clusters: no cluster joins (through fuzzy links) two profiles that conflict
    (var identity_conflict_levels: first names and birth dates disagree, macro
    identity_conflicting_profiles). Warns: a human reviews the pairs
    (the guards already cut weak fuzzy edges in such clusters; strict ones remain).
-#}

with

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

records as (
    select * from {{ ref('int_identity__records') }}
),

nicknames as (
    select * from {{ ref('name_nicknames') }}
),

profiles as (
    select
        clusters.cluster_key,
        clusters.deterministic_cluster_key,
        records.record_key,
        records.first_name_key,
        records.last_name_key,
        records.birth_date
    from clusters
    inner join records on clusters.record_key = records.record_key
    where
        records.is_profile
        and clusters.cluster_deterministic_cluster_count > 1
        and clusters.cluster_profile_count <= {{ var('identity_max_profiles_per_cluster') }}
),

pairs as (
    select
        left_profiles.cluster_key,
        left_profiles.record_key as left_record_key,
        right_profiles.record_key as right_record_key,
        left_profiles.first_name_key as left_first_name_key,
        right_profiles.first_name_key as right_first_name_key,
        left_profiles.last_name_key as left_last_name_key,
        right_profiles.last_name_key as right_last_name_key,
        left_profiles.birth_date as left_birth_date,
        right_profiles.birth_date as right_birth_date,
        (left_nickname.nickname_key is not null or right_nickname.nickname_key is not null) as is_nickname_match
    from profiles as left_profiles
    inner join profiles as right_profiles
        on
            left_profiles.cluster_key = right_profiles.cluster_key
            and left_profiles.deterministic_cluster_key < right_profiles.deterministic_cluster_key
    {{ customer360.identity_nickname_joins('left_profiles', 'right_profiles') }}
),

final as (
    select
        cluster_key,
        left_record_key,
        right_record_key
    from pairs
    where {{ customer360.identity_conflicting_profiles('left_', 'right_', 'is_nickname_match') }}
)

select * from final
