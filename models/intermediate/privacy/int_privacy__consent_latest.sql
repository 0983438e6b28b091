{#- The latest consent event per subject (an email address or a crm_id, as the event names it) and purpose.
    Ties on the timestamp: a withdrawal wins over a grant, then the larger consent_event_id. -#}

with

consent_events as (
    select * from {{ ref('stg_privacy__consent_events') }}
),

subjects as (
    select
        consent_event_id,
        subject_type,
        case
            when subject_type = 'email' then subject_email
            when subject_type = 'crm_id' then subject_crm_id
        end as subject_value,
        purpose,
        status,
        is_granted,
        occurred_at_utc,
        source_system
    from consent_events
),

ranked as (
    select
        *,
        row_number() over (
            partition by subject_type, subject_value, purpose
            order by occurred_at_utc desc, case when is_granted then 1 else 0 end asc, consent_event_id desc
        ) as recency_rank
    from subjects
    where subject_value is not null
),

final as (
    select
        -- subject
        subject_type,
        subject_value,
        purpose,
        -- decision
        status,
        is_granted,
        occurred_at_utc,
        -- lineage
        consent_event_id,
        source_system
    from ranked
    where recency_rank = 1
)

select * from final
