{#-
    Regular expressions differ by warehouse, so they are the one place with a DuckDB-specific
    implementation. `regexp_matches` is true when `regex` matches anywhere in the string.

    * is_raw: the pattern is a "raw" string (backslashes are regex syntax, not string escapes).
      ANSI/DuckDB string literals never interpret backslashes, so raw and non-raw patterns compile
      to the same literal here; an adapter whose literals do (BigQuery, Spark) overrides
      `regex_string_literal`.
    * flags: characters passed to the regex engine, e.g. `i` for case-insensitive matching.
-#}
{% macro regex_string_literal(regex, is_raw=false) -%}
    {{ return(adapter.dispatch('regex_string_literal', 'dbt_expectations')(regex, is_raw)) }}
{%- endmacro %}

{% macro default__regex_string_literal(regex, is_raw) -%}
    {{ dbt_expectations._string_literal(regex) }}
{%- endmacro %}


{% macro regexp_matches(expression, regex, is_raw=false, flags="") -%}
    {{ return(adapter.dispatch('regexp_matches', 'dbt_expectations')(expression, regex, is_raw, flags)) }}
{%- endmacro %}

{#- Snowflake / Redshift / Postgres 15+ / Oracle style regexp_instr(subject, pattern, position, occurrence, option, flags). -#}
{% macro default__regexp_matches(expression, regex, is_raw, flags) -%}
    regexp_instr(
        cast({{ expression }} as {{ dbt.type_string() }}),
        {{ dbt_expectations.regex_string_literal(regex, is_raw) }},
        1, 1, 0,
        {{ dbt_expectations._string_literal(flags or '') }}
    ) > 0
{%- endmacro %}

{#- DuckDB: regexp_matches(string, pattern[, options]) is a partial (search) match. -#}
{% macro duckdb__regexp_matches(expression, regex, is_raw, flags) -%}
    regexp_matches(
        cast({{ expression }} as {{ dbt.type_string() }}),
        {{ dbt_expectations.regex_string_literal(regex, is_raw) }}
        {%- if flags %}, {{ dbt_expectations._string_literal(flags) }}{% endif %}
    )
{%- endmacro %}
