{#- Loyalty members that passed validation, one row per card. -#}

with

base as (
    select * from {{ ref('base_pos__loyalty_members') }}
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
        card_number,
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
        -- demographics and address
        birth_date,
        birth_date_raw,
        is_plausible_birth_date,
        street,
        city,
        postal_code,
        country_code,
        country_raw,
        has_unknown_country,
        home_store_id,
        has_unknown_home_store,
        -- timestamps
        enrolled_at_local,
        enrolled_at_utc
    from base
    where rejection_rule is null
)

select * from final
