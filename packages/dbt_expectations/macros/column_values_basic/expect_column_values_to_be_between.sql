{#-
    Fails on every row whose value is outside [min_value, max_value] (or the open interval when
    strictly = true). Bounds are SQL expressions: quote date literals, e.g. "'2024-01-01'".
-#}
{% test expect_column_values_to_be_between(
    model,
    column_name,
    min_value=none,
    max_value=none,
    row_condition=none,
    strictly=false
) %}
    {{ adapter.dispatch('test_expect_column_values_to_be_between', 'dbt_expectations')(
        model, column_name, min_value, max_value, row_condition, strictly
    ) }}
{% endtest %}

{% macro default__test_expect_column_values_to_be_between(
    model, column_name, min_value, max_value, row_condition, strictly
) %}
    {{ dbt_expectations.row_expression_is_true(
        model,
        dbt_expectations._between_condition(column_name, min_value, max_value, strictly),
        row_condition
    ) }}
{% endmacro %}
