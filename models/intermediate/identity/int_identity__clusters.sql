{#-
    Final clusters: one row per person-bearing record. Deterministic clusters joined by fuzzy edges; in a
    candidate cluster flagged by the guards (oversized or conflicting) only the strict fuzzy edges
    (var identity_fuzzy_strict_threshold) are kept and the components recomputed. cluster_key = the smallest
    record_key of the cluster (internal); anchor_record_key = the record its customer_id derives from
    (macro identity_anchor_order).
-#}

{%- set strict_edges_sql -%}
    select
        edges.left_deterministic_cluster_key as src,
        edges.right_deterministic_cluster_key as dst
    from {{ ref('int_identity__fuzzy_edges') }} as edges
    inner join {{ ref('int_identity__candidate_clusters') }} as candidates
        on edges.left_deterministic_cluster_key = candidates.deterministic_cluster_key
    where edges.is_strict_match and candidates.is_guarded
{%- endset %}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

deterministic_clusters as (
    select * from {{ ref('int_identity__deterministic_clusters') }}
),

candidate_clusters as (
    select * from {{ ref('int_identity__candidate_clusters') }}
),

strict_components as (
    {{ customer360.identity_connected_components(strict_edges_sql) }} -- noqa: PRS
),

assigned as (
    select
        deterministic_clusters.record_key,
        deterministic_clusters.source_name,
        deterministic_clusters.is_profile,
        deterministic_clusters.deterministic_cluster_key,
        coalesce(candidate_clusters.is_guarded, false) as is_guarded,
        case
            when candidate_clusters.is_guarded
                then coalesce(strict_components.component_id, deterministic_clusters.deterministic_cluster_key)
            else coalesce(candidate_clusters.candidate_cluster_key, deterministic_clusters.deterministic_cluster_key)
        end as cluster_key
    from deterministic_clusters
    left join candidate_clusters
        on deterministic_clusters.deterministic_cluster_key = candidate_clusters.deterministic_cluster_key
    left join strict_components
        on deterministic_clusters.deterministic_cluster_key = strict_components.node_id
),

final as (
    select
        assigned.record_key,
        assigned.source_name,
        assigned.deterministic_cluster_key,
        assigned.cluster_key,
        first_value(assigned.record_key) over (
            partition by assigned.cluster_key
            order by {{ customer360.identity_anchor_order('records') }}
        ) as anchor_record_key,
        count(*) over (partition by assigned.cluster_key) as cluster_record_count,
        sum(case when assigned.is_profile then 1 else 0 end) over (
            partition by assigned.cluster_key
        ) as cluster_profile_count,
        count(distinct assigned.deterministic_cluster_key) over (
            partition by assigned.cluster_key
        ) as cluster_deterministic_cluster_count,
        assigned.is_guarded
    from assigned
    inner join records on assigned.record_key = records.record_key
)

select * from final
