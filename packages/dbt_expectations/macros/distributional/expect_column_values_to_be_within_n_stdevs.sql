{#-
    Fails on every value more than sigma_threshold sample standard deviations away from the mean
    of all values (z-score). With group_by, the column is first summed per group and each group's
    sum is scored; without it each row's value is scored. NULL values are not scored.
-#}
{% test expect_column_values_to_be_within_n_stdevs(model, column_name, group_by=none, sigma_threshold=3) %}
    {{ adapter.dispatch('test_expect_column_values_to_be_within_n_stdevs', 'dbt_expectations')(
        model, column_name, group_by, sigma_threshold
    ) }}
{% endtest %}

{% macro default__test_expect_column_values_to_be_within_n_stdevs(model, column_name, group_by, sigma_threshold) %}
{%- set group_columns = dbt_expectations._as_list(group_by) %}
with

metric_values as (
    select
        {%- for column in group_columns %}
        {{ column }},
        {%- endfor %}
        {{ 'sum(' ~ column_name ~ ')' if group_columns else column_name }} as metric_value
    from {{ model }}
    {%- if group_columns %}
    group by {{ group_columns | join(', ') }}
    {%- endif %}
),

metric_statistics as (
    select
        *,
        avg(metric_value) over () as metric_average,
        stddev_samp(metric_value) over () as metric_stddev
    from metric_values
    where metric_value is not null
),

scored as (
    select
        *,
        (metric_value - metric_average) / nullif(metric_stddev, 0) as metric_sigma
    from metric_statistics
),

outliers as (
    select *
    from scored
    where abs(metric_sigma) > {{ sigma_threshold }}
)

select * from outliers
{% endmacro %}
