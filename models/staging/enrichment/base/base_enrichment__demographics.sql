{#-
    Third-party enrichment: every distinct raw row once, parsed, with the validation outcome. Keyed by the
    SHA-256 of the normalized email (compared in lower case).
-#}
{%- set raw_columns = customer360.raw_source_column_names(source('enrichment', 'enrichment_demographics')) -%}
{#- validation rules, in the order they are applied: the first whose condition holds rejects the row
    (macro validation_rules; docs/validation_rules.md) -#}
{%- set rules = customer360.validation_rules(source('enrichment', 'enrichment_demographics'), [
    {'rule': 'value_too_long', 'columns': raw_columns},
    {'rule': 'superseded_version', 'column': 'email_sha256', 'when': 'version_rank > 1'},
    {'rule': 'missing_required_field', 'columns': ['email_sha256']},
    {'rule': 'unparseable_value', 'column': 'household_size',
        'when': customer360.unparsed('raw_household_size', 'household_size')},
    {'rule': 'unparseable_value', 'column': 'updated_at',
        'when': customer360.unparsed('raw_updated_at', 'updated_date')},
    {'rule': 'unparseable_value', 'column': 'age_band', 'not_accepted': 'age_band'},
    {'rule': 'unparseable_value', 'column': 'income_band', 'not_accepted': 'income_band'},
    {'rule': 'invalid_email_sha256', 'column': 'email_sha256',
        'when': "not regexp_matches(email_sha256, '^[0-9a-f]{64}$')"},
]) -%}

with

raw as (
    {{ customer360.select_raw_columns(source('enrichment', 'enrichment_demographics')) }}
),

deduplicated as (
    {{ customer360.remove_exact_duplicates('raw', raw_columns) }}
),

parsed as (
    select
        *,
        lower({{ customer360.clean_id('raw_email_sha256') }}) as email_sha256,
        {{ customer360.normalize_code('raw_age_band') }} as age_band,
        {{ customer360.normalize_code('raw_income_band') }} as income_band,
        {{ customer360.parse_integer('raw_household_size') }} as household_size,
        {{ customer360.clean_text('raw_interests') }} as interests,
        {{ customer360.parse_date('raw_updated_at') }} as updated_date
    from deduplicated
),

versions as (
    -- the latest vendor update wins, else the later row of the file
    select
        raw_row_number,
        row_number() over (
            partition by email_sha256
            order by updated_date desc nulls last, raw_row_number desc
        ) as version_rank
    from parsed
    where email_sha256 is not null
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
        {{ customer360.record_key('enrichment_demographics', 'email_sha256', raw_columns) }} as record_key,
        'enrichment_demographics' as source_name,
        email_sha256 as source_record_id,
        email_sha256,
        -- attributes
        age_band,
        income_band,
        household_size,
        interests,
        updated_date,
        -- lineage and validation
        {{ customer360.lineage_columns(raw_columns, rules) }}
    from validated
)

select * from final
