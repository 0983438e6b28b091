{#-
    Fails once per group (or once) whose latest `field` is older than `interval` `datepart`s before
    now, or that has no value at all (an empty table fails). ignore_time_component compares dates.
-#}
{% test recency(model, field, datepart, interval, ignore_time_component=false, group_by_columns=[]) %}
    {{ adapter.dispatch('test_recency', 'dbt_utils')(
        model, field, datepart, interval, ignore_time_component, group_by_columns
    ) }}
{% endtest %}

{% macro default__test_recency(model, field, datepart, interval, ignore_time_component, group_by_columns) %}
{%- set groups = dbt_utils._group_by_list(group_by_columns) -%}
{%- set value_type = 'date' if ignore_time_component else dbt.type_timestamp() -%}
{%- set now = 'cast(' ~ dbt.current_timestamp() ~ ' as ' ~ dbt.type_timestamp() ~ ')' -%}
{%- set threshold = 'cast(' ~ dbt.dateadd(datepart, -1 * interval, now) ~ ' as ' ~ value_type ~ ')' %}
with

latest as (
    select
        {%- for column in groups %}
        {{ column }},
        {%- endfor %}
        max(cast({{ field }} as {{ value_type }})) as most_recent,
        {{ threshold }} as threshold
    from {{ model }}
    {%- if groups %}
    group by {{ groups | join(', ') }}
    {%- endif %}
),

stale as (
    select *
    from latest
    where most_recent is null or most_recent < threshold
)

select * from stale
{% endmacro %}
