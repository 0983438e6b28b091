{{ config(severity='warn', group='identity') }}

{#-
    Shared junk must never produce a giant cluster: no customer holds more profiles (CRM contacts, loyalty
    members) than var identity_max_profiles_per_cluster. Warns with the offenders (largest first); a failure
    means a guard (exclusions, cardinality limit, fuzzy chaining guards) let a bridge through.
-#}

with

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

final as (
    select
        customer_id,
        max(cluster_profile_count) as profile_count,
        count(*) as record_count
    from crosswalk
    group by customer_id
    having max(cluster_profile_count) > {{ var('identity_max_profiles_per_cluster') }}
)

select * from final
