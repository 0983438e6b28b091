{#-
    Rows per day of each source named in var `volume_check_date_columns` ({source_name: date column of its
    staged model}), unioned: source_name, volume_date, row_count. The staged model of a source comes from
    staging_sources(), the one list of raw sources.
-#}
{% macro daily_source_volumes() -%}
    {%- set date_columns = var('volume_check_date_columns') -%}
    {%- set sources = customer360.staging_sources() | selectattr('source_name', 'in', date_columns.keys() | list) | list -%}
    {%- if execute and sources | length != date_columns | length -%}
        {{ exceptions.raise_compiler_error(
            'var volume_check_date_columns names a source missing from staging_sources(): '
            ~ date_columns.keys() | list | join(', ')
        ) }}
    {%- endif -%}
    {%- for source in sources | sort(attribute='source_name') %}
    select
        '{{ source.source_name }}' as source_name,
        cast({{ date_columns[source.source_name] }} as date) as volume_date,
        count(*) as row_count
    from {{ ref(source.stg) }}
    where {{ date_columns[source.source_name] }} is not null
    group by 1, 2
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
