-- MetricFlow's day time spine: one row per calendar day from var `semantic_time_spine_start_date` to
-- `semantic_time_spine_end_date` (exclusive). Weeks, months, quarters and years are derived from it by MetricFlow.
with

days as (
    {{ dbt.date_spine(
        'day',
        dbt.cast("'" ~ var('semantic_time_spine_start_date') ~ "'", api.Column.translate_type('date')),
        dbt.cast("'" ~ var('semantic_time_spine_end_date') ~ "'", api.Column.translate_type('date')),
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
