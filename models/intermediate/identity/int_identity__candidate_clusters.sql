{#-
    First clustering pass over the fuzzy edges: the deterministic clusters are the nodes, the fuzzy edges join
    them. Each candidate cluster is then checked: more than var identity_max_profiles_per_cluster profiles
    (oversized), two profiles that conflict (first names and birth dates disagree) from different
    deterministic clusters, or both records of a never_link override (seed identity_overrides). A flagged
    cluster keeps only its strict fuzzy edges and its must_link overrides (int_identity__clusters).
    One row per deterministic cluster that has a fuzzy edge.
-#}

{%- set edges_sql -%}
    select
        left_deterministic_cluster_key as src,
        right_deterministic_cluster_key as dst
    from {{ ref('int_identity__fuzzy_edges') }}
{%- endset %}

with

deterministic_clusters as (
    select * from {{ ref('int_identity__deterministic_clusters') }}
),

records as (
    select * from {{ ref('int_identity__records') }}
),

nicknames as (
    select * from {{ ref('name_nicknames') }}
),

overrides as (
    select * from {{ ref('identity_overrides') }}
),

components as (
    {{ customer360.identity_connected_components(edges_sql) }} -- noqa: PRS
),

cluster_profiles as (
    select distinct
        components.component_id as candidate_cluster_key,
        deterministic_clusters.deterministic_cluster_key,
        deterministic_clusters.record_key,
        deterministic_clusters.is_profile
    from components
    inner join deterministic_clusters
        on components.node_id = deterministic_clusters.deterministic_cluster_key
    where deterministic_clusters.is_profile
),

profile_counts as (
    select
        candidate_cluster_key,
        count(*) as profile_count
    from cluster_profiles
    group by candidate_cluster_key
),

-- pairs of profiles from different deterministic clusters, in clusters within the size cap
profile_pairs as (
    select
        left_profiles.candidate_cluster_key,
        left_records.first_name_key as left_first_name_key,
        right_records.first_name_key as right_first_name_key,
        left_records.last_name_key as left_last_name_key,
        right_records.last_name_key as right_last_name_key,
        left_records.birth_date as left_birth_date,
        right_records.birth_date as right_birth_date,
        (left_nickname.nickname_key is not null or right_nickname.nickname_key is not null) as is_nickname_match
    from cluster_profiles as left_profiles
    inner join profile_counts on left_profiles.candidate_cluster_key = profile_counts.candidate_cluster_key
    inner join cluster_profiles as right_profiles
        on
            left_profiles.candidate_cluster_key = right_profiles.candidate_cluster_key
            and left_profiles.deterministic_cluster_key < right_profiles.deterministic_cluster_key
    inner join records as left_records on left_profiles.record_key = left_records.record_key
    inner join records as right_records on right_profiles.record_key = right_records.record_key
    {{ customer360.identity_nickname_joins('left_records', 'right_records') }}
    where profile_counts.profile_count <= {{ var('identity_max_profiles_per_cluster') }}
),

conflicting_clusters as (
    select
        candidate_cluster_key,
        count(*) as conflicting_pair_count
    from profile_pairs
    where {{ customer360.identity_conflicting_profiles('left_', 'right_', 'is_nickname_match') }}
    group by candidate_cluster_key
),

-- never_link overrides whose two records are still in one candidate cluster (through other fuzzy links)
never_link_clusters as (
    select
        left_components.component_id as candidate_cluster_key,
        count(*) as never_link_pair_count
    from overrides
    inner join deterministic_clusters as left_records
        on
            {{ dbt.concat(['overrides.source_name_a', "':'", 'overrides.source_record_id_a']) }}
            = left_records.record_key
    inner join deterministic_clusters as right_records
        on
            {{ dbt.concat(['overrides.source_name_b', "':'", 'overrides.source_record_id_b']) }}
            = right_records.record_key
    inner join components as left_components on left_records.deterministic_cluster_key = left_components.node_id
    inner join components as right_components on right_records.deterministic_cluster_key = right_components.node_id
    where overrides.decision = 'never_link' and left_components.component_id = right_components.component_id
    group by left_components.component_id
),

final as (
    select
        components.node_id as deterministic_cluster_key,
        components.component_id as candidate_cluster_key,
        coalesce(profile_counts.profile_count, 0) as candidate_cluster_profile_count,
        coalesce(profile_counts.profile_count, 0) > {{ var('identity_max_profiles_per_cluster') }} as is_oversized,
        coalesce(conflicting_clusters.conflicting_pair_count, 0) as conflicting_pair_count,
        coalesce(never_link_clusters.never_link_pair_count, 0) as never_link_pair_count,
        (
            coalesce(profile_counts.profile_count, 0) > {{ var('identity_max_profiles_per_cluster') }}
            or coalesce(conflicting_clusters.conflicting_pair_count, 0) > 0
            or coalesce(never_link_clusters.never_link_pair_count, 0) > 0
        ) as is_guarded
    from components
    left join profile_counts on components.component_id = profile_counts.candidate_cluster_key
    left join conflicting_clusters on components.component_id = conflicting_clusters.candidate_cluster_key
    left join never_link_clusters on components.component_id = never_link_clusters.candidate_cluster_key
)

select * from final
