{#-
    Fails once per group (or once) where
        rows of model (in row_condition) != rows of compare_model (in compare_row_condition) * factor.
    group_by[i] of the model is matched with compare_group_by[i] of compare_model (default: the
    same names); a group present on one side only counts 0 rows on the other.
-#}
{% test expect_table_row_count_to_equal_other_table(
    model,
    compare_model,
    group_by=none,
    compare_group_by=none,
    factor=1,
    row_condition=none,
    compare_row_condition=none
) %}
    {{ adapter.dispatch('test_expect_table_row_count_to_equal_other_table', 'dbt_expectations')(
        model, compare_model, group_by, compare_group_by, factor, row_condition, compare_row_condition
    ) }}
{% endtest %}

{% macro default__test_expect_table_row_count_to_equal_other_table(
    model, compare_model, group_by, compare_group_by, factor, row_condition, compare_row_condition
) %}
{%- set model_groups = dbt_expectations._as_list(group_by) -%}
{%- set compare_groups = dbt_expectations._as_list(compare_group_by) or model_groups -%}
{%- if model_groups | length != compare_groups | length -%}
    {{ exceptions.raise_compiler_error(
        "expect_table_row_count_to_equal_other_table: group_by and compare_group_by need the same number of columns"
    ) }}
{%- endif %}
with

model_counts as (
    select
        {%- for column in model_groups %}
        {{ column }} as group_{{ loop.index }},
        {%- endfor %}
        count(*) as row_count
    from {{ model }}
    {%- if row_condition %}
    where ({{ row_condition }})
    {%- endif %}
    {%- if model_groups %}
    group by {{ model_groups | join(', ') }}
    {%- endif %}
),

compare_counts as (
    select
        {%- for column in compare_groups %}
        {{ column }} as group_{{ loop.index }},
        {%- endfor %}
        count(*) as row_count
    from {{ compare_model }}
    {%- if compare_row_condition %}
    where ({{ compare_row_condition }})
    {%- endif %}
    {%- if compare_groups %}
    group by {{ compare_groups | join(', ') }}
    {%- endif %}
),

compared as (
    select
        {%- for column in model_groups %}
        coalesce(model_counts.group_{{ loop.index }}, compare_counts.group_{{ loop.index }}) as group_{{ loop.index }},
        {%- endfor %}
        coalesce(model_counts.row_count, 0) as row_count,
        coalesce(compare_counts.row_count, 0) * {{ factor }} as expected_row_count
    from model_counts
    {%- if model_groups %}
    full outer join compare_counts
        on
        {%- for column in model_groups %}
        {#- NULL-safe: a NULL group on both sides is the same group #}
        (
            model_counts.group_{{ loop.index }} = compare_counts.group_{{ loop.index }}
            or (model_counts.group_{{ loop.index }} is null and compare_counts.group_{{ loop.index }} is null)
        )
        {%- if not loop.last %} and{% endif %}
        {%- endfor %}
    {%- else %}
    cross join compare_counts
    {%- endif %}
),

mismatched as (
    select *
    from compared
    where row_count != expected_row_count
)

select * from mismatched
{% endmacro %}
