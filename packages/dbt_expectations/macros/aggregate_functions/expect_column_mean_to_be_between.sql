{#- Fails once per group (or once) whose mean of the column is outside [min_value, max_value]. -#}
{% test expect_column_mean_to_be_between(
    model,
    column_name,
    min_value=none,
    max_value=none,
    group_by=none,
    row_condition=none,
    strictly=false
) %}
    {{ adapter.dispatch('test_expect_column_mean_to_be_between', 'dbt_expectations')(
        model, column_name, min_value, max_value, group_by, row_condition, strictly
    ) }}
{% endtest %}

{% macro default__test_expect_column_mean_to_be_between(
    model, column_name, min_value, max_value, group_by, row_condition, strictly
) %}
    {{ dbt_expectations.aggregate_expression_between(
        model,
        'avg(' ~ column_name ~ ')',
        min_value,
        max_value,
        group_by,
        row_condition,
        strictly
    ) }}
{% endmacro %}
