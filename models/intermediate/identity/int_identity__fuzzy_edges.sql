{#-
    The links clustering joins deterministic clusters by: every matching candidate pair (int_identity__fuzzy_scores
    is_match; all records of one person join, however many a source holds), minus the pairs a `never_link`
    override separates, plus one edge per `must_link` override (seed identity_overrides, match_rule `override`,
    never cut by a guard). Every fuzzy edge keeps its per-field levels and weights, the total weight and the
    probability: the explanation of the link (int_identity__link_explanations).
-#}

{%- set comparisons = var('identity_comparisons') %}

with

scores as (
    select * from {{ ref('int_identity__fuzzy_scores') }}
),

overrides as (
    select * from {{ ref('identity_overrides') }}
),

deterministic_clusters as (
    select * from {{ ref('int_identity__deterministic_clusters') }}
),

-- overrides by record key, both orders
override_pairs as (
    select
        {{ dbt.concat(['overrides.source_name_a', "':'", 'overrides.source_record_id_a']) }} as left_record_key,
        {{ dbt.concat(['overrides.source_name_b', "':'", 'overrides.source_record_id_b']) }} as right_record_key,
        overrides.decision,
        overrides.reason
    from overrides
),

override_clusters as (
    select
        left_clusters.deterministic_cluster_key as left_deterministic_cluster_key,
        right_clusters.deterministic_cluster_key as right_deterministic_cluster_key,
        override_pairs.left_record_key,
        override_pairs.right_record_key,
        override_pairs.decision,
        override_pairs.reason
    from override_pairs
    inner join deterministic_clusters as left_clusters
        on override_pairs.left_record_key = left_clusters.record_key
    inner join deterministic_clusters as right_clusters
        on override_pairs.right_record_key = right_clusters.record_key
),

never_links as (
    select
        left_deterministic_cluster_key,
        right_deterministic_cluster_key
    from override_clusters
    where decision = 'never_link'
    union all
    select
        right_deterministic_cluster_key as left_deterministic_cluster_key,
        left_deterministic_cluster_key as right_deterministic_cluster_key
    from override_clusters
    where decision = 'never_link'
),

matches as (
    select scores.*
    from scores
    left join never_links
        on
            scores.left_deterministic_cluster_key = never_links.left_deterministic_cluster_key
            and scores.right_deterministic_cluster_key = never_links.right_deterministic_cluster_key
    where scores.is_match and never_links.left_deterministic_cluster_key is null
),

fuzzy_links as (
    select
        left_record_key,
        right_record_key,
        left_deterministic_cluster_key,
        right_deterministic_cluster_key,
        'fuzzy' as match_rule,
        match_probability,
        match_weight,
        is_strict_match,
        blocking_passes,
        {%- for c in comparisons %}
            {{ c.field }}_level,
            {{ c.field }}_match_weight,
        {%- endfor %}
        cast(null as {{ dbt.type_string() }}) as override_reason
    from matches
),

must_links as (
    select
        left_record_key,
        right_record_key,
        left_deterministic_cluster_key,
        right_deterministic_cluster_key,
        'override' as match_rule,
        1.0 as match_probability,
        cast(null as {{ dbt.type_float() }}) as match_weight,
        true as is_strict_match,
        cast(null as {{ dbt.type_string() }}) as blocking_passes,
        {%- for c in comparisons %}
            cast(null as {{ dbt.type_int() }}) as {{ c.field }}_level,
            cast(null as {{ dbt.type_float() }}) as {{ c.field }}_match_weight,
        {%- endfor %}
        reason as override_reason
    from override_clusters
    where decision = 'must_link' and left_deterministic_cluster_key <> right_deterministic_cluster_key
),

final as (
    select * from fuzzy_links
    union all
    select * from must_links
)

select * from final
