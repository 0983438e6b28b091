{#- Person names: a display form and a folded match key. -#}

{% macro normalize_name(expression) -%}
    {#- trimmed, inner whitespace collapsed, title case (a letter after a space, hyphen or apostrophe is upper case) -#}
    {{ return(adapter.dispatch('normalize_name', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__normalize_name(expression) -%}
    initcap({{ customer360.clean_text(expression) }})
{%- endmacro %}

{% macro duckdb__normalize_name(expression) -%}
    {%- set cleaned = customer360.clean_text(expression) -%}
    nullif(array_to_string(
        list_transform(
            range(1, length({{ cleaned }}) + 1),
            lambda i: case
                when i = 1 or regexp_matches(substr({{ cleaned }}, i - 1, 1), '\PL')
                    then upper(substr({{ cleaned }}, i, 1))
                else lower(substr({{ cleaned }}, i, 1))
            end
        ),
        ''
    ), '')
{%- endmacro %}


{% macro name_match_key(expression) -%}
    {#- lower case, accents and ligatures folded to ASCII, everything but a-z removed; empty as NULL -#}
    {{ return(adapter.dispatch('name_match_key', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__name_match_key(expression) -%}
    nullif(regexp_replace(
        {{ customer360.fold_to_ascii('lower(' ~ expression ~ ')') }},
        '[^a-z]', '', 'g'
    ), '')
{%- endmacro %}


{% macro fold_to_ascii(expression) -%}
    {{ return(adapter.dispatch('fold_to_ascii', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__fold_to_ascii(expression) -%}
    {{ exceptions.raise_compiler_error(
        'fold_to_ascii is not implemented for adapter ' ~ adapter.type() ~ ': add a <adapter>__fold_to_ascii macro'
    ) }}
{%- endmacro %}

{% macro duckdb__fold_to_ascii(expression) -%}
    strip_accents(
        replace(replace(replace(replace(replace(replace(replace(
            {{ expression }},
            'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'ø', 'o'), 'ł', 'l'), 'đ', 'd'), 'ı', 'i')
    )
{%- endmacro %}
