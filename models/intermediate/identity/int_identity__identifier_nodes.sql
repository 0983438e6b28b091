{#- Integer node ids of the linking identifier values (the deterministic graph's nodes): joins on integers are
    much cheaper than on text in the connected-components loop. The numbering is internal to one build. -#}

with

edges as (
    select * from {{ ref('int_identity__deterministic_edges') }}
),

node_values as (
    select distinct
        identifier_type,
        identifier_value
    from edges
),

final as (
    select
        row_number() over (order by identifier_type, identifier_value) as node_id,
        identifier_type,
        identifier_value
    from node_values
)

select * from final
