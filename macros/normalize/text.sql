{#- Text clean-up shared by every staging model. -#}

{% macro clean_text(expression) -%}
    {#- free text (names, streets, cities): trimmed, inner whitespace collapsed to one space, empty as NULL -#}
    {{ return(adapter.dispatch('clean_text', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__clean_text(expression) -%}
    nullif(trim(regexp_replace({{ expression }}, '\s+', ' ', 'g')), '')
{%- endmacro %}


{% macro clean_id(expression) -%}
    {#- an identifier, code or URL: trimmed, empty as NULL (inner characters untouched) -#}
    nullif(trim({{ expression }}), '')
{%- endmacro %}


{% macro normalize_code(expression) -%}
    {#- an enum-like value (status, event type, …): trimmed, lower case, empty as NULL -#}
    lower({{ customer360.clean_id(expression) }})
{%- endmacro %}


{% macro normalize_postal_code(expression) -%}
    {{ return(adapter.dispatch('normalize_postal_code', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__normalize_postal_code(expression) -%}
    nullif(upper(regexp_replace({{ expression }}, '\s', '', 'g')), '')
{%- endmacro %}


{% macro map_values(expression, mapping) -%}
    {#- a CASE mapping the values of `expression` through a dict (a None value maps to NULL; unlisted: NULL) -#}
    case
        {%- for key, value in mapping.items() %}
        when {{ expression }} = '{{ key }}' then {{ "'" ~ value ~ "'" if value is not none else 'null' }}
        {%- endfor %}
    end
{%- endmacro %}
