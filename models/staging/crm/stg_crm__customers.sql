{#- CRM contacts that passed validation, one row per contact (crm_id). -#}

with

base as (
    select * from {{ ref('base_crm__customers') }}
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
        crm_id,
        -- names
        first_name,
        last_name,
        first_name_key,
        last_name_key,
        -- email
        email,
        email_raw,
        email_sha256,
        is_valid_email,
        is_placeholder_email,
        -- phone
        phone_e164,
        phone_raw,
        is_valid_phone,
        is_placeholder_phone,
        -- demographics
        birth_date,
        birth_date_raw,
        is_plausible_birth_date,
        gender,
        -- address
        street,
        city,
        postal_code,
        country_code,
        country_raw,
        has_unknown_country,
        -- timestamps
        created_at_utc,
        updated_at_utc
    from base
    where rejection_rule is null
)

select * from final
