{#- A/B test assignments that passed validation, one row per distinct assignment row. -#}

with

base as (
    select * from {{ ref('base_experiments__assignments') }}
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
        -- assignment
        experiment_id,
        variant,
        subject_type,
        subject_email,
        subject_anonymous_id,
        subject_raw,
        assigned_at_utc
    from base
    where rejection_rule is null
)

select * from final
