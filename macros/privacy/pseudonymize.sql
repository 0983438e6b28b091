{#-
    Pseudonymous key for a personal value: sha256 hex of salt || '|' || value.
    The salt comes from env var CUSTOMER360_PII_SALT. Without it the clearly marked development salt
    (var `development_pii_salt`) is used and `warn_if_development_salt` (on-run-start) logs a warning.
-#}
{% macro pii_salt() -%}
    {{- return(env_var('CUSTOMER360_PII_SALT', var('development_pii_salt'))) -}}
{%- endmacro %}

{#- on-run-start: say once per invocation when the development salt is in use. -#}
{% macro warn_if_development_salt() -%}
    {%- if execute and pii_salt() == var('development_pii_salt') -%}
        {%- do exceptions.warn(
            "CUSTOMER360_PII_SALT is not set: pseudonymous keys use the public DEVELOPMENT salt. "
            ~ "Set the variable before building anything that leaves this machine."
        ) -%}
    {%- endif -%}
{%- endmacro %}

{% macro pseudonymize(expression) -%}
    {{ return(adapter.dispatch('pseudonymize', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__pseudonymize(expression) -%}
    case
        when {{ expression }} is not null
            then {{ customer360.sha256_hex(dbt.concat(["'" ~ pii_salt() | replace("'", "''") ~ "|'", dbt.safe_cast(expression, dbt.type_string())])) }}
    end
{%- endmacro %}

{#- sha256 as lower-case hex text; dispatched because not every warehouse names it the same. -#}
{% macro sha256_hex(expression) -%}
    {{ return(adapter.dispatch('sha256_hex', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__sha256_hex(expression) -%}
    sha2({{ expression }}, 256)
{%- endmacro %}

{% macro duckdb__sha256_hex(expression) -%}
    sha256({{ expression }})
{%- endmacro %}
