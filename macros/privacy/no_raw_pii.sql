{#- Warehouse-specific: does a text expression contain a match of an RE2 pattern? -#}
{% macro regex_contains(expression, pattern) -%}
    {{ return(adapter.dispatch('regex_contains', 'customer360')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regex_contains(expression, pattern) -%}
    regexp_like({{ expression }}, '{{ pattern | replace("'", "''") }}')
{%- endmacro %}

{% macro duckdb__regex_contains(expression, pattern) -%}
    regexp_matches({{ expression }}, '{{ pattern | replace("'", "''") }}')
{%- endmacro %}


{#- Whether a column holds text (or something text can hide in: lists, structs, JSON) and so must be searched. -#}
{% macro is_text_like_column(column) -%}
    {%- set data_type = column.data_type | lower -%}
    {{ return(
        column.is_string()
        or 'char' in data_type or 'text' in data_type or 'string' in data_type or 'json' in data_type
        or '[]' in data_type or 'struct' in data_type or 'map' in data_type or 'list' in data_type
    ) }}
{%- endmacro %}


{#-
    Fails when a model contains a value that looks like raw PII: any text-like column (found at execution time,
    so new columns are covered) that matches one of the patterns of var privacy_pii_leak_patterns (an email
    address, a phone number). Returns one row per column and pattern with the number of matching rows, never
    the values themselves. Attached to every model of the BI-facing schemas (var privacy_bi_facing_schemas);
    tests/privacy/assert_bi_models_have_pii_test.sql fails when one lacks it.
-#}
{% test no_raw_pii(model, exclude_columns=[]) %}
    {%- set patterns = var('privacy_pii_leak_patterns') -%}
    {%- set checks = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(model) -%}
            {%- if customer360.is_text_like_column(column) and column.name | lower not in exclude_columns | map('lower') | list -%}
                {%- for pattern_name, pattern in patterns.items() | sort -%}
                    {%- do checks.append({'column': column.name, 'pattern_name': pattern_name, 'pattern': pattern}) -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if checks %}
    {%- for check in checks %}
    select
        '{{ check.column }}' as column_name,
        '{{ check.pattern_name }}' as pii_pattern,
        count(*) as matching_rows
    from {{ model }}
    where {{ customer360.regex_contains(dbt.safe_cast(adapter.quote(check.column), dbt.type_string()), check.pattern) }}
    having count(*) > 0
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as pii_pattern,
        0 as matching_rows
    where 1 = 0
    {%- endif %}
{% endtest %}


{#-
    Fails when a model holds a customer without consent for `purpose` (one of var consent_purposes): put it on
    every audience and personalization output. `column_name` is the customer_id column.
-#}
{% test only_consented_customers(model, column_name, purpose) %}
    select
        audience.{{ column_name }} as customer_id
    from {{ model }} as audience
    left join {{ ref('int_privacy__customer_consent') }} as consent
        on audience.{{ column_name }} = consent.customer_id
    where not coalesce(consent.has_{{ purpose }}_consent, false)
{% endtest %}
