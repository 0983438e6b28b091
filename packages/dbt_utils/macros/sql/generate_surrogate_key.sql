{#-
    A hashed key over a list of columns / expressions: hash of the values cast to strings and joined
    with '-'. A NULL becomes '_dbt_utils_surrogate_key_null_' so that NULL and '' give different keys
    (var surrogate_key_treat_nulls_as_empty_strings: true restores the legacy '' behaviour).
    The string hashed is the hub package's, so keys stay identical when the hub package is swapped in.
-#}
{% macro generate_surrogate_key(field_list) -%}
    {{ return(adapter.dispatch('generate_surrogate_key', 'dbt_utils')(field_list)) }}
{%- endmacro %}

{% macro default__generate_surrogate_key(field_list) -%}
    {%- if field_list is string or field_list | length == 0 -%}
        {{ exceptions.raise_compiler_error("generate_surrogate_key expects a non-empty list of column names") }}
    {%- endif -%}
    {%- set null_marker = '' if var('surrogate_key_treat_nulls_as_empty_strings', false) else '_dbt_utils_surrogate_key_null_' -%}
    {%- set pieces = [] -%}
    {%- for field in field_list -%}
        {%- if not loop.first -%}
            {%- do pieces.append("'-'") -%}
        {%- endif -%}
        {%- do pieces.append(
            "coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '" ~ null_marker ~ "')"
        ) -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(pieces)) }}
{%- endmacro %}
