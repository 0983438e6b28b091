{#-
    Incremental models of the large append-only sources (docs/benchmark.md, var incremental_lookback_days).
    A normal run reprocesses only a window of the raw rows: those whose event time is at most
    var('incremental_lookback_days') days before the latest valid event time already loaded, plus the rows
    whose time is unknown (re-checked every run). The model replaces the window's rows by key
    (delete+insert), so late rows and exact duplicates inside the window end up as in a full refresh.
    Outside an incremental run (first build, --full-refresh, unit tests) both filters render `true`.
-#}

{% macro incremental_run() -%}
    {#- true in an incremental run of the model being built (never in a unit test: it has no `this`) -#}
    {{ return(not customer360.is_unit_test() and is_incremental()) }}
{%- endmacro %}


{% macro incremental_cutoff(watermark_expression, valid_condition='true') -%}
    {#- the earliest event time of this run's window: latest loaded time minus the lookback (a scalar subquery) -#}
    (
        select {{ dbt.dateadd('day', -1 * var('incremental_lookback_days'), 'max(' ~ watermark_expression ~ ')') }}
        from {{ this }}
        where {{ valid_condition }}
    )
{%- endmacro %}


{% macro incremental_window(timestamp_expression, watermark_column, valid_condition='true', raw_text=none) -%}
    {#-
        Filter of an incremental model's rows: `timestamp_expression` (the row's event time, parsed from the raw
        row or read from the upstream model) is NULL or not before the cutoff computed from this model's
        `watermark_column` over its rows where `valid_condition` holds (rejected rows, e.g. with a future
        timestamp, do not move the watermark). An empty target takes every row. `raw_text`: the raw text the
        time is parsed from; when given, a cheap test of its leading date comes first (macro
        incremental_raw_date_prefilter) so that only the rows near the window are parsed.
    -#}
    {%- if customer360.incremental_run() -%}
        /* incremental window */ (
            {%- if raw_text is not none %}
            {{ customer360.incremental_raw_date_prefilter(raw_text, watermark_column, valid_condition) }}
            and
            {%- endif %}
            (
                {{ timestamp_expression }} is null
                or {{ timestamp_expression }} >= coalesce(
                    {{ customer360.incremental_cutoff(watermark_column, valid_condition) }},
                    {{ timestamp_expression }}
                )
            )
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}


{% macro incremental_raw_date_prefilter(raw_text, watermark_column, valid_condition='true') -%}
    {#-
        A necessary condition for a raw time text to lie in the window, cheap enough for every raw row: text
        that starts with an ISO date (`YYYY-MM-DD`) passes when that date is not before the cutoff's date minus
        one day (a UTC offset moves the date by at most a day); any other text (another format, NULL) passes.
        A row that fails it is old: it keeps what the earlier run made of it (also when its time does not parse).
        Dispatched; the default renders `true` (every row is parsed).
    -#}
    {{ return(adapter.dispatch('incremental_raw_date_prefilter', 'customer360')(raw_text, watermark_column,
        valid_condition)) }}
{%- endmacro %}

{% macro default__incremental_raw_date_prefilter(raw_text, watermark_column, valid_condition) -%}
    true
{%- endmacro %}

{% macro duckdb__incremental_raw_date_prefilter(raw_text, watermark_column, valid_condition) -%}
    (
        {{ raw_text }} is null
        or not regexp_matches({{ raw_text }}, '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}')
        or left(trim({{ raw_text }}), 10) >= coalesce(cast(cast(
            {{ dbt.dateadd('day', -1, customer360.incremental_cutoff(watermark_column, valid_condition)) }}
            as date) as {{ dbt.type_string() }}), '')
    )
{%- endmacro %}


{% macro incremental_child_window(child_key_expression, child_key_column, parent_relation, parent_key,
                                   parent_timestamp) -%}
    {#-
        Filter of an incremental model of child rows without a time of their own (order lines): rows whose parent
        (`child_key_expression` = `parent_relation.parent_key`) is in the window by the parent's time
        `parent_timestamp`, and rows without a parent there (orphans, a missing key: re-checked every run). The
        watermark is the latest parent time among the children already loaded (column `child_key_column`).
    -#}
    {%- if customer360.incremental_run() -%}
        /* incremental window */ (
            {{ child_key_expression }} is null
            or {{ child_key_expression }} not in (
                select {{ parent_key }} from {{ parent_relation }} where {{ parent_key }} is not null
            )
            or {{ child_key_expression }} in (
                select {{ parent_key }}
                from {{ parent_relation }}
                where {{ parent_timestamp }} >= coalesce((
                    select {{ dbt.dateadd('day', -1 * var('incremental_lookback_days'),
                        'max(loaded_parents.' ~ parent_timestamp ~ ')') }}
                    from {{ this }} as loaded_children
                    inner join {{ parent_relation }} as loaded_parents
                        on loaded_children.{{ child_key_column }} = loaded_parents.{{ parent_key }}
                ), {{ parent_timestamp }})
            )
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
