{#- Consent events that passed validation, one row per event. -#}

with

base as (
    select * from {{ ref('base_privacy__consent_events') }}
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
        consent_event_id,
        -- subject
        subject_type,
        subject_email,
        subject_crm_id,
        subject_raw,
        -- consent
        purpose,
        status,
        is_granted,
        occurred_at_utc,
        source_system
    from base
    where rejection_rule is null
)

select * from final
