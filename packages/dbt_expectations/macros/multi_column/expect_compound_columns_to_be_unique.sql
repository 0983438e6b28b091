{#-
    Fails once per combination of column_list values that occurs more than once.
    ignore_row_if: `all_values_are_missing` (default) skips rows where every column is NULL,
    `any_value_is_missing` skips rows where at least one column is NULL.
-#}
{% test expect_compound_columns_to_be_unique(
    model,
    column_list,
    quote_columns=false,
    ignore_row_if="all_values_are_missing",
    row_condition=none
) %}
    {{ adapter.dispatch('test_expect_compound_columns_to_be_unique', 'dbt_expectations')(
        model, column_list, quote_columns, ignore_row_if, row_condition
    ) }}
{% endtest %}

{% macro default__test_expect_compound_columns_to_be_unique(model, column_list, quote_columns, ignore_row_if, row_condition) %}
{%- if not column_list or column_list is string -%}
    {{ exceptions.raise_compiler_error("expect_compound_columns_to_be_unique: column_list must be a list of columns") }}
{%- endif -%}
{%- set columns = [] -%}
{%- for column in column_list -%}
    {%- do columns.append(adapter.quote(column) if quote_columns else column) -%}
{%- endfor -%}
{%- set null_checks = [] -%}
{%- for column in columns -%}
    {%- do null_checks.append(column ~ ' is null') -%}
{%- endfor -%}
{%- if ignore_row_if == "all_values_are_missing" -%}
    {%- set skip_condition = null_checks | join(' and ') -%}
{%- elif ignore_row_if == "any_value_is_missing" -%}
    {%- set skip_condition = null_checks | join(' or ') -%}
{%- else -%}
    {{ exceptions.raise_compiler_error(
        "expect_compound_columns_to_be_unique: ignore_row_if must be all_values_are_missing or any_value_is_missing, got "
        ~ ignore_row_if
    ) }}
{%- endif %}
with

scoped_rows as (
    select * from {{ model }}
    where not ({{ skip_condition }})
    {%- if row_condition %}
        and ({{ row_condition }})
    {%- endif %}
),

duplicated_combinations as (
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        count(*) as n_records
    from scoped_rows
    group by {{ columns | join(', ') }}
    having count(*) > 1
)

select * from duplicated_combinations
{% endmacro %}
