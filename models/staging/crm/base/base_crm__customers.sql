{#-
    CRM contacts: every distinct raw row once (exact duplicates removed and counted), parsed and normalized, with
    its validation outcome: `rejection_rule` NULL = staged in stg_crm__customers, else quarantined.
-#}
{%- set raw_columns = customer360.raw_source_column_names(source('crm', 'crm_customers')) -%}
{#- validation rules, in the order they are applied: the first whose condition holds rejects the row
    (macro validation_rules; docs/validation_rules.md) -#}
{%- set rules = customer360.validation_rules(source('crm', 'crm_customers'), [
    {'rule': 'value_too_long', 'columns': raw_columns},
    {'rule': 'superseded_version', 'column': 'crm_id', 'when': 'version_rank > 1'},
    {'rule': 'missing_required_field', 'columns': ['crm_id', 'created_at']},
    {'rule': 'unparseable_value', 'column': 'created_at', 'when': 'created_at_utc is null'},
    {'rule': 'unparseable_value', 'column': 'updated_at',
        'when': customer360.unparsed('raw_updated_at', 'updated_at_utc')},
    {'rule': 'unparseable_value', 'column': 'gender',
        'when': customer360.unknown_code('gender_code', var('gender_codes').keys())},
    {'rule': 'future_timestamp', 'column': 'created_at', 'when': customer360.is_future_timestamp('created_at_utc')},
    {'rule': 'future_timestamp', 'column': 'updated_at', 'when': customer360.is_future_timestamp('updated_at_utc')},
]) -%}

with

raw as (
    {{ customer360.select_raw_columns(source('crm', 'crm_customers')) }}
),

countries as (
    select * from {{ ref('country_codes') }}
),

exclusions as (
    select * from {{ ref('identifier_exclusions') }}
),

deduplicated as (
    {{ customer360.remove_exact_duplicates('raw', raw_columns) }}
),

calling_codes as (
    select distinct
        country_code,
        cast(calling_code as {{ dbt.type_string() }}) as calling_code
    from countries
),

parsed as (
    select
        deduplicated.*,
        {{ customer360.clean_id('deduplicated.raw_crm_id') }} as crm_id,
        -- names
        {{ customer360.normalize_name('deduplicated.raw_first_name') }} as first_name,
        {{ customer360.normalize_name('deduplicated.raw_last_name') }} as last_name,
        {{ customer360.name_match_key('deduplicated.raw_first_name') }} as first_name_key,
        {{ customer360.name_match_key('deduplicated.raw_last_name') }} as last_name_key,
        -- contact
        {{ customer360.normalize_email('deduplicated.raw_email') }} as email_normalized,
        {{ customer360.normalize_phone_e164(
            'deduplicated.raw_phone', 'coalesce(row_country.calling_code, default_country.calling_code)'
        ) }} as phone_normalized,
        -- demographics
        {{ customer360.parse_date('deduplicated.raw_birth_date') }} as birth_date_parsed,
        {{ customer360.normalize_code('deduplicated.raw_gender') }} as gender_code,
        -- address
        {{ customer360.clean_text('deduplicated.raw_street') }} as street,
        {{ customer360.clean_text('deduplicated.raw_city') }} as city,
        {{ customer360.normalize_postal_code('deduplicated.raw_postal_code') }} as postal_code,
        country.country_code,
        -- timestamps
        {{ customer360.parse_timestamp_utc('deduplicated.raw_created_at') }} as created_at_utc,
        {{ customer360.parse_timestamp_utc('deduplicated.raw_updated_at') }} as updated_at_utc
    from deduplicated
    left join countries as country
        on {{ customer360.normalize_code('deduplicated.raw_country') }} = country.country_alias
    left join calling_codes as row_country
        on country.country_code = row_country.country_code
    left join calling_codes as default_country
        on default_country.country_code = '{{ var("default_phone_country") }}'
),

versions as (
    -- the latest version of a contact wins: updated_at, else created_at, else the later row of the file
    select
        raw_row_number,
        row_number() over (
            partition by crm_id
            order by coalesce(updated_at_utc, created_at_utc) desc nulls last, raw_row_number desc
        ) as version_rank
    from parsed
    where crm_id is not null
),

flagged as (
    select
        parsed.*,
        coalesce(versions.version_rank, 1) as version_rank,
        {{ customer360.map_values('parsed.gender_code', var('gender_codes')) }} as gender,
        {{ customer360.is_valid_email('parsed.email_normalized') }} as is_valid_email,
        {{ customer360.is_plausible_phone('parsed.phone_normalized') }} as is_valid_phone,
        {{ customer360.is_plausible_birth_date(
            'parsed.birth_date_parsed', 'parsed.created_at_utc', 'parsed.raw_birth_date'
        ) }} as is_plausible_birth_date,
        parsed.country_code is null and not {{ customer360.is_missing('parsed.raw_country') }} as has_unknown_country
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
        {{ customer360.record_key('crm_customers', 'crm_id', raw_columns) }} as record_key,
        'crm_customers' as source_name,
        crm_id as source_record_id,
        crm_id,
        -- names
        first_name,
        last_name,
        first_name_key,
        last_name_key,
        -- email
        {{ customer360.staged_email_columns('email_normalized', 'raw_email', 'is_valid_email') }},
        -- phone
        {{ customer360.staged_phone_columns('phone_normalized', 'raw_phone', 'is_valid_phone') }},
        -- demographics
        case when is_plausible_birth_date then birth_date_parsed end as birth_date,
        raw_birth_date as birth_date_raw,
        is_plausible_birth_date,
        gender,
        -- address
        street,
        city,
        postal_code,
        country_code,
        raw_country as country_raw,
        has_unknown_country,
        -- timestamps
        created_at_utc,
        updated_at_utc,
        -- lineage and validation
        {{ customer360.lineage_columns(raw_columns, rules) }}
    from validated
)

select * from final
