{#-
    Use a model's custom schema name as is (`marts`, not `main_marts`), so BI tools and
    analysts see stable, readable schema names. Models without one land in the target schema.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
