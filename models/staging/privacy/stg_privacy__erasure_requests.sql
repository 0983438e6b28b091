{#- Erasure requests that passed validation, one row per request. -#}

with

base as (
    select * from {{ ref('base_privacy__erasure_requests') }}
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
        request_id,
        -- subject
        subject_type,
        subject_email,
        subject_crm_id,
        subject_raw,
        -- request
        requested_at_utc
    from base
    where rejection_rule is null
)

select * from final
