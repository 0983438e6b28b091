{#- Fails once per group (or once) whose number of distinct non-NULL values is not `value`. -#}
{% test expect_column_distinct_count_to_equal(
    model,
    column_name,
    value,
    quote_values=true,
    group_by=none,
    row_condition=none
) %}
    {{ adapter.dispatch('test_expect_column_distinct_count_to_equal', 'dbt_expectations')(
        model, column_name, value, quote_values, group_by, row_condition
    ) }}
{% endtest %}

{#- quote_values is accepted for signature compatibility: a count is always a number. -#}
{% macro default__test_expect_column_distinct_count_to_equal(
    model, column_name, value, quote_values, group_by, row_condition
) %}
    {{ dbt_expectations.aggregate_expression_between(
        model,
        'count(distinct ' ~ column_name ~ ')',
        value,
        value,
        group_by,
        row_condition,
        false
    ) }}
{% endmacro %}
