-- Quarantined raw rows per source, rule and column: counts only (the quarantine itself keeps raw values and stays
-- restricted).
with

quarantine as (
    select * from {{ ref('stg_quality__quarantine') }}
),

final as (
    select
        source_name,
        rule_name,
        rejected_column,
        count(*) as rejected_rows
    from quarantine
    group by 1, 2, 3
)

select * from final
