{#-
    The distinct values of `column` in `table` as a Jinja list, ordered by `order_by` (default: most
    frequent first), at most max_records, filtered by `where`. Returns `default` (or []) while dbt
    parses or when the relation does not exist yet.
-#}
{% macro get_column_values(table, column, order_by='count(*) desc', max_records=none, default=none, where=none) -%}
    {{ return(adapter.dispatch('get_column_values', 'dbt_utils')(table, column, order_by, max_records, default, where)) }}
{%- endmacro %}

{% macro default__get_column_values(table, column, order_by, max_records, default, where) -%}
    {%- set fallback = default if default is not none else [] -%}
    {%- if not execute -%}
        {{ return(fallback) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(
        database=table.database, schema=table.schema, identifier=table.identifier
    ) if table.identifier is defined else table -%}
    {%- if relation is none -%}
        {{ return(fallback) }}
    {%- endif -%}
    {%- set query %}
        select {{ column }} as value
        from {{ relation }}
        {%- if where %}
        where {{ where }}
        {%- endif %}
        group by {{ column }}
        order by {{ order_by }}
        {%- if max_records is not none %}
        limit {{ max_records }}
        {%- endif %}
    {%- endset -%}
    {%- set result = run_query(query) -%}
    {{ return(result.columns[0].values() | list) }}
{%- endmacro %}
