{#- Fails on every non-NULL value in which `regex` matches anywhere. -#}
{% test expect_column_values_to_not_match_regex(model, column_name, regex, row_condition=none, is_raw=false, flags="") %}
    {{ adapter.dispatch('test_expect_column_values_to_not_match_regex', 'dbt_expectations')(
        model, column_name, regex, row_condition, is_raw, flags
    ) }}
{% endtest %}

{% macro default__test_expect_column_values_to_not_match_regex(model, column_name, regex, row_condition, is_raw, flags) %}
    {{ dbt_expectations.row_expression_is_true(
        model,
        'not (' ~ dbt_expectations.regexp_matches(column_name, regex, is_raw, flags) ~ ')',
        row_condition
    ) }}
{% endmacro %}
