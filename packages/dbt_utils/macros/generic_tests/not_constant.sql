{#- Fails once per group (or once) in which the column holds exactly one distinct non-NULL value. -#}
{% test not_constant(model, column_name, group_by_columns=[]) %}
    {{ adapter.dispatch('test_not_constant', 'dbt_utils')(model, column_name, group_by_columns) }}
{% endtest %}

{% macro default__test_not_constant(model, column_name, group_by_columns) %}
{%- set groups = dbt_utils._group_by_list(group_by_columns) %}
with

distinct_counts as (
    select
        {%- for column in groups %}
        {{ column }},
        {%- endfor %}
        count(distinct {{ column_name }}) as distinct_values
    from {{ model }}
    {%- if groups %}
    group by {{ groups | join(', ') }}
    {%- endif %}
),

constant_groups as (
    select *
    from distinct_counts
    where distinct_values = 1
)

select * from constant_groups
{% endmacro %}
