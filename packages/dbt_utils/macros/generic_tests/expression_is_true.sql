{#-
    Fails on every row for which `expression` is false. At column level the expression is appended
    to the column (`expression: '>= 0'` tests `<column> >= 0`). Filter rows with the `where` config.
-#}
{% test expression_is_true(model, expression, column_name=none) %}
    {{ adapter.dispatch('test_expression_is_true', 'dbt_utils')(model, expression, column_name) }}
{% endtest %}

{% macro default__test_expression_is_true(model, expression, column_name) %}
with

failing_rows as (
    select *
    from {{ model }}
    where not ({{ column_name ~ ' ' if column_name }}{{ expression }})
)

select * from failing_rows
{% endmacro %}
