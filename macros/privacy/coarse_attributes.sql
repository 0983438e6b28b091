{#-
    Coarse, non-identifying versions of personal attributes for BI-facing models.
    Each public macro dispatches, so another warehouse needs only its own `<adapter>__` version.
-#}

{#- Postal district: GB outward code (everything before the 3-character inward code); for the countries in var
    `postal_district_prefix_lengths` the first N characters (DE/FR/NL: 2 digits, US: 3-digit ZIP prefix);
    NULL for any other country, an unknown country or a code too short to coarsen. Expects the staging form of
    the postal code (upper case, no spaces). -#}
{% macro postal_district(postal_code_expr, country_code_expr) -%}
    {{ return(adapter.dispatch('postal_district', 'customer360')(postal_code_expr, country_code_expr)) }}
{%- endmacro %}

{% macro default__postal_district(postal_code_expr, country_code_expr) -%}
    {%- set prefix_lengths = var('postal_district_prefix_lengths') -%}
    {%- set postal_code = "upper(replace(" ~ postal_code_expr ~ ", ' ', ''))" -%}
    case
        when {{ postal_code }} is null or {{ country_code_expr }} is null then null
        {#- a GB postcode is 5 to 7 characters without the space; the inward code is always the last 3 #}
        when upper({{ country_code_expr }}) = 'GB'
            and {{ dbt.length(postal_code) }} between 5 and 7
            then substring({{ postal_code }}, 1, {{ dbt.length(postal_code) }} - 3)
        {%- for country_code, prefix_length in prefix_lengths.items() | sort %}
        when upper({{ country_code_expr }}) = '{{ country_code | upper }}'
            and {{ dbt.length(postal_code) }} > {{ prefix_length }}
            then substring({{ postal_code }}, 1, {{ prefix_length }})
        {%- endfor %}
    end
{%- endmacro %}

{#- Birth year (integer) of a date; NULL stays NULL. -#}
{% macro birth_year(birth_date_expr) -%}
    {{ return(adapter.dispatch('birth_year', 'customer360')(birth_date_expr)) }}
{%- endmacro %}

{% macro default__birth_year(birth_date_expr) -%}
    cast(extract(year from {{ birth_date_expr }}) as integer)
{%- endmacro %}

{#- Completed years between a birth date and a reference date (the birthday counts on the day itself). -#}
{% macro age_in_years(birth_date_expr, reference_date_expr) -%}
    {{ return(adapter.dispatch('age_in_years', 'customer360')(birth_date_expr, reference_date_expr)) }}
{%- endmacro %}

{% macro default__age_in_years(birth_date_expr, reference_date_expr) -%}
    (
        extract(year from {{ reference_date_expr }}) - extract(year from {{ birth_date_expr }})
        - case
            when extract(month from {{ reference_date_expr }}) * 100 + extract(day from {{ reference_date_expr }})
                < extract(month from {{ birth_date_expr }}) * 100 + extract(day from {{ birth_date_expr }})
                then 1
            else 0
        end
    )
{%- endmacro %}

{#- Age band label at a reference date. Bands come from var `age_band_lower_bounds` (ascending lower bounds):
    `<lower>-<next lower - 1>`, the last one `<lower>+`; an age below the first bound, a negative age or a
    NULL date gives NULL. With the default bounds the labels match the enrichment feed (`18-24` … `65+`). -#}
{% macro age_band(birth_date_expr, reference_date_expr) -%}
    {{ return(adapter.dispatch('age_band', 'customer360')(birth_date_expr, reference_date_expr)) }}
{%- endmacro %}

{% macro default__age_band(birth_date_expr, reference_date_expr) -%}
    {%- set bounds = var('age_band_lower_bounds') | sort -%}
    {%- set age = customer360.age_in_years(birth_date_expr, reference_date_expr) -%}
    case
        {%- for lower in bounds | reverse %}
        {%- set position = bounds | length - loop.index0 - 1 %}
        when {{ age }} >= {{ lower }}
            then '{{ lower }}{% if position == bounds | length - 1 %}+{% else %}-{{ bounds[position + 1] - 1 }}{% endif %}'
        {%- endfor %}
    end
{%- endmacro %}
