{#-
    Fails once per group (or once) whose row count differs between the model and compare_model.
    With group_by_columns, counts are compared group by group (the columns exist in both relations).
-#}
{% test equal_rowcount(model, compare_model, group_by_columns=[]) %}
    {{ adapter.dispatch('test_equal_rowcount', 'dbt_utils')(model, compare_model, group_by_columns) }}
{% endtest %}

{% macro default__test_equal_rowcount(model, compare_model, group_by_columns) %}
{%- set groups = dbt_utils._group_by_list(group_by_columns) %}
with

model_counts as (
    select
        {%- for column in groups %}
        {{ column }},
        {%- endfor %}
        count(*) as row_count
    from {{ model }}
    {%- if groups %}
    group by {{ groups | join(', ') }}
    {%- endif %}
),

compare_counts as (
    select
        {%- for column in groups %}
        {{ column }},
        {%- endfor %}
        count(*) as row_count
    from {{ compare_model }}
    {%- if groups %}
    group by {{ groups | join(', ') }}
    {%- endif %}
),

compared as (
    select
        {%- for column in groups %}
        coalesce(model_counts.{{ column }}, compare_counts.{{ column }}) as {{ column }},
        {%- endfor %}
        coalesce(model_counts.row_count, 0) as count_model,
        coalesce(compare_counts.row_count, 0) as count_compare_model
    from model_counts
    {%- if groups %}
    full outer join compare_counts
        on
        {%- for column in groups %}
        (
            model_counts.{{ column }} = compare_counts.{{ column }}
            or (model_counts.{{ column }} is null and compare_counts.{{ column }} is null)
        )
        {%- if not loop.last %} and{% endif %}
        {%- endfor %}
    {%- else %}
    cross join compare_counts
    {%- endif %}
),

differences as (
    select
        *,
        abs(count_model - count_compare_model) as diff_count
    from compared
    where count_model != count_compare_model
)

select * from differences
{% endmacro %}
