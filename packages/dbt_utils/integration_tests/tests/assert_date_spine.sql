-- 2024-01-01 (included) to 2024-01-08 (excluded): 7 consecutive days
{{ config(tags=['expect_pass']) }}

with

spine as (
    select
        count(*) as day_count,
        count(distinct date_day) as distinct_days,
        min(cast(date_day as date)) as first_day,
        max(cast(date_day as date)) as last_day
    from {{ ref('utils_date_spine') }}
)

select *
from spine
where not (
    day_count = 7
    and distinct_days = 7
    and first_day = cast('2024-01-01' as date)
    and last_day = cast('2024-01-07' as date)
)
