{#-
    Fails (one row) when the column's warehouse data type is not column_type (case-insensitive,
    e.g. `integer`, `varchar`, `date`, `decimal(18,2)`) or when the column does not exist.
-#}
{% test expect_column_values_to_be_of_type(model, column_name, column_type) %}
    {{ adapter.dispatch('test_expect_column_values_to_be_of_type', 'dbt_expectations')(
        model, column_name, column_type
    ) }}
{% endtest %}

{% macro default__test_expect_column_values_to_be_of_type(model, column_name, column_type) %}
    {%- if execute and model is string -%}
        {{ exceptions.raise_compiler_error(
            "expect_column_values_to_be_of_type needs the relation's metadata: it cannot be combined with a `where` config"
        ) }}
    {%- endif -%}
    {%- set problems = [] -%}
    {%- if execute -%}
        {%- set actual = namespace(data_type=none) -%}
        {%- for column in dbt_expectations._relation_columns(model) -%}
            {%- if column.name | lower == column_name | lower -%}
                {%- set actual.data_type = column.data_type -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if actual.data_type is none -%}
            {%- do problems.append([column_name, "column not found (expected type " ~ column_type ~ ")"]) -%}
        {%- elif actual.data_type | lower | replace(" ", "") != column_type | lower | replace(" ", "") -%}
            {%- do problems.append([column_name, "type " ~ actual.data_type ~ ", expected " ~ column_type]) -%}
        {%- endif -%}
    {%- endif -%}
    {{ dbt_expectations.column_problem_rows(problems) }}
{% endmacro %}
