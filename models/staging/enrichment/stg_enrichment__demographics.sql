{#- Enrichment rows that passed validation, one row per email hash. -#}

with

base as (
    select * from {{ ref('base_enrichment__demographics') }}
),

final as (
    select
        -- keys
        record_key,
        source_name,
        source_record_id,
        email_sha256,
        -- attributes
        age_band,
        income_band,
        household_size,
        interests,
        updated_date
    from base
    where rejection_rule is null
)

select * from final
