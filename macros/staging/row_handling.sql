{#- Row-level handling shared by every base_ model: exact duplicates, raw record and its hash, record key,
    lineage columns. The validation rules: macros/staging/validation_rules.sql. -#}

{% macro remove_exact_duplicates(relation, columns, prefix='raw_') -%}
    {#-
        Keeps one row per identical set of raw values (NULLs compare equal), the first in file order, and
        counts the copies: `exact_duplicate_count` = copies beyond the first (0 for a unique row).
    -#}
    select
        {%- for column in columns %}
        {{ prefix ~ column }},
        {%- endfor %}
        min(raw_row_number) as raw_row_number,
        count(*) - 1 as exact_duplicate_count
    from {{ relation }}
    group by
        {%- for column in columns %}
        {{ prefix ~ column }}{{ ',' if not loop.last }}
        {%- endfor %}
{%- endmacro %}


{% macro raw_record_json(columns, prefix='raw_') -%}
    {#- the raw row as JSON object text: raw column name -> raw text value (from columns `<prefix><name>`) -#}
    {{ return(adapter.dispatch('raw_record_json', 'customer360')(columns, prefix)) }}
{%- endmacro %}

{% macro default__raw_record_json(columns, prefix) -%}
    cast(json_object(
        {%- for column in columns %}
            '{{ column }}', {{ prefix ~ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    ) as {{ dbt.type_string() }})
{%- endmacro %}


{% macro raw_record_hash(columns, prefix='raw_') -%}
    {#-
        A hash of the raw row's content (MD5 of the raw values joined by `|`, NULL written as `\N`): the record
        key of sources without an id, and the identity of a quarantined row.
    -#}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(" ~ prefix ~ column ~ ", '\\N')") -%}
    {%- endfor -%}
    {{ dbt.hash(parts | join(" || '|' || ")) }}
{%- endmacro %}


{% macro lineage_columns(raw_columns, rules, hash_column=none) -%}
    {#-
        The lineage and validation columns every base_ model ends with: `raw_record` (JSON text) and
        `raw_record_hash` for rejected rows (every row when the source is keyed by the content hash: pass that
        column as `hash_column`), `raw_row_number`, `exact_duplicate_count` and the rejection columns (macro
        rejection_columns). Staged rows skip the JSON: they are the bulk of the data and never quarantined.
    -#}
    case when rejection_index is not null then {{ customer360.raw_record_json(raw_columns) }} end as raw_record,
    {% if hash_column is not none -%}
    {{ hash_column }} as raw_record_hash,
    {%- else -%}
    case when rejection_index is not null then {{ customer360.raw_record_hash(raw_columns) }} end as raw_record_hash,
    {%- endif %}
    raw_row_number,
    exact_duplicate_count,
    {{ customer360.rejection_columns(rules) }}
{%- endmacro %}


{% macro record_key(source_name, id_expression, raw_columns) -%}
    {#-
        `<source_name>:<id>`, or `<source_name>:<hash of the raw row>` when the id is missing (a rejected row).
        A CASE, not COALESCE: the hash is only computed where it is needed.
    -#}
    '{{ source_name }}:' || case
        when {{ id_expression }} is not null then {{ id_expression }}
        else {{ customer360.raw_record_hash(raw_columns) }}
    end
{%- endmacro %}
