{#- Fails once per group (or once) whose row count is not `value`. -#}
{% test expect_table_row_count_to_equal(model, value, group_by=none, row_condition=none) %}
    {{ adapter.dispatch('test_expect_table_row_count_to_equal', 'dbt_expectations')(
        model, value, group_by, row_condition
    ) }}
{% endtest %}

{% macro default__test_expect_table_row_count_to_equal(model, value, group_by, row_condition) %}
    {{ dbt_expectations.aggregate_expression_between(
        model, 'count(*)', value, value, group_by, row_condition, false
    ) }}
{% endmacro %}
