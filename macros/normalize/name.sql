{#- Person names: a display form and a folded match key. -#}

{% macro normalize_name(expression) -%}
    {#- trimmed, inner whitespace collapsed, title case (a letter after a space, hyphen or apostrophe is upper case) -#}
    {{ return(adapter.dispatch('normalize_name', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__normalize_name(expression) -%}
    initcap({{ customer360.clean_text(expression) }})
{%- endmacro %}

{% macro duckdb__normalize_name(expression) -%}
    {#-
        Linear in the value's length: the characters are split once and paired (list_zip) with a mask of the
        value where every non-letter is a space (one regexp pass), shifted by one; so no character re-reads the
        string. A character is upper case when it starts the value or follows a non-letter.
    -#}
    {%- set cleaned = customer360.clean_text(expression) -%}
    nullif(array_to_string(
        list_transform(
            list_zip(
                string_split({{ cleaned }}, ''),
                list_prepend(' ', string_split(regexp_replace({{ cleaned }}, '\PL', ' ', 'g'), ''))
            ),
            lambda pair: case
                when pair[1] is null then ''
                when pair[2] = ' ' then upper(pair[1])
                else lower(pair[1])
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
