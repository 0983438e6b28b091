{#-
    Web and app events: every distinct raw row once, parsed, with its validation outcome. The record key is
    the event id; `source_record_id` is the cookie (`anonymous_id`), the record identity resolution links.
-#}
{#- incremental: a normal run reprocesses only the raw rows of the lookback window (macros/incremental) -#}
{{ config(materialized='incremental', unique_key='raw_row_number', incremental_strategy='delete+insert',
    on_schema_change='fail') }}
{%- set raw_columns = customer360.raw_source_column_names(source('web', 'web_events')) -%}
{#- validation rules, in the order they are applied: the first whose condition holds rejects the row
    (macro validation_rules; docs/validation_rules.md) -#}
{%- set rules = customer360.validation_rules(source('web', 'web_events'), [
    {'rule': 'value_too_long', 'columns': raw_columns},
    {'rule': 'superseded_version', 'column': 'event_id', 'when': 'version_rank > 1'},
    {'rule': 'missing_required_field', 'columns': ['event_id', 'anonymous_id', 'event_type', 'event_at']},
    {'rule': 'unparseable_value', 'column': 'event_at', 'when': 'event_at_utc is null'},
    {'rule': 'unparseable_value', 'column': 'event_type', 'not_accepted': 'event_type'},
    {'rule': 'unparseable_value', 'column': 'device_type', 'not_accepted': 'device_type'},
    {'rule': 'future_timestamp', 'column': 'event_at', 'when': customer360.is_future_timestamp('event_at_utc')},
]) -%}

with

-- incremental run: only the raw rows of the lookback window (macros/incremental)
raw as (
    {{ customer360.select_raw_columns(
        source('web', 'web_events'), where=customer360.incremental_window(
            customer360.parse_timestamp_utc('raw_event_at'), 'event_at_utc', 'rejection_rule is null',
            raw_text='raw_event_at'
        )
    ) }}
),

products as (
    select * from {{ ref('stg_catalog__products') }}
),

deduplicated as (
    {{ customer360.remove_exact_duplicates('raw', raw_columns) }}
),

parsed as (
    select
        *,
        {{ customer360.clean_id('raw_event_id') }} as event_id,
        {{ customer360.clean_id('raw_anonymous_id') }} as anonymous_id,
        {{ customer360.clean_id('raw_user_id') }} as user_id,
        {{ customer360.normalize_code('raw_event_type') }} as event_type,
        {{ customer360.parse_timestamp_utc('raw_event_at') }} as event_at_utc,
        {{ customer360.clean_id('raw_product_id') }} as product_id,
        {{ customer360.clean_id('raw_order_id') }} as order_id,
        {{ customer360.clean_id('raw_page_url') }} as page_url,
        {{ customer360.clean_text('raw_search_query') }} as search_query,
        {{ customer360.clean_id('raw_utm_source') }} as utm_source,
        {{ customer360.clean_id('raw_utm_medium') }} as utm_medium,
        {{ customer360.clean_id('raw_utm_campaign') }} as utm_campaign,
        {{ customer360.normalize_code('raw_device_type') }} as device_type
    from deduplicated
),

versions as (
    -- the later row of the file wins
    select
        raw_row_number,
        row_number() over (partition by event_id order by raw_row_number desc) as version_rank
    from parsed
    where event_id is not null
),

flagged as (
    select
        parsed.*,
        coalesce(versions.version_rank, 1) as version_rank,
        parsed.product_id is not null and products.product_id is null as has_unknown_product
    from parsed
    left join versions
        on parsed.raw_row_number = versions.raw_row_number
    left join products
        on parsed.product_id = products.product_id
),

validated as (
    select
        *,
        {{ customer360.first_failing_rule(rules) }}
    from flagged
),

final as (
    select
        -- keys
        {{ customer360.record_key('web_events', 'event_id', raw_columns) }} as record_key,
        'web_events' as source_name,
        anonymous_id as source_record_id,
        event_id,
        anonymous_id,
        user_id,
        -- event
        event_type,
        event_at_utc,
        cast(event_at_utc as date) as event_date,
        product_id,
        has_unknown_product,
        order_id,
        page_url,
        search_query,
        utm_source,
        utm_medium,
        utm_campaign,
        device_type,
        -- lineage and validation
        {{ customer360.lineage_columns(raw_columns, rules) }}
    from validated
)

select * from final
