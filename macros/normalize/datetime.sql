{#-
    Timestamps and dates. Every `_at_utc` column is a timestamp without time zone holding UTC.
    Formats come from vars `timestamp_formats_with_offset`, `timestamp_formats_utc` and `date_formats`
    (strptime patterns, tried in order).
-#}

{% macro parse_timestamp_utc(expression) -%}
    {#- a value with an offset (`+02:00`, `+0200`, `Z`) is converted to UTC; a value without one is UTC -#}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__parse_timestamp_utc(expression) -%}
    {{ exceptions.raise_compiler_error(
        'parse_timestamp_utc is not implemented for adapter ' ~ adapter.type() ~ ': add a <adapter>__parse_timestamp_utc macro'
    ) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp_utc(expression) -%}
    {#- a trailing Z (Zulu) is written as +00:00, the form %z reads -#}
    {%- set value = "case when right(trim(" ~ expression ~ "), 1) in ('Z', 'z') then left(trim(" ~ expression
        ~ "), length(trim(" ~ expression ~ ")) - 1) || '+00:00' else trim(" ~ expression ~ ") end" -%}
    coalesce(
        timezone('UTC', {{ customer360.try_strptime_formats(value, var('timestamp_formats_with_offset')) }}),
        {{ customer360.try_strptime_formats(value, var('timestamp_formats_utc')) }}
    )
{%- endmacro %}


{% macro parse_local_timestamp(expression) -%}
    {#- a wall-clock time without offset (POS); an offset, if present, is NOT applied -#}
    {{ return(adapter.dispatch('parse_local_timestamp', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__parse_local_timestamp(expression) -%}
    {{ exceptions.raise_compiler_error(
        'parse_local_timestamp is not implemented for adapter ' ~ adapter.type() ~ ': add a <adapter>__parse_local_timestamp macro'
    ) }}
{%- endmacro %}

{% macro duckdb__parse_local_timestamp(expression) -%}
    {{ customer360.try_strptime_formats('trim(' ~ expression ~ ')', var('timestamp_formats_utc')) }}
{%- endmacro %}


{% macro local_to_utc(local_timestamp, time_zone) -%}
    {#- a wall-clock timestamp in IANA time zone `time_zone` to UTC (DST gap/overlap resolved by ICU) -#}
    {{ return(adapter.dispatch('local_to_utc', 'customer360')(local_timestamp, time_zone)) }}
{%- endmacro %}

{% macro default__local_to_utc(local_timestamp, time_zone) -%}
    convert_timezone({{ time_zone }}, 'UTC', {{ local_timestamp }})
{%- endmacro %}

{% macro duckdb__local_to_utc(local_timestamp, time_zone) -%}
    timezone('UTC', timezone({{ time_zone }}, {{ local_timestamp }}))
{%- endmacro %}


{% macro epoch_seconds_to_utc(expression) -%}
    {#- Unix epoch seconds (text) to a UTC timestamp; NULL when not an integer -#}
    {{ return(adapter.dispatch('epoch_seconds_to_utc', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__epoch_seconds_to_utc(expression) -%}
    {{ dbt.dateadd('second', dbt.safe_cast('trim(' ~ expression ~ ')', api.Column.translate_type('bigint')), "cast('1970-01-01' as timestamp)") }}
{%- endmacro %}

{% macro duckdb__epoch_seconds_to_utc(expression) -%}
    {%- set seconds = 'try_cast(trim(' ~ expression ~ ') as bigint)' -%}
    case
        -- years 0001 to 9999: anything outside is not a timestamp
        when {{ seconds }} between -62135596800 and 253402300799 then make_timestamp({{ seconds }} * 1000000)
    end
{%- endmacro %}


{% macro parse_date(expression) -%}
    {#- a date in any of var `date_formats` (YYYY-MM-DD, DD/MM/YYYY, DD.MM.YYYY, YYYYMMDD) -#}
    {{ return(adapter.dispatch('parse_date', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__parse_date(expression) -%}
    {{ exceptions.raise_compiler_error(
        'parse_date is not implemented for adapter ' ~ adapter.type() ~ ': add a <adapter>__parse_date macro'
    ) }}
{%- endmacro %}

{% macro duckdb__parse_date(expression) -%}
    cast({{ customer360.try_strptime_formats('trim(' ~ expression ~ ')', var('date_formats')) }} as date)
{%- endmacro %}


{% macro try_strptime_formats(expression, formats) -%}
    {#-
        The first of `formats` (strptime patterns) that parses the text, else NULL. One try_strptime per format:
        DuckDB's list form of try_strptime accepts impossible dates such as 30 February when a pattern has %z.
    -#}
    coalesce(
        {%- for format in formats %}
        try_strptime({{ expression }}, '{{ format | replace("'", "''") }}'){{ ',' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}


{% macro is_plausible_birth_date(birth_date, reference_timestamp, raw_birth_date=none) -%}
    {#-
        On or after var min_birth_date and at least var min_age_years before the row's own timestamp
        (`reference_timestamp`; the build time when that is NULL). NULL when there is no birth date; false when
        `raw_birth_date` (the value as typed) is given and holds text that did not parse (a garbled birth date).
    -#}
    case
        {%- if raw_birth_date is not none %}
        when {{ birth_date }} is null and not {{ customer360.is_missing(raw_birth_date) }} then false
        {%- endif %}
        when {{ birth_date }} is null then null
        else {{ birth_date }} >= cast('{{ var("min_birth_date") }}' as date)
            and {{ birth_date }} <= cast({{ dbt.dateadd(
                'year', -1 * var('min_age_years'),
                'coalesce(' ~ reference_timestamp ~ ', ' ~ customer360.current_timestamp_utc() ~ ')'
            ) }} as date)
    end
{%- endmacro %}
