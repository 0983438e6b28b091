{#- Web and app events that passed validation, one row per event. -#}
{#- incremental: a normal run replaces only the rows of the lookback window (macros/incremental) -#}
{{ config(materialized='incremental', unique_key='record_key', incremental_strategy='delete+insert',
    on_schema_change='fail') }}

with

base as (
    select * from {{ ref('base_web__events') }}
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
        event_id,
        anonymous_id,
        user_id,
        -- event
        event_type,
        event_at_utc,
        event_date,
        product_id,
        has_unknown_product,
        order_id,
        page_url,
        search_query,
        utm_source,
        utm_medium,
        utm_campaign,
        device_type
    from base
    where
        rejection_rule is null
        and {{ customer360.incremental_window('event_at_utc', 'event_at_utc') }}
)

select * from final
