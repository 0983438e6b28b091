{#- Numbers, booleans and money. Text that does not parse becomes NULL (the caller flags or rejects it). -#}

{% macro parse_decimal(expression) -%}
    {#-
        A plain decimal: optional sign, digits, optionally `.` and digits. Anything else (decimal comma,
        thousand separators, currency signs, exponents) is NULL.
    -#}
    case
        when regexp_matches(trim({{ expression }}), '^[+-]?[0-9]+([.][0-9]+)?$')
            then cast(trim({{ expression }}) as {{ customer360.type_amount() }})
    end
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
    decimal(18, 4)
{%- endmacro %}


{% macro to_reporting_currency(amount, rate) -%}
    {#- an amount times the rate to the reporting currency, rounded to cents -#}
    cast(round({{ amount }} * {{ rate }}, 2) as {{ customer360.type_amount() }})
{%- endmacro %}
