{#-
    Field similarities for fuzzy matching, 0..1 (NULL when either side lacks the field): the building blocks of
    the comparison levels (macros/identity/match_weights.sql) and of the conflicting-profiles check.
-#}

{% macro identity_string_similarity(left_expr, right_expr) -%}
    {#- 0..1 similarity of two match keys; NULL when either is NULL -#}
    {{ return(adapter.dispatch('identity_string_similarity', 'customer360')(left_expr, right_expr)) }}
{%- endmacro %}

{% macro default__identity_string_similarity(left_expr, right_expr) -%}
    jaro_winkler_similarity({{ left_expr }}, {{ right_expr }})
{%- endmacro %}


{% macro identity_edit_distance(left_expr, right_expr) -%}
    {{ return(adapter.dispatch('identity_edit_distance', 'customer360')(left_expr, right_expr)) }}
{%- endmacro %}

{% macro default__identity_edit_distance(left_expr, right_expr) -%}
    levenshtein({{ left_expr }}, {{ right_expr }})
{%- endmacro %}


{% macro identity_first_name_similarity(left_expr, right_expr, is_nickname_match_expr) -%}
    {#- a known nickname pair (seed name_nicknames) counts as identical -#}
    case
        when {{ left_expr }} is null or {{ right_expr }} is null then null
        when {{ is_nickname_match_expr }} then 1.0
        else {{ customer360.identity_string_similarity(left_expr, right_expr) }}
    end
{%- endmacro %}


{% macro identity_birth_date_similarity(left_expr, right_expr) -%}
    {#-
        1 when equal; 0.5 for a typo (one character of the ISO date differs and the years are at most one
        apart) or swapped day and month; else 0; NULL when either is NULL. A father and son with the same name
        differ by decades: 0.
    -#}
    {%- set left_text = dbt.safe_cast(left_expr, dbt.type_string()) -%}
    {%- set right_text = dbt.safe_cast(right_expr, dbt.type_string()) -%}
    case
        when {{ left_expr }} is null or {{ right_expr }} is null then null
        when {{ left_expr }} = {{ right_expr }} then 1.0
        when
            {{ customer360.identity_edit_distance(left_text, right_text) }} <= 1
            and abs(extract(year from {{ left_expr }}) - extract(year from {{ right_expr }})) <= 1
            then 0.5
        when
            extract(year from {{ left_expr }}) = extract(year from {{ right_expr }})
            and extract(month from {{ left_expr }}) = extract(day from {{ right_expr }})
            and extract(day from {{ left_expr }}) = extract(month from {{ right_expr }})
            then 0.5
        else 0.0
    end
{%- endmacro %}


{% macro identity_profiles_conflict(
    left_first_name, right_first_name, is_nickname_match, left_birth_date, right_birth_date
) -%}
    {#-
        Two profiles are different persons: both first names known and less similar than
        var identity_conflict_first_name_similarity, and their birth dates do not agree (unknown or 0 similarity)
    -#}
    (
        coalesce({{ customer360.identity_first_name_similarity(left_first_name, right_first_name, is_nickname_match) }}
            < {{ var('identity_conflict_first_name_similarity') }}, false)
        and coalesce({{ customer360.identity_birth_date_similarity(left_birth_date, right_birth_date) }}, 0) = 0
    )
{%- endmacro %}
