{#- Fails on every non-NULL value whose length (characters) is outside [min_value, max_value]. -#}
{% test expect_column_value_lengths_to_be_between(
    model,
    column_name,
    min_value=none,
    max_value=none,
    row_condition=none,
    strictly=false
) %}
    {{ adapter.dispatch('test_expect_column_value_lengths_to_be_between', 'dbt_expectations')(
        model, column_name, min_value, max_value, row_condition, strictly
    ) }}
{% endtest %}

{% macro default__test_expect_column_value_lengths_to_be_between(
    model, column_name, min_value, max_value, row_condition, strictly
) %}
    {{ dbt_expectations.row_expression_is_true(
        model,
        dbt_expectations._between_condition(dbt.length(column_name) | trim, min_value, max_value, strictly),
        row_condition
    ) }}
{% endmacro %}
