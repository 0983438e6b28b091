{#- Fails on every row where column_A is not greater than (or_equal: not >=) column_B; a NULL on either side is not judged. -#}
{% test expect_column_pair_values_A_to_be_greater_than_B(model, column_A, column_B, or_equal=false, row_condition=none) %}
    {{ adapter.dispatch('test_expect_column_pair_values_A_to_be_greater_than_B', 'dbt_expectations')(
        model, column_A, column_B, or_equal, row_condition
    ) }}
{% endtest %}

{% macro default__test_expect_column_pair_values_A_to_be_greater_than_B(model, column_A, column_B, or_equal, row_condition) %}
    {{ dbt_expectations.row_expression_is_true(
        model,
        column_A ~ (' >= ' if or_equal else ' > ') ~ column_B,
        row_condition
    ) }}
{% endmacro %}
