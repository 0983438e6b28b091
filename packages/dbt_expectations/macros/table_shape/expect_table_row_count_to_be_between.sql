{#- Fails once per group (or once) whose row count is outside [min_value, max_value]. -#}
{% test expect_table_row_count_to_be_between(
    model,
    min_value=none,
    max_value=none,
    group_by=none,
    row_condition=none,
    strictly=false
) %}
    {{ adapter.dispatch('test_expect_table_row_count_to_be_between', 'dbt_expectations')(
        model, min_value, max_value, group_by, row_condition, strictly
    ) }}
{% endtest %}

{% macro default__test_expect_table_row_count_to_be_between(
    model, min_value, max_value, group_by, row_condition, strictly
) %}
    {{ dbt_expectations.aggregate_expression_between(
        model, 'count(*)', min_value, max_value, group_by, row_condition, strictly
    ) }}
{% endmacro %}
