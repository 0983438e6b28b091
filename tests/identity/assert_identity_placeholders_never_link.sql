{{ config(group='identity') }}

{#- A placeholder value (seed identifier_exclusions) never links two records. -#}

with

edges as (
    select * from {{ ref('int_identity__deterministic_edges') }}
),

exclusions as (
    select * from {{ ref('identifier_exclusions') }}
),

final as (
    select
        edges.record_key,
        edges.identifier_type,
        edges.identifier_value
    from edges
    inner join exclusions
        on
            edges.identifier_type = exclusions.identifier_type
            and edges.identifier_value = exclusions.identifier_value
)

select * from final
