{#-
    The aggregate tests, one per aggregate: each fails once per group (or once, without `group_by`) whose aggregate
    of the column is outside [min_value, max_value] (the open interval when strictly = true), rows filtered by
    `row_condition` first. The shape is one macro, aggregate_expression_between (utils/_query_builders.sql); each
    test dispatches as `test_<name>` so that an adapter can override one aggregate.
-#}

{#- maximum of the column -#}
{% test expect_column_max_to_be_between(model, column_name, min_value=none, max_value=none, group_by=none,
        row_condition=none, strictly=false) %}
    {{ adapter.dispatch('test_expect_column_max_to_be_between', 'dbt_expectations')(
        model, column_name, min_value, max_value, group_by, row_condition, strictly) }}
{% endtest %}
{% macro default__test_expect_column_max_to_be_between(
        model, column_name, min_value, max_value, group_by, row_condition, strictly) %}
    {{ dbt_expectations.aggregate_expression_between(
        model, 'max(' ~ column_name ~ ')', min_value, max_value, group_by, row_condition, strictly) }}
{% endmacro %}

{#- minimum of the column -#}
{% test expect_column_min_to_be_between(model, column_name, min_value=none, max_value=none, group_by=none,
        row_condition=none, strictly=false) %}
    {{ adapter.dispatch('test_expect_column_min_to_be_between', 'dbt_expectations')(
        model, column_name, min_value, max_value, group_by, row_condition, strictly) }}
{% endtest %}
{% macro default__test_expect_column_min_to_be_between(
        model, column_name, min_value, max_value, group_by, row_condition, strictly) %}
    {{ dbt_expectations.aggregate_expression_between(
        model, 'min(' ~ column_name ~ ')', min_value, max_value, group_by, row_condition, strictly) }}
{% endmacro %}

{#- mean of the column -#}
{% test expect_column_mean_to_be_between(model, column_name, min_value=none, max_value=none, group_by=none,
        row_condition=none, strictly=false) %}
    {{ adapter.dispatch('test_expect_column_mean_to_be_between', 'dbt_expectations')(
        model, column_name, min_value, max_value, group_by, row_condition, strictly) }}
{% endtest %}
{% macro default__test_expect_column_mean_to_be_between(
        model, column_name, min_value, max_value, group_by, row_condition, strictly) %}
    {{ dbt_expectations.aggregate_expression_between(
        model, 'avg(' ~ column_name ~ ')', min_value, max_value, group_by, row_condition, strictly) }}
{% endmacro %}

{#- sum of the column -#}
{% test expect_column_sum_to_be_between(model, column_name, min_value=none, max_value=none, group_by=none,
        row_condition=none, strictly=false) %}
    {{ adapter.dispatch('test_expect_column_sum_to_be_between', 'dbt_expectations')(
        model, column_name, min_value, max_value, group_by, row_condition, strictly) }}
{% endtest %}
{% macro default__test_expect_column_sum_to_be_between(
        model, column_name, min_value, max_value, group_by, row_condition, strictly) %}
    {{ dbt_expectations.aggregate_expression_between(
        model, 'sum(' ~ column_name ~ ')', min_value, max_value, group_by, row_condition, strictly) }}
{% endmacro %}

{#- distinct / non-NULL value ratio: [1, 2, 2, 3, 3, 3, 4, 4, 4, 4] has 4 distinct of 10 values, 0.4 -#}
{% test expect_column_proportion_of_unique_values_to_be_between(model, column_name, min_value=none, max_value=none,
        group_by=none, row_condition=none, strictly=false) %}
    {{ adapter.dispatch('test_expect_column_proportion_of_unique_values_to_be_between', 'dbt_expectations')(
        model, column_name, min_value, max_value, group_by, row_condition, strictly) }}
{% endtest %}
{% macro default__test_expect_column_proportion_of_unique_values_to_be_between(
        model, column_name, min_value, max_value, group_by, row_condition, strictly) %}
    {{ dbt_expectations.aggregate_expression_between(
        model, 'count(distinct ' ~ column_name ~ ') * 1.0 / nullif(count(' ~ column_name ~ '), 0)',
        min_value, max_value, group_by, row_condition, strictly) }}
{% endmacro %}
