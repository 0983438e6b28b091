{% macro identity_phonetic_key(expression) -%}
    {#-
        Soundex-style phonetic key of a match key (lower-case a-z): the first letter, then up to three digits
        for the following consonant groups (b f p v = 1, c g j k q s x z = 2, d t = 3, l = 4, m n = 5, r = 6),
        repeated codes collapsed, vowels dropped, zero padded: `meyer`, `meier`, `maier` -> `m600`.
    -#}
    {{ return(adapter.dispatch('identity_phonetic_key', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__identity_phonetic_key(expression) -%}
    {%- set codes = "translate(" ~ expression ~ ", 'abcdefghijklmnopqrstuvwxyz', '01230120022455012623010202')" -%}
    {%- set collapsed = namespace(sql=codes) -%}
    {#- runs of one code collapse to one digit (a vowel, code 0, separates runs) -#}
    {%- for digit in range(1, 7) -%}
        {%- set collapsed.sql = "regexp_replace(" ~ collapsed.sql ~ ", '" ~ digit ~ "+', '" ~ digit ~ "', 'g')" -%}
    {%- endfor -%}
    case when {{ expression }} is not null and length({{ expression }}) > 0 then
        {{ dbt.concat([
            "left(" ~ expression ~ ", 1)",
            "rpad(left(replace(substr(" ~ collapsed.sql ~ ", 2), '0', ''), 3), 3, '0')"
        ]) }}
    end
{%- endmacro %}
