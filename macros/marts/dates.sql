{#- dbt.datediff with the surrounding whitespace of its implementations trimmed, so the compiled SQL keeps the
    expression on the caller's line (readable compiled SQL; sqlfluff measures compiled line lengths). -#}
{% macro datediff_inline(first_date, second_date, datepart) -%}
    {{- dbt.datediff(first_date, second_date, datepart) | trim -}}
{%- endmacro %}
