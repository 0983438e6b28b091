{#-
    Store transactions that passed validation, one row per transaction, with the amount-outlier flag (bounds over
    every staged transaction, so it is computed here on each run and not in the incremental base model).
-#}

with

base as (
    select * from {{ ref('base_pos__transactions') }}
),

outlier_bounds as (
    select {{ customer360.amount_outlier_bounds('total_amount_reporting') }}
    from base
    where rejection_rule is null
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
        transaction_id,
        store_id,
        card_number,
        -- timestamps
        transacted_at_local,
        transacted_at_utc,
        transaction_date,
        -- amounts
        currency_code,
        total_amount,
        discount_amount,
        total_amount_reporting,
        discount_amount_reporting,
        has_missing_rate,
        has_rounded_amount,
        payment_method,
        total_amount_reporting < (select outlier_bounds.outlier_lower_bound from outlier_bounds)
        or total_amount_reporting > (select outlier_bounds.outlier_upper_bound from outlier_bounds)
            as is_amount_outlier
    from base
    where rejection_rule is null
)

select * from final
