{#-
    Like dbt's `relationships`: fails on every non-NULL value of the column (in rows matching
    from_condition) that has no match in `to`.`field` (among rows matching to_condition).
-#}
{% test relationships_where(model, column_name, to, field, from_condition="1=1", to_condition="1=1") %}
    {{ adapter.dispatch('test_relationships_where', 'dbt_utils')(
        model, column_name, to, field, from_condition, to_condition
    ) }}
{% endtest %}

{% macro default__test_relationships_where(model, column_name, to, field, from_condition, to_condition) %}
with

child_values as (
    select {{ column_name }} as from_value
    from {{ model }}
    where {{ column_name }} is not null
        and ({{ from_condition }})
),

parent_values as (
    select {{ field }} as to_value
    from {{ to }}
    where {{ to_condition }}
),

orphans as (
    select child_values.from_value
    from child_values
    left join parent_values
        on child_values.from_value = parent_values.to_value
    where parent_values.to_value is null
)

select * from orphans
{% endmacro %}
