{#-
    Helpers shared by the personalization models (intermediate/personalization, marts/personalization,
    marts/experiments).
-#}

{#- The cut-off of the offline evaluation: var `recommendation_cutoff_date` (YYYY-MM-DD) as a SQL timestamp
    literal, or none when the var is unset (the models then use all data). -#}
{% macro personalization_cutoff_timestamp() -%}
    {%- set cutoff_date = var('recommendation_cutoff_date', none) -%}
    {%- if cutoff_date -%}
        {{- return("cast('" ~ cutoff_date ~ " 00:00:00' as timestamp)") -}}
    {%- else -%}
        {{- return(none) -}}
    {%- endif -%}
{%- endmacro %}

{#- Boolean SQL condition: the event time is before the cut-off (always true without a cut-off), so every
    personalization model sees the same history. -#}
{% macro personalization_before_cutoff(timestamp_expr) -%}
    {%- set cutoff = customer360.personalization_cutoff_timestamp() -%}
    {%- if cutoff -%}
        ({{ timestamp_expr }} < {{ cutoff }})
    {%- else -%}
        (1 = 1)
    {%- endif -%}
{%- endmacro %}

{#- Median of a numeric expression (aggregate). Dispatched: DuckDB has `median`, the default is the SQL
    standard ordered-set aggregate. -#}
{% macro median_value(expression) -%}
    {{ return(adapter.dispatch('median_value', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__median_value(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__median_value(expression) -%}
    median({{ expression }})
{%- endmacro %}

{#- Hour of day (0-23, integer) of a timestamp. Dispatched. -#}
{% macro hour_of_day(timestamp_expr) -%}
    {{ return(adapter.dispatch('hour_of_day', 'customer360')(timestamp_expr)) }}
{%- endmacro %}

{% macro default__hour_of_day(timestamp_expr) -%}
    cast(extract(hour from {{ timestamp_expr }}) as integer)
{%- endmacro %}

{#- Safe ratio: numerator / denominator as a double, NULL when the denominator is 0 or NULL. -#}
{% macro safe_ratio(numerator, denominator) -%}
    (cast({{ numerator }} as double precision) / nullif(cast({{ denominator }} as double precision), 0))
{%- endmacro %}

{#- Column-name suffix of a category label: lower case, runs of other characters as one underscore
    (`Food & Drink` -> `food_drink`). Compile-time (Jinja) only. -#}
{% macro category_column_suffix(category) -%}
    {{- return(modules.re.sub('[^a-z0-9]+', '_', category | lower).strip('_')) -}}
{%- endmacro %}

{#- Aggregate: `value` of the row whose `order_by` list sorts first (a list of SQL expressions, compared left to
    right; put a unique column last so the choice is deterministic). One pass of a GROUP BY instead of a window
    and a self-join. Dispatched: DuckDB `arg_min` over a row value; the default is `min_by` (Spark, Trino,
    Databricks) over a struct. -#}
{% macro value_of_first_by(value, order_by) -%}
    {{ return(adapter.dispatch('value_of_first_by', 'customer360')(value, order_by)) }}
{%- endmacro %}

{% macro default__value_of_first_by(value, order_by) -%}
    min_by({{ value }}, struct({{ order_by | join(', ') }}))
{%- endmacro %}

{% macro duckdb__value_of_first_by(value, order_by) -%}
    arg_min({{ value }}, ({{ order_by | join(', ') }}))
{%- endmacro %}
