{#-
    Column groups every person-bearing staging model shares (interface: email, email_raw, email_sha256,
    is_valid_email, is_placeholder_email; phone_e164, phone_raw, is_valid_phone, is_placeholder_phone).
    The model must have an import CTE `exclusions` on seed identifier_exclusions.
-#}

{% macro staged_email_columns(normalized_email, raw_email, is_valid_email) -%}
    {#- an invalid email is kept raw only: `email` and `email_sha256` are NULL so it is never matched -#}
    case when {{ is_valid_email }} then {{ normalized_email }} end as email,
    {{ raw_email }} as email_raw,
    case when {{ is_valid_email }} then {{ customer360.sha256_hex(normalized_email) }} end as email_sha256,
    {{ is_valid_email }} as is_valid_email,
    {{ customer360.is_excluded_identifier('email', normalized_email) }} as is_placeholder_email
{%- endmacro %}


{% macro staged_phone_columns(normalized_phone, raw_phone, is_valid_phone) -%}
    {#- an implausible number is kept raw only: `phone_e164` is NULL -#}
    case when {{ is_valid_phone }} then {{ normalized_phone }} end as phone_e164,
    {{ raw_phone }} as phone_raw,
    {{ is_valid_phone }} as is_valid_phone,
    {{ customer360.is_excluded_identifier('phone', normalized_phone) }} as is_placeholder_phone
{%- endmacro %}


{% macro is_excluded_identifier(identifier_type, normalized_value) -%}
    {#- the normalized value is listed in seed identifier_exclusions (NULL when there is no value) -#}
    case
        when {{ normalized_value }} is null then null
        else {{ normalized_value }} in (
            select exclusions.identifier_value
            from exclusions
            where exclusions.identifier_type = '{{ identifier_type }}'
        )
    end
{%- endmacro %}
