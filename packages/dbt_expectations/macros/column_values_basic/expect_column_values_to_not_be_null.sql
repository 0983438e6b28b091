{#- Fails on every row (inside row_condition) whose column is NULL. -#}
{% test expect_column_values_to_not_be_null(model, column_name, row_condition=none) %}
    {{ adapter.dispatch('test_expect_column_values_to_not_be_null', 'dbt_expectations')(
        model, column_name, row_condition
    ) }}
{% endtest %}

{% macro default__test_expect_column_values_to_not_be_null(model, column_name, row_condition) %}
    {{ dbt_expectations.row_expression_is_true(model, column_name ~ ' is not null', row_condition) }}
{% endmacro %}
