{#- Fails once per group (or once) whose distinct / non-NULL value ratio is outside [min_value, max_value], e.g. [1, 2, 2, 3, 3, 3, 4, 4, 4, 4] has 4 distinct of 10 values: 0.4. -#}
{% test expect_column_proportion_of_unique_values_to_be_between(
    model,
    column_name,
    min_value=none,
    max_value=none,
    group_by=none,
    row_condition=none,
    strictly=false
) %}
    {{ adapter.dispatch('test_expect_column_proportion_of_unique_values_to_be_between', 'dbt_expectations')(
        model, column_name, min_value, max_value, group_by, row_condition, strictly
    ) }}
{% endtest %}

{% macro default__test_expect_column_proportion_of_unique_values_to_be_between(
    model, column_name, min_value, max_value, group_by, row_condition, strictly
) %}
    {{ dbt_expectations.aggregate_expression_between(
        model,
        'count(distinct ' ~ column_name ~ ') * 1.0 / nullif(count(' ~ column_name ~ '), 0)',
        min_value,
        max_value,
        group_by,
        row_condition,
        strictly
    ) }}
{% endmacro %}
