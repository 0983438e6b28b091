{#- Fails on every non-NULL value not in value_set (quote_values = false for numbers / SQL expressions). -#}
{% test expect_column_values_to_be_in_set(model, column_name, value_set, quote_values=true, row_condition=none) %}
    {{ adapter.dispatch('test_expect_column_values_to_be_in_set', 'dbt_expectations')(
        model, column_name, value_set, quote_values, row_condition
    ) }}
{% endtest %}

{% macro default__test_expect_column_values_to_be_in_set(model, column_name, value_set, quote_values, row_condition) %}
    {%- if value_set is string or value_set | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "expect_column_values_to_be_in_set: value_set must be a non-empty list, got " ~ value_set
        ) }}
    {%- endif -%}
    {%- set values = [] -%}
    {%- for value in value_set -%}
        {%- do values.append(dbt_expectations._string_literal(value) if quote_values else value | string) -%}
    {%- endfor -%}
    {{ dbt_expectations.row_expression_is_true(
        model,
        column_name ~ ' in (' ~ values | join(', ') ~ ')',
        row_condition
    ) }}
{% endmacro %}
