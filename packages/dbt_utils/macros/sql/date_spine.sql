{#-
    One row per `datepart` from start_date (included) up to end_date (excluded), in a column named
    date_<datepart>. start_date / end_date are SQL expressions, e.g. "cast('2024-01-01' as date)".
    Built on dbt's own cross-database date_spine.
-#}
{% macro date_spine(datepart, start_date, end_date) -%}
    {{ return(adapter.dispatch('date_spine', 'dbt_utils')(datepart, start_date, end_date)) }}
{%- endmacro %}

{% macro default__date_spine(datepart, start_date, end_date) -%}
    select * from (
        {{ dbt.date_spine(datepart, start_date, end_date) }}
    ) as spine
    where date_{{ datepart }} < {{ end_date }}
{%- endmacro %}
