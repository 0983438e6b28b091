{#- The column names of a relation, minus `except` (case-insensitive). Empty while dbt parses. -#}
{% macro get_filtered_columns_in_relation(from, except=[]) -%}
    {{ return(adapter.dispatch('get_filtered_columns_in_relation', 'dbt_utils')(from, except)) }}
{%- endmacro %}

{% macro default__get_filtered_columns_in_relation(from, except) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set excluded = except | map('lower') | list -%}
    {%- set names = [] -%}
    {%- for column in adapter.get_columns_in_relation(from) -%}
        {%- if column.name | lower not in excluded -%}
            {%- do names.append(column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}
