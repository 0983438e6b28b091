{#-
    The crosswalk: one row per person-bearing raw record that passed staging, with its customer_id and how it
    was attached. match_rule: the strongest deterministic identifier it shares within its cluster
    (var identity_identifier_types order), `fuzzy` when its part of the cluster was joined by a fuzzy edge
    (match_confidence = the edge's match probability), `override` when by a must_link override (seed
    identity_overrides), `singleton` when it is alone.
-#}

with

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

records as (
    select * from {{ ref('int_identity__records') }}
),

registry as (
    select * from {{ ref('int_identity__id_registry') }}
),

deterministic_edges as (
    select * from {{ ref('int_identity__deterministic_edges') }}
),

fuzzy_edges as (
    select * from {{ ref('int_identity__fuzzy_edges') }}
),

best_deterministic_rule as (
    select
        record_key,
        match_rule,
        match_confidence
    from deterministic_edges
    qualify row_number() over (partition by record_key order by trust_rank, match_rule) = 1
),

-- fuzzy edges that hold in the final clusters, by deterministic cluster they touch
kept_fuzzy_edges as (
    select
        fuzzy_edges.left_deterministic_cluster_key,
        fuzzy_edges.right_deterministic_cluster_key,
        fuzzy_edges.match_rule,
        fuzzy_edges.match_probability
    from fuzzy_edges
    inner join clusters as left_clusters on fuzzy_edges.left_record_key = left_clusters.record_key
    inner join clusters as right_clusters on fuzzy_edges.right_record_key = right_clusters.record_key
    where left_clusters.cluster_key = right_clusters.cluster_key
),

fuzzy_scores as (
    select
        deterministic_cluster_key,
        max(match_probability) as match_probability,
        max(case when match_rule = 'override' then 1 else 0 end) = 1 as is_override
    from (
        select
            left_deterministic_cluster_key as deterministic_cluster_key,
            match_rule,
            match_probability
        from kept_fuzzy_edges
        union all
        select
            right_deterministic_cluster_key as deterministic_cluster_key,
            match_rule,
            match_probability
        from kept_fuzzy_edges
    ) as touched
    group by deterministic_cluster_key
),

anchors as (
    select
        record_key as anchor_record_key,
        deterministic_cluster_key as anchor_deterministic_cluster_key
    from clusters
    where record_key = anchor_record_key
),

final as (
    select
        -- ids
        records.source_name,
        records.source_record_id,
        clusters.record_key,
        registry.customer_id,
        -- how the record was attached
        case
            when clusters.cluster_record_count = 1 then 'singleton'
            when
                clusters.deterministic_cluster_key <> anchors.anchor_deterministic_cluster_key
                or best_deterministic_rule.match_rule is null
                then case when fuzzy_scores.is_override then 'override' else 'fuzzy' end
            else best_deterministic_rule.match_rule
        end as match_rule,
        cast(case
            when clusters.cluster_record_count = 1 then 1.0
            when
                clusters.deterministic_cluster_key <> anchors.anchor_deterministic_cluster_key
                or best_deterministic_rule.match_rule is null
                then fuzzy_scores.match_probability
            else best_deterministic_rule.match_confidence
        end as {{ dbt.type_numeric() }}) as match_confidence,
        -- cluster
        clusters.cluster_record_count,
        clusters.cluster_profile_count,
        clusters.is_guarded,
        registry.is_customer_anchor
    from clusters
    inner join records on clusters.record_key = records.record_key
    inner join registry on clusters.record_key = registry.record_key
    inner join anchors on clusters.anchor_record_key = anchors.anchor_record_key
    left join best_deterministic_rule on clusters.record_key = best_deterministic_rule.record_key
    left join fuzzy_scores on clusters.deterministic_cluster_key = fuzzy_scores.deterministic_cluster_key
)

select * from final
