{#-
    A/B test assignments: every distinct raw row once, parsed, with the validation outcome. The export has no
    row id: the record key is a hash of the row's raw content.
-#}
{%- set raw_columns = customer360.raw_source_column_names(source('experiments', 'experiment_assignments')) -%}
{%- set rules = [
    customer360.value_too_long_rule(raw_columns),
    customer360.missing_required_rule(['experiment_id', 'variant', 'subject', 'subject_type', 'assigned_at']),
    customer360.rule('unparseable_value', 'assigned_at_utc is null', 'assigned_at'),
    customer360.rule('unparseable_value',
        customer360.accepted_values_condition('subject_type', source('experiments', 'experiment_assignments'), 'subject_type'),
        'subject_type'),
    customer360.rule('future_timestamp', customer360.is_future_timestamp('assigned_at_utc'), 'assigned_at'),
] -%}

with

raw as (
    {{ customer360.select_raw_columns(source('experiments', 'experiment_assignments')) }}
),

deduplicated as (
    {{ customer360.remove_exact_duplicates('raw', raw_columns) }}
),

parsed as (
    select
        *,
        {{ customer360.clean_id('raw_experiment_id') }} as experiment_id,
        {{ customer360.clean_id('raw_variant') }} as variant,
        {{ customer360.normalize_code('raw_subject_type') }} as subject_type,
        {{ customer360.parse_timestamp_utc('raw_assigned_at') }} as assigned_at_utc
    from deduplicated
),

validated as (
    select
        *,
        {{ customer360.first_failing_rule(rules) }}
    from parsed
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
        'experiment_assignments:' || content_hash as record_key,
        'experiment_assignments' as source_name,
        content_hash as source_record_id,
        -- assignment
        experiment_id,
        variant,
        subject_type,
        case when subject_type = 'email' then {{ customer360.normalize_email('raw_subject') }} end as subject_email,
        case when subject_type = 'anonymous_id' then {{ customer360.clean_id('raw_subject') }} end
            as subject_anonymous_id,
        raw_subject as subject_raw,
        assigned_at_utc,
        -- lineage and validation
        {{ customer360.lineage_columns(raw_columns, rules, hash_column='content_hash') }}
    from hashed
)

select * from final
