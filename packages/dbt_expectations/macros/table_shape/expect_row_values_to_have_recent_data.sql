{#-
    Fails (one row) when the latest non-future value of the column (inside row_condition) is older
    than `interval` `datepart`s before now, or when there is no such value at all (empty table).
    Times are compared as the warehouse's timestamp type at the session time zone.
-#}
{% test expect_row_values_to_have_recent_data(model, column_name, datepart, interval, row_condition=none) %}
    {{ adapter.dispatch('test_expect_row_values_to_have_recent_data', 'dbt_expectations')(
        model, column_name, datepart, interval, row_condition
    ) }}
{% endtest %}

{% macro default__test_expect_row_values_to_have_recent_data(model, column_name, datepart, interval, row_condition) %}
{%- set now = 'cast(' ~ dbt.current_timestamp() ~ ' as ' ~ dbt.type_timestamp() ~ ')' -%}
{%- set value = 'cast(' ~ column_name ~ ' as ' ~ dbt.type_timestamp() ~ ')' %}
with

scoped_rows as (
    select * from {{ model }}
    {%- if row_condition %}
    where ({{ row_condition }})
    {%- endif %}
),

latest as (
    select
        max({{ value }}) as latest_value,
        {{ dbt.dateadd(datepart, -1 * interval, now) }} as recency_threshold
    from scoped_rows
    where {{ value }} <= {{ now }}
),

stale as (
    select *
    from latest
    where latest_value is null or latest_value < recency_threshold
)

select * from stale
{% endmacro %}
