{#- Fails once per group (or once, also for an empty table) in which the column has no non-NULL value. -#}
{% test at_least_one(model, column_name, group_by_columns=[]) %}
    {{ adapter.dispatch('test_at_least_one', 'dbt_utils')(model, column_name, group_by_columns) }}
{% endtest %}

{% macro default__test_at_least_one(model, column_name, group_by_columns) %}
{%- set groups = dbt_utils._group_by_list(group_by_columns) %}
with

value_counts as (
    select
        {%- for column in groups %}
        {{ column }},
        {%- endfor %}
        count({{ column_name }}) as non_null_values
    from {{ model }}
    {%- if groups %}
    group by {{ groups | join(', ') }}
    {%- endif %}
),

without_values as (
    select *
    from value_counts
    where non_null_values = 0
)

select * from without_values
{% endmacro %}
