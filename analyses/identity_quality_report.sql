{#-
    Identity-quality report, one long table: section, item, and up to three measures. Compile with
    `dbt compile --select identity_quality_report` and run the SQL in target/compiled, or paste it in a notebook.
    Sections: cluster_size (customers and records per cluster-size bucket), match_rule (records and mean
    confidence per rule), unlinked (singleton records per source), guard (identifier values refused as links),
    blocking_pass (candidate pairs, matches, kept edges), largest_cluster (the ten largest customers),
    merge_log (events of the latest registry generation).
-#}
{#- in the identity group: it reads the group's private diagnostics (guards, blocking passes, merge log) -#}
{{ config(group='identity') }}

with

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

guards as (
    select * from {{ ref('int_identity__identifier_value_guards') }}
),

blocking as (
    select * from {{ ref('int_identity__blocking_pass_stats') }}
),

merge_log as (
    select * from {{ ref('int_identity__merge_log') }}
),

customers as (
    select
        customer_id,
        count(*) as record_count,
        max(cluster_profile_count) as profile_count
    from crosswalk
    group by customer_id
),

cluster_size as (
    select
        'cluster_size' as section,
        case
            when record_count = 1 then '01: 1'
            when record_count = 2 then '02: 2'
            when record_count <= 5 then '03: 3-5'
            when record_count <= 10 then '04: 6-10'
            when record_count <= 20 then '05: 11-20'
            when record_count <= 50 then '06: 21-50'
            else '07: >50'
        end as item,
        count(*) as measure_1,
        sum(record_count) as measure_2,
        max(record_count) as measure_3
    from customers
    group by item
),

match_rule as (
    select
        'match_rule' as section,
        match_rule as item,
        count(*) as measure_1,
        avg(match_confidence) as measure_2,
        min(match_confidence) as measure_3
    from crosswalk
    group by match_rule
),

unlinked as (
    select
        'unlinked' as section,
        source_name as item,
        sum(case when match_rule = 'singleton' then 1 else 0 end) as measure_1,
        count(*) as measure_2,
        avg(case when match_rule = 'singleton' then 1.0 else 0.0 end) as measure_3
    from crosswalk
    group by source_name
),

guard as (
    select
        'guard' as section,
        {{ dbt.concat(["guard_reason", "': '", "identifier_type"]) }} as item,
        count(*) as measure_1,
        sum(record_count) as measure_2,
        max(person_key_count) as measure_3
    from guards
    where guard_reason is not null
    group by guard_reason, identifier_type
),

blocking_pass as (
    select
        'blocking_pass' as section,
        blocking_pass as item,
        candidate_pair_count as measure_1,
        matched_pair_count as measure_2,
        fuzzy_edge_count as measure_3
    from blocking
),

largest_cluster as (
    select
        'largest_cluster' as section,
        customer_id as item,
        record_count as measure_1,
        profile_count as measure_2,
        cast(null as {{ dbt.type_int() }}) as measure_3
    from customers
    order by record_count desc, customer_id asc
    limit 10
),

latest_merges as (
    select
        'merge_log' as section,
        event_type as item,
        count(*) as measure_1,
        sum(record_count) as measure_2,
        max(registry_generation) as measure_3
    from merge_log
    where registry_generation = (select max(generations.registry_generation) from merge_log as generations)
    group by event_type
),

final as (
    select * from cluster_size
    union all
    select * from match_rule
    union all
    select * from unlinked
    union all
    select * from guard
    union all
    select * from blocking_pass
    union all
    select * from largest_cluster
    union all
    select * from latest_merges
)

select * from final
order by section, item
