{#- Fails on every value equal to '' (after trimming whitespace unless trim_whitespace = false). NULL is not ''. -#}
{% test not_empty_string(model, column_name, trim_whitespace=true) %}
    {{ adapter.dispatch('test_not_empty_string', 'dbt_utils')(model, column_name, trim_whitespace) }}
{% endtest %}

{% macro default__test_not_empty_string(model, column_name, trim_whitespace) %}
with

empty_strings as (
    select *
    from {{ model }}
    where {{ 'trim(' ~ column_name ~ ')' if trim_whitespace else column_name }} = ''
)

select * from empty_strings
{% endmacro %}
