{#- Fails once per non-NULL value that occurs more than once (inside row_condition). -#}
{% test expect_column_values_to_be_unique(model, column_name, row_condition=none) %}
    {{ adapter.dispatch('test_expect_column_values_to_be_unique', 'dbt_expectations')(
        model, column_name, row_condition
    ) }}
{% endtest %}

{% macro default__test_expect_column_values_to_be_unique(model, column_name, row_condition) %}
with

scoped_rows as (
    select * from {{ model }}
    {%- if row_condition %}
    where ({{ row_condition }})
    {%- endif %}
),

duplicated_values as (
    select
        {{ column_name }} as duplicated_value,
        count(*) as n_records
    from scoped_rows
    where {{ column_name }} is not null
    group by {{ column_name }}
    having count(*) > 1
)

select * from duplicated_values
{% endmacro %}
