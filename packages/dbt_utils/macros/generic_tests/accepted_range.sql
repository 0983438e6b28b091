{#-
    Fails on every non-NULL value outside [min_value, max_value] (inclusive unless inclusive = false).
    Bounds are SQL expressions: a number, another column, or e.g. "current_date".
-#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
    {{ adapter.dispatch('test_accepted_range', 'dbt_utils')(model, column_name, min_value, max_value, inclusive) }}
{% endtest %}

{% macro default__test_accepted_range(model, column_name, min_value, max_value, inclusive) %}
{%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error("accepted_range: give min_value, max_value or both") }}
{%- endif %}
with

out_of_range as (
    select *
    from {{ model }}
    where
        1 = 0
        {%- if min_value is not none %}
        or {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}
        {%- endif %}
        {%- if max_value is not none %}
        or {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}
        {%- endif %}
)

select * from out_of_range
{% endmacro %}
