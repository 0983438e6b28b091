{#-
    ESP email events: every distinct raw row once, parsed, with the validation outcome. The export has no event
    id: the record key is a hash of the row's raw content (exact duplicates are removed first, so it is unique).
-#}
{#- incremental: a normal run reprocesses only the raw rows of the lookback window (macros/incremental) -#}
{{ config(materialized='incremental', unique_key='raw_row_number', incremental_strategy='delete+insert',
    on_schema_change='fail') }}
{%- set raw_columns = customer360.raw_source_column_names(source('esp', 'email_events')) -%}
{#- validation rules, in the order they are applied: the first whose condition holds rejects the row
    (macro validation_rules; docs/validation_rules.md) -#}
{%- set rules = customer360.validation_rules(source('esp', 'email_events'), [
    {'rule': 'value_too_long', 'columns': raw_columns},
    {'rule': 'missing_required_field', 'columns': ['recipient', 'event_type', 'occurred_at', 'campaign_id']},
    {'rule': 'unparseable_value', 'column': 'occurred_at', 'when': 'occurred_at_utc is null'},
    {'rule': 'unparseable_value', 'column': 'event_type', 'not_accepted': 'event_type'},
    {'rule': 'unparseable_value', 'column': 'campaign_type', 'not_accepted': 'campaign_type'},
    {'rule': 'unparseable_value', 'column': 'bounce_type', 'not_accepted': 'bounce_type'},
    {'rule': 'future_timestamp', 'column': 'occurred_at', 'when': customer360.is_future_timestamp('occurred_at_utc')},
    {'rule': 'invalid_email', 'column': 'recipient', 'when': 'not is_valid_email'},
]) -%}

with

-- incremental run: only the raw rows of the lookback window (macros/incremental)
raw as (
    {{ customer360.select_raw_columns(
        source('esp', 'email_events'), where=customer360.incremental_window(
            customer360.epoch_seconds_to_utc('raw_occurred_at'), 'occurred_at_utc', 'rejection_rule is null'
        )
    ) }}
),

deduplicated as (
    {{ customer360.remove_exact_duplicates('raw', raw_columns) }}
),

parsed as (
    select
        *,
        {{ customer360.normalize_email('raw_recipient') }} as email_normalized,
        {{ customer360.normalize_code('raw_event_type') }} as event_type,
        {{ customer360.epoch_seconds_to_utc('raw_occurred_at') }} as occurred_at_utc,
        {{ customer360.clean_id('raw_campaign_id') }} as campaign_id,
        {{ customer360.normalize_code('raw_campaign_type') }} as campaign_type,
        {{ customer360.normalize_code('raw_bounce_type') }} as bounce_type,
        {{ customer360.clean_id('raw_link_url') }} as link_url
    from deduplicated
),

flagged as (
    select
        *,
        {{ customer360.is_valid_email('email_normalized') }} as is_valid_email
    from parsed
),

validated as (
    select
        *,
        {{ customer360.first_failing_rule(rules) }}
    from flagged
),

hashed as (
    select
        *,
        {{ customer360.raw_record_hash(raw_columns) }} as content_hash
    from validated
),

final as (
    select
        -- keys
        'email_events:' || content_hash as record_key,
        'email_events' as source_name,
        content_hash as source_record_id,
        -- recipient
        email_normalized as email,
        raw_recipient as email_raw,
        {{ customer360.sha256_hex('email_normalized') }} as email_sha256,
        -- event
        event_type,
        occurred_at_utc,
        cast(occurred_at_utc as date) as occurred_date,
        campaign_id,
        campaign_type,
        bounce_type,
        link_url,
        -- lineage and validation
        {{ customer360.lineage_columns(raw_columns, rules, hash_column='content_hash') }}
    from hashed
)

select * from final
