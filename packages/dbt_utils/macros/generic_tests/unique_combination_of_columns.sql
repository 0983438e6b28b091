{#- Fails once per combination of the columns that occurs more than once (NULL counts as a value). -#}
{% test unique_combination_of_columns(model, combination_of_columns, quote_columns=false) %}
    {{ adapter.dispatch('test_unique_combination_of_columns', 'dbt_utils')(
        model, combination_of_columns, quote_columns
    ) }}
{% endtest %}

{% macro default__test_unique_combination_of_columns(model, combination_of_columns, quote_columns) %}
{%- set columns = [] -%}
{%- for column in combination_of_columns -%}
    {%- do columns.append(adapter.quote(column) if quote_columns else column) -%}
{%- endfor %}
with

duplicated_combinations as (
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        count(*) as n_records
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
)

select * from duplicated_combinations
{% endmacro %}
