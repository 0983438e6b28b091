{#-
    Column introspection for the table-shape tests. `model` is a Relation, or a subquery string when
    the test has a `where` config: then only names are known (types need the Relation).
    Returns a list of {"name": ..., "data_type": ...} dicts; empty while dbt parses (execute = false).
-#}
{% macro _relation_columns(model) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- if model is string -%}
        {%- for name in get_columns_in_query('select * from ' ~ model) -%}
            {%- do columns.append({"name": name, "data_type": none}) -%}
        {%- endfor -%}
    {%- else -%}
        {%- for column in adapter.get_columns_in_relation(model) -%}
            {%- do columns.append({"name": column.name, "data_type": column.data_type}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}


{#- Apply a Jinja string filter by name (`upper`, `lower`, ...) to every name of a list. -#}
{% macro _transform_names(names, transform) -%}
    {%- if transform -%}
        {{ return(names | map(transform) | list) }}
    {%- else -%}
        {{ return(names | list) }}
    {%- endif -%}
{%- endmacro %}


{#-
    A query returning one row per (column_name, problem) pair, or no row at all.
    `problems` is a list of [column_name, problem] pairs computed in Jinja.
-#}
{% macro column_problem_rows(problems) -%}
    {{ return(adapter.dispatch('column_problem_rows', 'dbt_expectations')(problems)) }}
{%- endmacro %}

{% macro default__column_problem_rows(problems) %}
{%- if problems | length == 0 %}
select
    cast(null as {{ dbt.type_string() }}) as column_name,
    cast(null as {{ dbt.type_string() }}) as problem
where 1 = 0
{%- else %}
{%- for column_name, problem in problems %}
select
    cast({{ dbt_expectations._string_literal(column_name) }} as {{ dbt.type_string() }}) as column_name,
    cast({{ dbt_expectations._string_literal(problem) }} as {{ dbt.type_string() }}) as problem
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endif %}
{% endmacro %}
