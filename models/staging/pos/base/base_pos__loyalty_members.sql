{#-
    Loyalty members: every distinct raw row once, parsed and normalized, with its validation outcome. The address
    (street, city, postal code, country) is normalized like the CRM's; the country, and with it the phone calling
    code, falls back to the member's home store when the row has none. Time zone: the home store (seed
    store_timezones).
-#}
{%- set raw_columns = customer360.raw_source_column_names(source('pos', 'loyalty_members')) -%}
{#- validation rules, in the order they are applied: the first whose condition holds rejects the row
    (macro validation_rules; docs/validation_rules.md) -#}
{%- set rules = customer360.validation_rules(source('pos', 'loyalty_members'), [
    {'rule': 'value_too_long', 'columns': raw_columns},
    {'rule': 'superseded_version', 'column': 'card_number', 'when': 'version_rank > 1'},
    {'rule': 'missing_required_field', 'columns': ['card_number', 'enrolled_at']},
    {'rule': 'unparseable_value', 'column': 'enrolled_at', 'when': 'enrolled_at_local is null'},
]) -%}

with

raw as (
    {{ customer360.select_raw_columns(source('pos', 'loyalty_members')) }}
),

countries as (
    select * from {{ ref('country_codes') }}
),

stores as (
    select * from {{ ref('store_timezones') }}
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
        {{ customer360.clean_id('deduplicated.raw_card_number') }} as card_number,
        -- names
        {{ customer360.normalize_name('deduplicated.raw_first_name') }} as first_name,
        {{ customer360.normalize_name('deduplicated.raw_last_name') }} as last_name,
        {{ customer360.name_match_key('deduplicated.raw_first_name') }} as first_name_key,
        {{ customer360.name_match_key('deduplicated.raw_last_name') }} as last_name_key,
        -- contact
        {{ customer360.normalize_email('deduplicated.raw_email') }} as email_normalized,
        {{ customer360.normalize_phone_e164(
            'deduplicated.raw_phone',
            'coalesce(row_country.calling_code, store_country.calling_code, default_country.calling_code)'
        ) }} as phone_normalized,
        -- demographics
        {{ customer360.parse_date('deduplicated.raw_birth_date') }} as birth_date_parsed,
        -- address: the member's own country, else the home store's
        {{ customer360.clean_text('deduplicated.raw_street') }} as street,
        {{ customer360.clean_text('deduplicated.raw_city') }} as city,
        {{ customer360.normalize_postal_code('deduplicated.raw_postal_code') }} as postal_code,
        country.country_code as address_country_code,
        coalesce(country.country_code, home_store.country_code) as country_code,
        -- home store
        {{ customer360.clean_id('deduplicated.raw_home_store_id') }} as home_store_id,
        home_store.store_id is not null as is_known_home_store,
        home_store.timezone as home_store_timezone,
        -- enrolment: wall-clock time of the home store
        {{ customer360.parse_local_timestamp('deduplicated.raw_enrolled_at') }} as enrolled_at_local
    from deduplicated
    left join countries as country
        on {{ customer360.normalize_code('deduplicated.raw_country') }} = country.country_alias
    left join stores as home_store
        on {{ customer360.clean_id('deduplicated.raw_home_store_id') }} = home_store.store_id
    left join calling_codes as row_country
        on country.country_code = row_country.country_code
    left join calling_codes as store_country
        on home_store.country_code = store_country.country_code
    left join calling_codes as default_country
        on default_country.country_code = '{{ var("default_phone_country") }}'
),

versions as (
    -- the later row of the file wins
    select
        raw_row_number,
        row_number() over (partition by card_number order by raw_row_number desc) as version_rank
    from parsed
    where card_number is not null
),

flagged as (
    select
        parsed.*,
        coalesce(versions.version_rank, 1) as version_rank,
        -- a member without a known home store: the enrolment time is taken as UTC
        coalesce(
            {{ customer360.local_to_utc('parsed.enrolled_at_local', 'parsed.home_store_timezone') }},
            parsed.enrolled_at_local
        ) as enrolled_at_utc,
        {{ customer360.is_valid_email('parsed.email_normalized') }} as is_valid_email,
        {{ customer360.is_plausible_phone('parsed.phone_normalized') }} as is_valid_phone,
        parsed.address_country_code is null and not {{ customer360.is_missing('parsed.raw_country') }}
            as has_unknown_country
    from parsed
    left join versions
        on parsed.raw_row_number = versions.raw_row_number
),

validated as (
    select
        *,
        {{ customer360.is_plausible_birth_date('birth_date_parsed', 'enrolled_at_utc', 'raw_birth_date') }}
            as is_plausible_birth_date,
        {{ customer360.first_failing_rule(rules) }}
    from flagged
),

final as (
    select
        -- keys
        {{ customer360.record_key('loyalty_members', 'card_number', raw_columns) }} as record_key,
        'loyalty_members' as source_name,
        card_number as source_record_id,
        card_number,
        -- names
        first_name,
        last_name,
        first_name_key,
        last_name_key,
        -- email
        {{ customer360.staged_email_columns('email_normalized', 'raw_email', 'is_valid_email') }},
        -- phone
        {{ customer360.staged_phone_columns('phone_normalized', 'raw_phone', 'is_valid_phone') }},
        -- demographics and address
        case when is_plausible_birth_date then birth_date_parsed end as birth_date,
        raw_birth_date as birth_date_raw,
        is_plausible_birth_date,
        street,
        city,
        postal_code,
        country_code,
        raw_country as country_raw,
        has_unknown_country,
        home_store_id,
        home_store_id is not null and not is_known_home_store as has_unknown_home_store,
        -- timestamps
        enrolled_at_local,
        enrolled_at_utc,
        -- lineage and validation
        {{ customer360.lineage_columns(raw_columns, rules) }}
    from validated
)

select * from final
