{#- ESP email events that passed validation, one row per distinct event row. -#}
{#- incremental: a normal run replaces only the rows of the lookback window (macros/incremental) -#}
{{ config(materialized='incremental', unique_key='record_key', incremental_strategy='delete+insert',
    on_schema_change='fail') }}

with

base as (
    select * from {{ ref('base_esp__email_events') }}
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
        -- recipient
        email,
        email_raw,
        email_sha256,
        -- event
        event_type,
        occurred_at_utc,
        occurred_date,
        campaign_id,
        campaign_type,
        bounce_type,
        link_url
    from base
    where
        rejection_rule is null
        and {{ customer360.incremental_window('occurred_at_utc', 'occurred_at_utc') }}
)

select * from final
