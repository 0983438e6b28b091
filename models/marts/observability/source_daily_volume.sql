-- Daily volume check: rows per day of each event source against the mean and standard deviation of the
-- trailing window before that day (vars volume_check_*). Days without rows inside a source's date range count 0.
-- The staged models of the sources in var volume_check_date_columns (macro daily_source_volumes refs them through
-- staging_sources(), which dbt cannot follow while it parses):
-- depends_on: {{ ref('stg_esp__email_events') }}
-- depends_on: {{ ref('stg_pos__transactions') }}
-- depends_on: {{ ref('stg_shop__orders') }}
-- depends_on: {{ ref('stg_web__events') }}
with

daily_counts as (
    {{ daily_source_volumes() }}
),

calendar as (
    select * from {{ ref('metricflow_time_spine') }}
),

source_ranges as (
    select
        source_name,
        min(volume_date) as first_date,
        max(volume_date) as last_date
    from daily_counts
    group by 1
),

source_days as (
    select
        source_ranges.source_name,
        calendar.date_day as volume_date
    from source_ranges
    inner join calendar
        on calendar.date_day between source_ranges.first_date and source_ranges.last_date
),

filled as (
    select
        source_days.source_name,
        source_days.volume_date,
        coalesce(daily_counts.row_count, 0) as row_count
    from source_days
    left join daily_counts
        on
            source_days.source_name = daily_counts.source_name
            and source_days.volume_date = daily_counts.volume_date
),

windowed as (
    select
        source_name,
        volume_date,
        row_count,
        count(row_count) over trailing_window as trailing_days,
        avg(row_count) over trailing_window as trailing_mean,
        stddev_samp(row_count) over trailing_window as trailing_stddev
    from filled
    window trailing_window as (
        partition by source_name
        order by volume_date
        rows between {{ var('volume_check_trailing_days') }} preceding and 1 preceding
    )
),

final as (
    select
        source_name,
        volume_date,
        row_count,
        trailing_days,
        trailing_mean,
        trailing_stddev,
        case
            when trailing_stddev > 0 then (row_count - trailing_mean) / trailing_stddev
        end as z_score,
        trailing_mean - {{ var('volume_check_stddevs') }} * trailing_stddev as expected_min_rows,
        trailing_mean + {{ var('volume_check_stddevs') }} * trailing_stddev as expected_max_rows,
        coalesce(
            trailing_days >= {{ var('volume_check_min_history_days') }}
            and abs(row_count - trailing_mean) > {{ var('volume_check_stddevs') }} * trailing_stddev,
            false
        ) as is_volume_anomaly
    from windowed
)

select * from final
