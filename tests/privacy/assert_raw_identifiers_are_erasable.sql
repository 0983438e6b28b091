{#- Every raw source column named like an identifier (var erasure_identifier_columns, or ending in `_<name>`:
    crm_id, email, card_number, loyalty_card_number, order_id, transaction_id, anonymous_id, user_id, recipient,
    subject, email_sha256, ...) must carry `meta: {erasure_identifier: <type>}` in its sources YAML, so staging
    drops the raw rows of erased people (parent ids included: an erased person's order lines must not come back
    as orphans). Returns one row per unmarked column. -#}
{%- set identifier_columns = var('erasure_identifier_columns') | map('lower') | list -%}
{%- set unmarked = [] -%}
{%- if execute -%}
    {%- for source in graph.sources.values() if source.package_name == project_name -%}
        {%- for column in source.columns.values() -%}
            {%- set meta = column.get('config', {}).get('meta', {}) or column.get('meta', {}) -%}
            {%- if customer360.is_erasure_identifier_column(column.name, identifier_columns)
                and not meta.get('erasure_identifier') -%}
                {%- do unmarked.append(source.source_name ~ '.' ~ source.name ~ '.' ~ column.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif -%}

with

unmarked_columns as (
    {%- for column_path in unmarked | sort %}
    select '{{ column_path }}' as raw_column_without_erasure_meta
    union all
    {%- endfor %}
    select cast(null as {{ dbt.type_string() }}) as raw_column_without_erasure_meta
)

select raw_column_without_erasure_meta
from unmarked_columns
where raw_column_without_erasure_meta is not null
