{#- Shared pieces of the generic tests. -#}

{#- `group_by_columns` may be one name or a list: always return a list. -#}
{% macro _group_by_list(group_by_columns) -%}
    {%- if group_by_columns is none -%}
        {{ return([]) }}
    {%- elif group_by_columns is string -%}
        {{ return([group_by_columns]) }}
    {%- else -%}
        {{ return(group_by_columns | list) }}
    {%- endif -%}
{%- endmacro %}
