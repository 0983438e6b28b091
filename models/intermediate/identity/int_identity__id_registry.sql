{{
    config(
        materialized='incremental',
        unique_key='record_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}

{#-
    The persisted id map: one row per record ever resolved, with its customer_id. Each build reads the
    previous state ({{ this }}) and writes only the rows that changed (new records, moved records, records
    gone), stamped with a new registry_generation. Rules (docs/identity_resolution.md):
    - a previous customer_id survives in the cluster that holds its anchor record (else the cluster holding
      its best-ranked surviving record, which becomes the anchor);
    - a cluster heir to several ids (a merge) keeps the one whose anchor ranks first (earliest seen, then
      source priority, then record_key); the others are retired (int_identity__merge_log);
    - a cluster heir to none (new data, or the part of a split without the anchor) gets
      prefix + md5(anchor record_key), so a full refresh recomputes the same ids; if that id was already
      used, the registry generation is mixed in.
-#}

with

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

records as (
    select * from {{ ref('int_identity__records') }}
),

previous_registry as (
    {% if is_incremental() %}
        select
            record_key,
            source_name,
            source_record_id,
            customer_id,
            is_customer_anchor,
            is_active,
            registry_generation
        from {{ this }}
    {% else %}
        select
            cast(null as {{ dbt.type_string() }}) as record_key,
            cast(null as {{ dbt.type_string() }}) as source_name,
            cast(null as {{ dbt.type_string() }}) as source_record_id,
            cast(null as {{ dbt.type_string() }}) as customer_id,
            cast(null as boolean) as is_customer_anchor,
            cast(null as boolean) as is_active,
            cast(null as {{ dbt.type_int() }}) as registry_generation
        where 1 = 0
    {% endif %}
),

generation as (
    select coalesce(max(registry_generation), 0) + 1 as registry_generation
    from previous_registry
),

current_records as (
    select
        clusters.record_key,
        clusters.source_name,
        records.source_record_id,
        records.first_seen_at_utc,
        clusters.cluster_key,
        clusters.anchor_record_key
    from clusters
    inner join records on clusters.record_key = records.record_key
),

prior_survivors as (
    select
        previous_registry.customer_id,
        previous_registry.is_customer_anchor,
        current_records.record_key,
        current_records.source_name,
        current_records.first_seen_at_utc,
        current_records.cluster_key
    from previous_registry
    inner join current_records on previous_registry.record_key = current_records.record_key
    where previous_registry.is_active
),

-- each previous id goes to the cluster holding its anchor record, else its best-ranked surviving record
heirs as (
    select
        customer_id,
        cluster_key,
        record_key,
        source_name,
        first_seen_at_utc
    from prior_survivors
    qualify row_number() over (
        partition by customer_id
        order by case when is_customer_anchor then 0 else 1 end, {{ customer360.identity_anchor_order() }}
    ) = 1
),

-- a cluster heir to several ids (a merge) keeps the id whose anchor record ranks first
inherited_ids as (
    select
        cluster_key,
        customer_id,
        record_key as customer_anchor_record_key
    from heirs
    qualify row_number() over (
        partition by cluster_key
        order by {{ customer360.identity_anchor_order() }}
    ) = 1
),

used_ids as (
    select distinct customer_id
    from previous_registry
),

new_clusters as (
    select distinct
        current_records.cluster_key,
        current_records.anchor_record_key
    from current_records
    left join inherited_ids on current_records.cluster_key = inherited_ids.cluster_key
    where inherited_ids.cluster_key is null
),

new_ids as (
    select
        new_clusters.cluster_key,
        case
            when
                used_ids.customer_id is null
                then {{ customer360.identity_customer_id('new_clusters.anchor_record_key') }}
            else {{ customer360.identity_customer_id(dbt.concat([
                'new_clusters.anchor_record_key', "':'",
                dbt.safe_cast('generation.registry_generation', dbt.type_string())
            ])) }}
        end as customer_id,
        new_clusters.anchor_record_key as customer_anchor_record_key
    from new_clusters
    cross join generation
    left join used_ids
        on {{ customer360.identity_customer_id('new_clusters.anchor_record_key') }} = used_ids.customer_id
),

cluster_ids as (
    select * from inherited_ids
    union all
    select * from new_ids
),

assigned as (
    select
        current_records.record_key,
        current_records.source_name,
        current_records.source_record_id,
        cluster_ids.customer_id,
        current_records.record_key = cluster_ids.customer_anchor_record_key as is_customer_anchor
    from current_records
    inner join cluster_ids on current_records.cluster_key = cluster_ids.cluster_key
),

changed as (
    -- new records, records whose id or anchor role changed, records back after being gone
    select
        assigned.record_key,
        assigned.source_name,
        assigned.source_record_id,
        assigned.customer_id,
        case when previous_registry.is_active then previous_registry.customer_id end as previous_customer_id,
        assigned.is_customer_anchor,
        true as is_active
    from assigned
    left join previous_registry on assigned.record_key = previous_registry.record_key
    where
        previous_registry.record_key is null
        or not previous_registry.is_active
        or previous_registry.customer_id <> assigned.customer_id
        or previous_registry.is_customer_anchor <> assigned.is_customer_anchor
    union all
    -- records no longer in the data (erased, rejected by staging): kept, inactive, with their last id
    select
        previous_registry.record_key,
        previous_registry.source_name,
        previous_registry.source_record_id,
        previous_registry.customer_id,
        previous_registry.customer_id as previous_customer_id,
        false as is_customer_anchor,
        false as is_active
    from previous_registry
    left join assigned on previous_registry.record_key = assigned.record_key
    where previous_registry.is_active and assigned.record_key is null
),

final as (
    select
        changed.record_key,
        changed.source_name,
        changed.source_record_id,
        changed.customer_id,
        changed.previous_customer_id,
        changed.is_customer_anchor,
        changed.is_active,
        generation.registry_generation
    from changed
    cross join generation
)

select * from final
