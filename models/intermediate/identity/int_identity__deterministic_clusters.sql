{#-
    Transitive closure of the deterministic links. The graph's nodes are identifier values; a record carrying
    several values joins them (a star from its first value), so records that link through one value only
    (most orders, POS transactions, cookies) add no edge at all. Connected components run in SQL
    (macro identity_connected_components); each record then takes the component of its values. A record
    without any link is its own cluster. deterministic_cluster_key = the smallest record_key of the cluster.
-#}

{%- set edges_sql -%}
    select
        min(nodes.node_id) over (partition by edges.record_key) as src,
        nodes.node_id as dst
    from {{ ref('int_identity__deterministic_edges') }} as edges
    inner join {{ ref('int_identity__identifier_nodes') }} as nodes
        on
            edges.identifier_type = nodes.identifier_type
            and edges.identifier_value = nodes.identifier_value
{%- endset %}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

edges as (
    select * from {{ ref('int_identity__deterministic_edges') }}
),

nodes as (
    select * from {{ ref('int_identity__identifier_nodes') }}
),

components as (
    {{ customer360.identity_connected_components(edges_sql) }} -- noqa: PRS
),

record_components as (
    select
        edges.record_key,
        min(coalesce(components.component_id, nodes.node_id)) as component_id
    from edges
    inner join nodes
        on
            edges.identifier_type = nodes.identifier_type
            and edges.identifier_value = nodes.identifier_value
    left join components on nodes.node_id = components.node_id
    group by edges.record_key
),

clustered as (
    select
        records.record_key,
        records.source_name,
        records.is_profile,
        record_components.component_id,
        case
            when record_components.component_id is null then records.record_key
            else min(records.record_key) over (partition by record_components.component_id)
        end as deterministic_cluster_key
    from records
    left join record_components on records.record_key = record_components.record_key
),

final as (
    select
        record_key,
        source_name,
        is_profile,
        deterministic_cluster_key,
        count(*) over (partition by deterministic_cluster_key) as deterministic_cluster_record_count,
        sum(case when is_profile then 1 else 0 end) over (
            partition by deterministic_cluster_key
        ) as deterministic_cluster_profile_count
    from clustered
)

select * from final
