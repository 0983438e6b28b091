{#-
    A/B test assignments: every distinct raw row once, parsed, with the validation outcome. The export has no
    row id: the record key is a hash of the row's raw content.
-#}
{%- set raw_columns = customer360.raw_source_column_names(source('experiments', 'experiment_assignments')) -%}
{#- validation rules, in the order they are applied: the first whose condition holds rejects the row
    (macro validation_rules; docs/validation_rules.md) -#}
{%- set rules = customer360.validation_rules(source('experiments', 'experiment_assignments'), [
    {'rule': 'value_too_long', 'columns': raw_columns},
    {'rule': 'missing_required_field',
        'columns': ['experiment_id', 'variant', 'subject', 'subject_type', 'assigned_at']},
    {'rule': 'unparseable_value', 'column': 'assigned_at', 'when': 'assigned_at_utc is null'},
    {'rule': 'unparseable_value', 'column': 'subject_type', 'not_accepted': 'subject_type'},
    {'rule': 'future_timestamp', 'column': 'assigned_at', 'when': customer360.is_future_timestamp('assigned_at_utc')},
]) -%}

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
