{#-
    Deterministic links: record -> identifier value, for every value that passed the guards and is carried by
    at least two records (a value only one record carries links nothing). Records sharing a value are one
    person; the graph of these edges is resolved by int_identity__deterministic_clusters.
-#}

with

record_links as (
    select * from {{ ref('int_identity__record_links') }}
),

guards as (
    select * from {{ ref('int_identity__identifier_value_guards') }}
),

final as (
    select
        record_links.record_key,
        record_links.source_name,
        record_links.identifier_type,
        record_links.identifier_value,
        record_links.match_rule,
        record_links.trust_rank,
        record_links.match_confidence
    from record_links
    inner join guards
        on
            record_links.identifier_type = guards.identifier_type
            and record_links.identifier_value = guards.identifier_value
    where guards.is_link_allowed and guards.record_count >= 2
)

select * from final
