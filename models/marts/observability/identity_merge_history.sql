-- Merges, splits and retirements of customer ids per day (the identity merge log, counted).
with

merge_log as (
    select * from {{ ref('int_identity__merge_log') }}
),

final as (
    select
        cast(logged_at_utc as date) as logged_date,
        event_type,
        count(*) as event_count,
        cast(sum(record_count) as {{ dbt.type_bigint() }}) as record_count
    from merge_log
    group by 1, 2
)

select * from final
