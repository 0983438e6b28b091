{{ config(group='identity') }}

{#- A cluster maps to exactly one customer_id and a customer_id to exactly one cluster. -#}

with

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

joined as (
    select
        clusters.cluster_key,
        crosswalk.customer_id
    from clusters
    inner join crosswalk on clusters.record_key = crosswalk.record_key
),

split_clusters as (
    select
        cluster_key as key_value,
        'cluster with several customer_ids' as problem
    from joined
    group by cluster_key
    having count(distinct customer_id) > 1
),

shared_ids as (
    select
        customer_id as key_value,
        'customer_id on several clusters' as problem
    from joined
    group by customer_id
    having count(distinct cluster_key) > 1
),

final as (
    select * from split_clusters
    union all
    select * from shared_ids
)

select * from final
