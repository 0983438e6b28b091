{#-
    Fuzzy-match scoring. Field similarities are 0..1 (NULL when either side lacks the field); the score is the
    weighted mean over the fields both records have (weights: var identity_fuzzy_weights).
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
        1 when equal; var identity_fuzzy_birth_date_partial_similarity for a typo (one character of the ISO date
        differs and the years are at most one apart) or swapped day and month; else 0; NULL when either is NULL.
        A father and son with the same name differ by decades: 0.
    -#}
    {%- set left_text = dbt.safe_cast(left_expr, dbt.type_string()) -%}
    {%- set right_text = dbt.safe_cast(right_expr, dbt.type_string()) -%}
    case
        when {{ left_expr }} is null or {{ right_expr }} is null then null
        when {{ left_expr }} = {{ right_expr }} then 1.0
        when
            {{ customer360.identity_edit_distance(left_text, right_text) }} <= 1
            and abs(extract(year from {{ left_expr }}) - extract(year from {{ right_expr }})) <= 1
            then {{ var('identity_fuzzy_birth_date_partial_similarity') }}
        when
            extract(year from {{ left_expr }}) = extract(year from {{ right_expr }})
            and extract(month from {{ left_expr }}) = extract(day from {{ right_expr }})
            and extract(day from {{ left_expr }}) = extract(month from {{ right_expr }})
            then {{ var('identity_fuzzy_birth_date_partial_similarity') }}
        else 0.0
    end
{%- endmacro %}


{% macro identity_street_similarity(left_expr, right_expr) -%}
    {#-
        Street match keys (letters and digits): 0 when the house numbers (the digits) differ, else the string
        similarity of the street names; NULL when either is NULL
    -#}
    case
        when {{ left_expr }} is null or {{ right_expr }} is null then null
        when
            regexp_replace({{ left_expr }}, '[^0-9]', '', 'g') <> regexp_replace({{ right_expr }}, '[^0-9]', '', 'g')
            then 0.0
        else {{ customer360.identity_string_similarity(
            "regexp_replace(" ~ left_expr ~ ", '[0-9]', '', 'g')",
            "regexp_replace(" ~ right_expr ~ ", '[0-9]', '', 'g')"
        ) }}
    end
{%- endmacro %}


{% macro identity_equality_similarity(left_expr, right_expr) -%}
    case
        when {{ left_expr }} is null or {{ right_expr }} is null then null
        when {{ left_expr }} = {{ right_expr }} then 1.0
        else 0.0
    end
{%- endmacro %}


{% macro identity_fuzzy_evidence() -%}
    {#- total weight of the fields both records have (columns <field>_similarity) -#}
    (
    {%- for field, weight in var('identity_fuzzy_weights').items() %}
        case when {{ field }}_similarity is not null then {{ weight }} else 0 end
        {{- ' +' if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}


{% macro identity_fuzzy_score() -%}
    {#- weighted mean similarity over the fields both records have (columns <field>_similarity), 0..1 -#}
    coalesce((
    {%- for field, weight in var('identity_fuzzy_weights').items() %}
        coalesce({{ field }}_similarity * {{ weight }}, 0)
        {{- ' +' if not loop.last }}
    {%- endfor %}
    ) / nullif({{ customer360.identity_fuzzy_evidence() }}, 0), 0)
{%- endmacro %}


{% macro identity_fuzzy_meets_field_minimums() -%}
    {#- true when no field both records have is below its minimum (var identity_fuzzy_field_minimums) -#}
    (
    {%- for field, minimum in var('identity_fuzzy_field_minimums').items() %}
        coalesce({{ field }}_similarity >= {{ minimum }}, true)
        {{- ' and' if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}


{% macro identity_fuzzy_is_match(score_expr, evidence_expr, threshold) -%}
    {#-
        a pair is a match: enough evidence, score at or above the threshold, every field minimum met, and
        corroborated: names alone never suffice, the pair must also agree on a field of
        var identity_fuzzy_corroborating_fields (birth date, street) or share a specific postal code (column
        postal_code_record_count at most var identity_fuzzy_specific_postal_code_max_records)
    -#}
    (
        {{ evidence_expr }} >= {{ var('identity_fuzzy_min_evidence') }}
        and {{ score_expr }} >= {{ threshold }}
        and {{ customer360.identity_fuzzy_meets_field_minimums() }}
        and (
            {%- for field, minimum in var('identity_fuzzy_corroborating_fields').items() %}
            coalesce({{ field }}_similarity >= {{ minimum }}, false)
            or
            {%- endfor %}
            coalesce(
                postal_code_similarity = 1
                and postal_code_record_count <= {{ var('identity_fuzzy_specific_postal_code_max_records') }},
                false
            )
        )
    )
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
