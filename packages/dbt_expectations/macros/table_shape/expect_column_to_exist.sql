{#-
    Fails (one row) when the column is missing, or is not at 1-based position `column_index` when
    that is given. Names are compared after `transform` (default `upper`).
-#}
{% test expect_column_to_exist(model, column_name, column_index=none, transform="upper") %}
    {{ adapter.dispatch('test_expect_column_to_exist', 'dbt_expectations')(
        model, column_name, column_index, transform
    ) }}
{% endtest %}

{% macro default__test_expect_column_to_exist(model, column_name, column_index, transform) %}
    {%- set problems = [] -%}
    {%- if execute -%}
        {%- set wanted = dbt_expectations._transform_names([column_name], transform)[0] -%}
        {%- set actual = dbt_expectations._transform_names(
            dbt_expectations._relation_columns(model) | map(attribute="name") | list, transform
        ) -%}
        {%- if wanted not in actual -%}
            {%- do problems.append([column_name, "column not found"]) -%}
        {%- elif column_index is not none and actual.index(wanted) + 1 != column_index | int -%}
            {%- do problems.append([
                column_name,
                "at position " ~ (actual.index(wanted) + 1) ~ ", expected " ~ column_index
            ]) -%}
        {%- endif -%}
    {%- endif -%}
    {{ dbt_expectations.column_problem_rows(problems) }}
{% endmacro %}
