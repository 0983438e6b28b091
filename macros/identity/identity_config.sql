{#- Identity-resolution configuration rendered as SQL: every value comes from dbt_project.yml vars. -#}

{% macro identity_identifier_types() -%}
    {#- var identity_identifier_types as a relation (one row per identifier type) -#}
    {%- set types = var('identity_identifier_types') -%}
    {%- for t in types %}
    select
        cast('{{ t.identifier_type }}' as {{ dbt.type_string() }}) as identifier_type,
        cast({{ t.trust_rank }} as {{ dbt.type_int() }}) as trust_rank,
        {{ 'true' if t.is_link else 'false' }} as is_link,
        {{ 'true' if t.is_person_key else 'false' }} as is_person_key,
        cast({{ t.max_person_keys_per_value }} as {{ dbt.type_int() }}) as max_person_keys_per_value,
        cast({{ t.match_confidence }} as {{ dbt.type_float() }}) as match_confidence
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{% macro identity_quoted_list(values) -%}
    {#- a list of strings as a SQL IN-list body: 'a', 'b' -#}
    {%- for v in values -%}
        '{{ v }}'{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}


{% macro identity_profile_sources() -%}
    {{ customer360.identity_quoted_list(var('identity_profile_sources')) }}
{%- endmacro %}


{% macro identity_source_priority(source_name_expr) -%}
    {#- position of a source in var identity_anchor_source_priority (1 = first); unknown sources last -#}
    case {{ source_name_expr }}
    {%- for s in var('identity_anchor_source_priority') %}
        when '{{ s }}' then {{ loop.index }}
    {%- endfor %}
        else {{ var('identity_anchor_source_priority') | length + 1 }}
    end
{%- endmacro %}


{% macro identity_customer_id(anchor_expr) -%}
    {#- a customer id derived from its anchor record key: the same anchor always gives the same id -#}
    {{ dbt.concat(["'" ~ var('identity_customer_id_prefix') ~ "'", dbt.safe_cast(
        "left(" ~ dbt.hash(anchor_expr) ~ ", 20)", dbt.type_string())]) }}
{%- endmacro %}


{% macro identity_anchor_order(relation_alias=none) -%}
    {#-
        ORDER BY body ranking a cluster's records for its anchor (the record a new customer_id is derived from):
        earliest first_seen_at_utc, then var identity_anchor_source_priority, then the smallest record_key
    -#}
    {%- set p = (relation_alias ~ '.') if relation_alias else '' -%}
    {{ p }}first_seen_at_utc nulls last,
    {{ customer360.identity_source_priority(p ~ 'source_name') }},
    {{ p }}record_key
{%- endmacro %}


{% macro identity_street_key(expression) -%}
    {#- street match key: lower case, accents folded, letters and digits only -#}
    nullif(regexp_replace(
        {{ customer360.fold_to_ascii('lower(' ~ expression ~ ')') }},
        '[^a-z0-9]', '', 'g'
    ), '')
{%- endmacro %}


{% macro identity_block_key(key_columns) -%}
    {#- a blocking pass's block key: its key columns as text, separated by '|' -#}
    {%- set parts = [] -%}
    {%- for key in key_columns -%}
        {%- do parts.append(dbt.safe_cast(key, dbt.type_string())) -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}


{% macro identity_link_value(identifier_type_expr, identifier_value_expr) -%}
    {#-
        The value an identifier links by. Emails: a plus tag is dropped when var identity_email_strip_plus_tags
        (`anna+shop@example.com` links as `anna@example.com`); every other type links by its normalized value.
    -#}
    {%- if var('identity_email_strip_plus_tags', true) -%}
    case
        when {{ identifier_type_expr }} = 'email'
            then regexp_replace({{ identifier_value_expr }}, '\+[^@]*@', '@')
        else {{ identifier_value_expr }}
    end
    {%- else -%}
    {{ identifier_value_expr }}
    {%- endif -%}
{%- endmacro %}


{% macro identity_postal_key(expression) -%}
    {#- postal code as compared by fuzzy matching: a US ZIP+4 (`94124-3901`) compares as its ZIP (`94124`) -#}
    regexp_replace({{ expression }}, '^([0-9]{5})-[0-9]{4}$', '\1')
{%- endmacro %}


{% macro identity_all_not_null(columns) -%}
    {#- true when none of the columns is NULL -#}
    ({% for column in columns %}{{ column }} is not null{{ ' and ' if not loop.last }}{% endfor %})
{%- endmacro %}
