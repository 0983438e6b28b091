{#-
    Shared SQL builders. Every test in this package is one of three shapes:

    * row-level     the failing rows are the rows (inside `row_condition`) where a boolean expression
                    is false. A row where the expression is NULL is not judged (pair the test with
                    `expect_column_values_to_not_be_null` when NULLs matter).
    * aggregate     an aggregate expression, optionally per `group_by` group, must lie between bounds;
                    one failing row per failing group. A NULL aggregate (e.g. the mean of an empty
                    table) is not judged, as in the hub package.
    * introspective the relation's columns are compared with a list in Jinja (see _columns.sql).

    Each builder dispatches, so another warehouse needs at most one `<adapter>__` implementation.
-#}

{#- `group_by` may be given as one column name or as a list of names: always return a list. -#}
{% macro _as_list(value) -%}
    {%- if value is none -%}
        {{ return([]) }}
    {%- elif value is string -%}
        {{ return([value]) }}
    {%- else -%}
        {{ return(value | list) }}
    {%- endif -%}
{%- endmacro %}


{#- A SQL string literal with single quotes doubled, e.g. o'brien -> 'o''brien'. -#}
{% macro _string_literal(value) -%}
    '{{ dbt.escape_single_quotes(value | string) }}'
{%- endmacro %}


{#- The comparison "<expression> between min_value and max_value" (either bound optional). -#}
{% macro _between_condition(expression, min_value, max_value, strictly) -%}
    {%- if min_value is none and max_value is none -%}
        {{ exceptions.raise_compiler_error(
            "dbt_expectations: give min_value, max_value or both (got neither)"
        ) }}
    {%- endif -%}
    {%- set conditions = [] -%}
    {%- if min_value is not none -%}
        {%- do conditions.append(expression ~ (" > " if strictly else " >= ") ~ min_value) -%}
    {%- endif -%}
    {%- if max_value is not none -%}
        {%- do conditions.append(expression ~ (" < " if strictly else " <= ") ~ max_value) -%}
    {%- endif -%}
    {{ conditions | join(" and ") }}
{%- endmacro %}


{#- Row-level shape: the rows inside `row_condition` for which `expression` is false. -#}
{% macro row_expression_is_true(model, expression, row_condition=none) -%}
    {{ return(adapter.dispatch('row_expression_is_true', 'dbt_expectations')(model, expression, row_condition)) }}
{%- endmacro %}

{% macro default__row_expression_is_true(model, expression, row_condition) %}
with

scoped_rows as (
    select * from {{ model }}
    {%- if row_condition %}
    where ({{ row_condition }})
    {%- endif %}
),

failing_rows as (
    select *
    from scoped_rows
    where not ({{ expression }})
)

select * from failing_rows
{% endmacro %}


{#- Aggregate shape: the groups whose `expression` is outside [min_value, max_value]. -#}
{% macro aggregate_expression_between(
    model,
    expression,
    min_value=none,
    max_value=none,
    group_by=none,
    row_condition=none,
    strictly=false
) -%}
    {{ return(adapter.dispatch('aggregate_expression_between', 'dbt_expectations')(
        model, expression, min_value, max_value, group_by, row_condition, strictly
    )) }}
{%- endmacro %}

{% macro default__aggregate_expression_between(
    model, expression, min_value, max_value, group_by, row_condition, strictly
) %}
{%- set group_columns = dbt_expectations._as_list(group_by) %}
with

scoped_rows as (
    select * from {{ model }}
    {%- if row_condition %}
    where ({{ row_condition }})
    {%- endif %}
),

grouped as (
    select
        {%- for column in group_columns %}
        {{ column }},
        {%- endfor %}
        {{ expression }} as expression_value
    from scoped_rows
    {%- if group_columns %}
    group by {{ group_columns | join(', ') }}
    {%- endif %}
),

failing_groups as (
    select *
    from grouped
    where not ({{ dbt_expectations._between_condition('expression_value', min_value, max_value, strictly) }})
)

select * from failing_groups
{% endmacro %}
