{% macro normalize_email(expression) -%}
    {#- trimmed and lower-cased; empty as NULL; plus tags and dots are kept (they may be a distinct mailbox) -#}
    nullif(lower(trim({{ expression }})), '')
{%- endmacro %}


{% macro is_valid_email(normalized_email) -%}
    {{ return(adapter.dispatch('is_valid_email', 'customer360')(normalized_email)) }}
{%- endmacro %}

{% macro default__is_valid_email(normalized_email) -%}
    regexp_matches({{ normalized_email }}, '{{ var("email_pattern") | replace("'", "''") }}')
{%- endmacro %}
