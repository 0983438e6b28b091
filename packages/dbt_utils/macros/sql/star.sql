{#-
    The comma-separated column list of `from` minus `except`, for `select {{ dbt_utils.star(...) }}`.
    relation_alias prefixes each column (`alias.column`); prefix / suffix rename the output columns;
    quote_identifiers (default true) quotes column names. Renders `*` while dbt parses.
-#}
{% macro star(from, relation_alias=false, except=[], prefix='', suffix='', quote_identifiers=true) -%}
    {{ return(adapter.dispatch('star', 'dbt_utils')(from, relation_alias, except, prefix, suffix, quote_identifiers)) }}
{%- endmacro %}

{% macro default__star(from, relation_alias, except, prefix, suffix, quote_identifiers) -%}
    {%- if not execute -%}
        {{ return('*') }}
    {%- endif -%}
    {%- set names = dbt_utils.get_filtered_columns_in_relation(from, except) -%}
    {%- if names | length == 0 -%}
        {{ return('*') }}
    {%- endif -%}
    {%- set items = [] -%}
    {%- for name in names -%}
        {%- set source_column = adapter.quote(name) if quote_identifiers else name -%}
        {%- set item = (relation_alias ~ '.' if relation_alias else '') ~ source_column -%}
        {%- if prefix or suffix -%}
            {%- set alias = prefix ~ name ~ suffix -%}
            {%- set item = item ~ ' as ' ~ (adapter.quote(alias) if quote_identifiers else alias) -%}
        {%- endif -%}
        {%- do items.append(item) -%}
    {%- endfor -%}
    {{ return(items | join(',\n    ')) }}
{%- endmacro %}
