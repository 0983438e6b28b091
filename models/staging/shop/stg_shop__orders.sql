{#-
    Online orders that passed validation, one row per order, with the amount-outlier flag (bounds over every
    staged order, so it is computed here on each run and not in the incremental base model).
-#}

with

base as (
    select * from {{ ref('base_shop__orders') }}
),

outlier_bounds as (
    select {{ customer360.amount_outlier_bounds('order_total_reporting') }}
    from base
    where rejection_rule is null
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
        order_id,
        crm_id,
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
        -- shipping address
        shipping_first_name,
        shipping_last_name,
        first_name_key,
        last_name_key,
        shipping_street,
        shipping_city,
        shipping_postal_code,
        shipping_country_code,
        -- order
        ordered_at_utc,
        order_date,
        status,
        -- amounts
        currency_code,
        order_total,
        discount_total,
        order_total_reporting,
        discount_total_reporting,
        has_missing_rate,
        has_rounded_amount,
        order_total_reporting < (select outlier_bounds.outlier_lower_bound from outlier_bounds)
        or order_total_reporting > (select outlier_bounds.outlier_upper_bound from outlier_bounds)
            as is_amount_outlier
    from base
    where rejection_rule is null
)

select * from final
