{#-
    Consent events: every distinct raw row once, parsed, with the validation outcome. The subject is an email
    (normalized like every email) or a crm_id, per `subject_type`.
-#}
{%- set raw_columns = customer360.raw_source_column_names(source('privacy', 'consent_events')) -%}
{%- set rules = [
    customer360.value_too_long_rule(raw_columns),
    customer360.rule('superseded_version', 'version_rank > 1', 'consent_event_id'),
    customer360.missing_required_rule(['consent_event_id', 'subject', 'subject_type', 'purpose', 'status', 'occurred_at']),
    customer360.rule('unparseable_value', 'occurred_at_utc is null', 'occurred_at'),
    customer360.rule('unparseable_value',
        customer360.accepted_values_condition('subject_type', source('privacy', 'consent_events'), 'subject_type'), 'subject_type'),
    customer360.rule('unparseable_value',
        customer360.accepted_values_condition('purpose', source('privacy', 'consent_events'), 'purpose'), 'purpose'),
    customer360.rule('unparseable_value',
        customer360.accepted_values_condition('status', source('privacy', 'consent_events'), 'status'), 'status'),
    customer360.rule('unparseable_value',
        customer360.accepted_values_condition('source_system', source('privacy', 'consent_events'), 'source_system'),
        'source_system'),
    customer360.rule('future_timestamp', customer360.is_future_timestamp('occurred_at_utc'), 'occurred_at'),
] -%}

with

raw as (
    {{ customer360.select_raw_columns(source('privacy', 'consent_events')) }}
),

deduplicated as (
    {{ customer360.remove_exact_duplicates('raw', raw_columns) }}
),

parsed as (
    select
        *,
        {{ customer360.clean_id('raw_consent_event_id') }} as consent_event_id,
        {{ customer360.normalize_code('raw_subject_type') }} as subject_type,
        {{ customer360.normalize_code('raw_purpose') }} as purpose,
        {{ customer360.normalize_code('raw_status') }} as status,
        {{ customer360.parse_timestamp_utc('raw_occurred_at') }} as occurred_at_utc,
        {{ customer360.normalize_code('raw_source_system') }} as source_system
    from deduplicated
),

versions as (
    -- the later row of the file wins
    select
        raw_row_number,
        row_number() over (partition by consent_event_id order by raw_row_number desc) as version_rank
    from parsed
    where consent_event_id is not null
),

flagged as (
    select
        parsed.*,
        coalesce(versions.version_rank, 1) as version_rank
    from parsed
    left join versions
        on parsed.raw_row_number = versions.raw_row_number
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
        {{ customer360.record_key('consent_events', 'consent_event_id', raw_columns) }} as record_key,
        'consent_events' as source_name,
        consent_event_id as source_record_id,
        consent_event_id,
        -- subject
        subject_type,
        case when subject_type = 'email' then {{ customer360.normalize_email('raw_subject') }} end as subject_email,
        case when subject_type = 'crm_id' then {{ customer360.clean_id('raw_subject') }} end as subject_crm_id,
        raw_subject as subject_raw,
        -- consent
        purpose,
        status,
        status = 'granted' as is_granted,
        occurred_at_utc,
        source_system,
        -- lineage and validation
        {{ customer360.lineage_columns(raw_columns, rules) }}
    from validated
)

select * from final
