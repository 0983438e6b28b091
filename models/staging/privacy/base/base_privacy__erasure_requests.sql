{#-
    Right-to-erasure requests: every distinct raw row once, parsed, with the validation outcome. The subject is
    an email (normalized like every email) or a crm_id, per `subject_type`.
-#}
{%- set raw_columns = customer360.raw_source_column_names(source('privacy', 'erasure_requests')) -%}
{#- validation rules, in the order they are applied: the first whose condition holds rejects the row
    (macro validation_rules; docs/validation_rules.md) -#}
{%- set rules = customer360.validation_rules(source('privacy', 'erasure_requests'), [
    {'rule': 'value_too_long', 'columns': raw_columns},
    {'rule': 'superseded_version', 'column': 'request_id', 'when': 'version_rank > 1'},
    {'rule': 'missing_required_field', 'columns': ['request_id', 'subject', 'subject_type', 'requested_at']},
    {'rule': 'unparseable_value', 'column': 'requested_at', 'when': 'requested_at_utc is null'},
    {'rule': 'unparseable_value', 'column': 'subject_type', 'not_accepted': 'subject_type'},
]) -%}

with

raw as (
    {{ customer360.select_raw_columns(source('privacy', 'erasure_requests')) }}
),

deduplicated as (
    {{ customer360.remove_exact_duplicates('raw', raw_columns) }}
),

parsed as (
    select
        *,
        {{ customer360.clean_id('raw_request_id') }} as request_id,
        {{ customer360.normalize_code('raw_subject_type') }} as subject_type,
        {{ customer360.parse_timestamp_utc('raw_requested_at') }} as requested_at_utc
    from deduplicated
),

versions as (
    -- the later row of the file wins
    select
        raw_row_number,
        row_number() over (partition by request_id order by raw_row_number desc) as version_rank
    from parsed
    where request_id is not null
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
        {{ customer360.record_key('erasure_requests', 'request_id', raw_columns) }} as record_key,
        'erasure_requests' as source_name,
        request_id as source_record_id,
        request_id,
        -- subject
        subject_type,
        case when subject_type = 'email' then {{ customer360.normalize_email('raw_subject') }} end as subject_email,
        case when subject_type = 'crm_id' then {{ customer360.clean_id('raw_subject') }} end as subject_crm_id,
        raw_subject as subject_raw,
        -- request
        requested_at_utc,
        -- lineage and validation
        {{ customer360.lineage_columns(raw_columns, rules) }}
    from validated
)

select * from final
