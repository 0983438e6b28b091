{#- Numbers, booleans and money. Text that does not parse becomes NULL (the caller flags or rejects it). -#}

{% macro parse_decimal(expression) -%}
    {#-
        A plain decimal: optional sign, digits, optionally `.` and digits. Anything else (decimal comma,
        thousand separators, currency signs, exponents) is NULL, and so is a plain decimal too large for the
        amount type (a safe cast: see is_oversized_amount). Decimals beyond the type's scale are rounded: flag
        them with has_excess_decimals.
    -#}
    case
        when {{ customer360.is_plain_decimal(expression) }}
            then {{ customer360.safe_cast('trim(' ~ expression ~ ')', customer360.type_amount()) }}
    end
{%- endmacro %}


{% macro is_plain_decimal(expression) -%}
    {#- the text is a plain decimal (optional sign, digits, optionally `.` and digits) -#}
    regexp_matches(trim({{ expression }}), '^[+-]?[0-9]+([.][0-9]+)?$')
{%- endmacro %}


{% macro is_oversized_amount(raw_expression, parsed_expression) -%}
    {#-
        Rule condition: a plain decimal too large for the amount type (its parse is NULL): such an amount is
        above any cap, so it is rejected as `amount_above_cap`, not `unparseable_value`.
    -#}
    ({{ parsed_expression }} is null and coalesce({{ customer360.is_plain_decimal(raw_expression) }}, false))
{%- endmacro %}


{% macro amount_above_cap(raw_expression, parsed_expression, reporting_expression) -%}
    {#-
        Rule condition of `amount_above_cap`: the amount in the reporting currency is above var
        max_order_amount_reporting, or the raw amount is too large to parse at all (is_oversized_amount).
    -#}
    (
        coalesce({{ reporting_expression }} > {{ var('max_order_amount_reporting') }}, false)
        or {{ customer360.is_oversized_amount(raw_expression, parsed_expression) }}
    )
{%- endmacro %}


{% macro has_excess_decimals(expressions) -%}
    {#-
        A flag: at least one of the raw amount texts `expressions` has more decimals than the amount type keeps
        (var amount_decimal_places; trailing zeros do not count), so its staged value is rounded.
    -#}
    coalesce(
        {%- for expression in expressions %}
        regexp_matches(trim({{ expression }}), '^[+-]?[0-9]+[.][0-9]{{ '{' ~ var('amount_decimal_places') ~ '}' }}[0-9]*[1-9]$')
        {{- ' or' if not loop.last }}
        {%- endfor %},
        false
    )
{%- endmacro %}


{% macro parse_integer(expression) -%}
    {#- a plain integer: optional sign and digits only (no `1.0`, `1_000`, `0x1F`); anything else is NULL -#}
    case
        when regexp_matches(trim({{ expression }}), '^[+-]?[0-9]{1,18}$')
            then cast(trim({{ expression }}) as {{ api.Column.translate_type('bigint') }})
    end
{%- endmacro %}


{% macro parse_boolean(expression) -%}
    {#- true/false, t/f, yes/no, y/n, 1/0 in any case; anything else is NULL -#}
    case
        when lower(trim({{ expression }})) in ('true', 't', 'yes', 'y', '1') then true
        when lower(trim({{ expression }})) in ('false', 'f', 'no', 'n', '0') then false
    end
{%- endmacro %}


{% macro type_amount() -%}
    {#- the type of every money amount in staging -#}
    {{ return(adapter.dispatch('type_amount', 'customer360')()) }}
{%- endmacro %}

{% macro default__type_amount() -%}
    decimal(18, {{ var('amount_decimal_places') }})
{%- endmacro %}


{% macro line_amount(quantity, unit_price, discount) -%}
    {#-
        quantity * unit_price - discount (a missing discount is 0), computed in decimal(38, ...) so that it cannot
        overflow; NULL when the result does not fit the amount type (a safe cast: rule amount_above_cap).
    -#}
    {{ customer360.safe_cast(
        'cast(' ~ quantity ~ ' as decimal(38, 0)) * cast(' ~ unit_price ~ ' as decimal(38, '
        ~ var('amount_decimal_places') ~ ')) - coalesce(cast(' ~ discount ~ ' as decimal(38, '
        ~ var('amount_decimal_places') ~ ')), 0)',
        customer360.type_amount()
    ) }}
{%- endmacro %}


{% macro to_reporting_currency(amount, rate) -%}
    {#-
        An amount times the rate to the reporting currency, rounded to cents. Both are widened to decimal(38, ...)
        before multiplying, so no amount the amount type holds can overflow; a result too large for the amount
        type is NULL (a safe cast; the amount_above_cap rule rejects such a row).
    -#}
    {{ customer360.safe_cast(
        'round(cast(' ~ amount ~ ' as decimal(38, ' ~ var('amount_decimal_places') ~ ')) * cast(' ~ rate
        ~ ' as decimal(38, 8)), 2)',
        customer360.type_amount()
    ) }}
{%- endmacro %}


{% macro safe_cast(expression, type) -%}
    {#-
        A cast that gives NULL instead of an error when the value does not fit the type. dbt.safe_cast is a plain
        cast on DuckDB (dbt-duckdb does not override it), so the project dispatches its own.
    -#}
    {{ return(adapter.dispatch('safe_cast', 'customer360')(expression, type)) }}
{%- endmacro %}

{% macro default__safe_cast(expression, type) -%}
    {{ dbt.safe_cast(expression, type) }}
{%- endmacro %}

{% macro duckdb__safe_cast(expression, type) -%}
    try_cast({{ expression }} as {{ type }})
{%- endmacro %}
