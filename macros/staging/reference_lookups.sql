{#- Reference-data lookups shared by the base_ models (currency rates, raw-contract metadata). -#}

{% macro currency_rate_periods() -%}
    {#-
        Seed currency_rates as validity periods: a rate is valid from `valid_from` until the day before the
        currency's next row (`valid_to` exclusive, NULL for the latest). Join with `currency_rate_join`.
    -#}
    select
        upper(trim(currency_code)) as currency_code,
        cast(valid_from as date) as valid_from,
        lead(cast(valid_from as date)) over (
            partition by upper(trim(currency_code))
            order by cast(valid_from as date)
        ) as valid_to,
        cast(rate_to_reporting as decimal(18, 8)) as rate_to_reporting
    from {{ ref('currency_rates') }}
{%- endmacro %}


{% macro currency_rate_join(rates_alias, currency_expression, date_expression) -%}
    {#- the join condition picking the rate valid on `date_expression` (an as-of join) -#}
    {{ rates_alias }}.currency_code = {{ currency_expression }}
    and {{ date_expression }} >= {{ rates_alias }}.valid_from
    and ({{ date_expression }} < {{ rates_alias }}.valid_to or {{ rates_alias }}.valid_to is null)
{%- endmacro %}


{% macro rate_to_reporting(rates_alias, currency_expression) -%}
    {#- 1 for the reporting currency itself, else the joined rate (NULL when the seed has none) -#}
    case
        when {{ currency_expression }} = '{{ var("reporting_currency") }}' then cast(1 as decimal(18, 8))
        else {{ rates_alias }}.rate_to_reporting
    end
{%- endmacro %}


{% macro raw_column_meta(relation, column_name, key, default=none) -%}
    {#- a `meta` entry of a raw column declared in the sources YAML (e.g. accepted_values) -#}
    {%- if not execute -%}
        {{ return(default) }}
    {%- endif -%}
    {%- set node = customer360.raw_source_node(relation) -%}
    {%- set column = node.columns.get(column_name) if node is not none else none -%}
    {%- if column is none -%}
        {{ exceptions.raise_compiler_error('Unknown raw column ' ~ customer360.raw_source_label(relation) ~ '.' ~ column_name) }}
    {%- endif -%}
    {%- set meta = column.get('config', {}).get('meta', {}) or column.get('meta', {}) -%}
    {{ return(meta.get(key, default)) }}
{%- endmacro %}


{% macro accepted_values_condition(code_expression, relation, column_name) -%}
    {#-
        Rule condition: a normalized enum value (`code_expression`, trimmed and lower case, NULL when empty) is
        present but not one of the values listed under `meta.accepted_values` of the raw column in the sources
        YAML. (In a unit test the sources' meta is not available: the condition is false there; the pytest suite
        covers these rules against the generator's ground truth.)
    -#}
    {%- if customer360.is_unit_test() -%}
        {{ return('false') }}
    {%- endif -%}
    {%- set accepted = customer360.raw_column_meta(relation, column_name, 'accepted_values', []) -%}
    {%- if accepted | length == 0 and execute -%}
        {{ exceptions.raise_compiler_error('No meta.accepted_values for ' ~ customer360.raw_source_label(relation) ~ '.' ~ column_name) }}
    {%- endif -%}
    ({{ code_expression }} is not null and {{ code_expression }} not in (
        {%- for value in accepted -%}
        '{{ value | lower }}'{{ ', ' if not loop.last }}
        {%- endfor -%}
        {%- if not accepted -%}''{%- endif -%}
    ))
{%- endmacro %}


{% macro current_timestamp_utc() -%}
    {#- the build time as a UTC timestamp without time zone -#}
    {{ return(adapter.dispatch('current_timestamp_utc', 'customer360')()) }}
{%- endmacro %}

{% macro default__current_timestamp_utc() -%}
    {{ dbt.current_timestamp() }}
{%- endmacro %}

{% macro duckdb__current_timestamp_utc() -%}
    timezone('UTC', current_timestamp)
{%- endmacro %}


{% macro is_future_timestamp(timestamp_utc) -%}
    {#-
        Rule condition: later than the build time plus var future_timestamp_tolerance_hours (the limit is a
        scalar subquery, computed once per query).
    -#}
    ({{ timestamp_utc }} > (
        select {{ dbt.dateadd('hour', var('future_timestamp_tolerance_hours'), customer360.current_timestamp_utc()) }}
    ))
{%- endmacro %}


{% macro amount_outlier_bounds(amount_expression) -%}
    {#-
        Aggregate expressions `outlier_lower_bound`, `outlier_upper_bound` for the amount-outlier flag, per
        var amount_outlier_method: `robust_zscore` = median +/- threshold * 1.4826 * MAD (median absolute
        deviation), `iqr` = Q1 - k * IQR .. Q3 + k * IQR. Select them from the rows the bounds are based on.
    -#}
    {{ return(adapter.dispatch('amount_outlier_bounds', 'customer360')(amount_expression)) }}
{%- endmacro %}

{% macro default__amount_outlier_bounds(amount_expression) -%}
    {{ exceptions.raise_compiler_error(
        'amount_outlier_bounds is not implemented for adapter ' ~ adapter.type() ~ ': add a <adapter>__amount_outlier_bounds macro'
    ) }}
{%- endmacro %}

{% macro duckdb__amount_outlier_bounds(amount_expression) -%}
    {%- set method = var('amount_outlier_method') -%}
    {%- if method == 'robust_zscore' -%}
        median({{ amount_expression }})
        - {{ var('amount_outlier_zscore_threshold') }} * 1.4826 * mad({{ amount_expression }}) as outlier_lower_bound,
        median({{ amount_expression }})
        + {{ var('amount_outlier_zscore_threshold') }} * 1.4826 * mad({{ amount_expression }}) as outlier_upper_bound
    {%- elif method == 'iqr' -%}
        quantile_cont({{ amount_expression }}, 0.25) - {{ var('amount_outlier_iqr_multiplier') }} * (
            quantile_cont({{ amount_expression }}, 0.75) - quantile_cont({{ amount_expression }}, 0.25)
        ) as outlier_lower_bound,
        quantile_cont({{ amount_expression }}, 0.75) + {{ var('amount_outlier_iqr_multiplier') }} * (
            quantile_cont({{ amount_expression }}, 0.75) - quantile_cont({{ amount_expression }}, 0.25)
        ) as outlier_upper_bound
    {%- else -%}
        {{ exceptions.raise_compiler_error("var amount_outlier_method must be 'robust_zscore' or 'iqr', got " ~ method) }}
    {%- endif -%}
{%- endmacro %}
