{#-
    Fails once per column that is in the relation but not in column_list, or the other way round.
    Names are compared after `transform` (a Jinja filter name, default `upper`), so case does not matter.
-#}
{% test expect_table_columns_to_match_set(model, column_list, transform="upper") %}
    {{ adapter.dispatch('test_expect_table_columns_to_match_set', 'dbt_expectations')(
        model, column_list, transform
    ) }}
{% endtest %}

{% macro default__test_expect_table_columns_to_match_set(model, column_list, transform) %}
    {%- set problems = [] -%}
    {%- if execute -%}
        {%- set expected = dbt_expectations._transform_names(column_list, transform) -%}
        {%- set actual = dbt_expectations._transform_names(
            dbt_expectations._relation_columns(model) | map(attribute="name") | list, transform
        ) -%}
        {%- for name in actual if name not in expected -%}
            {%- do problems.append([name, "in the relation, not in column_list"]) -%}
        {%- endfor -%}
        {%- for name in expected if name not in actual -%}
            {%- do problems.append([name, "in column_list, not in the relation"]) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ dbt_expectations.column_problem_rows(problems) }}
{% endmacro %}
