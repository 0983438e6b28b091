{% macro staging_sources() -%}
    {#-
        Every raw source table with its dbt source, base_ and stg_ models: the list the quarantine, the
        reconciliation, the volume check and the erasure count iterate over. It is derived from the sources YAML:
        every table of this project's `_<system>__sources.yml` files with `config: meta: {base_model, stg_model}`
        (docs/architecture.md, "Adding a source"), sorted by table name. Each entry: `source_name` (the raw table),
        `system` (the dbt source), `base`, `stg` and `relation` (the result of `source(system, table)`).
        Empty while dbt parses (the graph is not built yet): a model that refs the listed models through this list
        names them in `-- depends_on:` lines, which dbt checks at run time.
    -#}
    {%- set sources = [] -%}
    {%- if execute -%}
        {%- for node in graph.get('sources', {}).values() if node.package_name == project_name -%}
            {%- set meta = customer360.raw_source_meta(node) -%}
            {%- if meta.get('base_model') -%}
                {%- do sources.append({
                    'source_name': node.name,
                    'system': node.source_name,
                    'base': meta.base_model,
                    'stg': meta.stg_model,
                    'relation': source(node.source_name, node.name),
                }) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(sources | sort(attribute='source_name')) }}
{%- endmacro %}


{% macro raw_source_meta(node) -%}
    {#- the table-level `meta` of a source node (sources YAML: `config: meta: {...}` of the table) -#}
    {{ return(node.get('config', {}).get('meta', {}) or node.get('meta', {}) or {}) }}
{%- endmacro %}


{% macro staging_source_names() -%}
    {#- a select of one row per raw source: `source_name` -#}
    {%- for source in customer360.staging_sources() %}
    select '{{ source.source_name }}' as source_name
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{% macro union_rejected_rows() -%}
    {#- the rejected rows of every base_ model and the malformed lines of every raw file (quarantine columns) -#}
    {%- for source in customer360.staging_sources() %}
    select
        source_name,
        record_key,
        source_record_id,
        rejection_rule as rule_name,
        rejected_column,
        rejected_value,
        raw_record,
        raw_record_hash,
        raw_row_number,
        exact_duplicate_count,
        cast(null as {{ dbt.type_string() }}) as raw_file,
        cast(null as {{ dbt.type_bigint() }}) as raw_line_number,
        cast(null as {{ dbt.type_string() }}) as malformed_reason
    from {{ ref(source.base) }}
    where rejection_rule is not null
    union all
    -- lines of the raw file that cannot be parsed (macro select_malformed_lines)
    select
        '{{ source.source_name }}' as source_name,
        '{{ source.source_name }}:line:' || cast(raw_line_number as {{ dbt.type_string() }}) as record_key,
        cast(null as {{ dbt.type_string() }}) as source_record_id,
        'malformed_line' as rule_name,
        cast(null as {{ dbt.type_string() }}) as rejected_column,
        raw_line as rejected_value,
        raw_record,
        {{ dbt.hash('raw_line') }} as raw_record_hash,
        raw_row_number,
        cast(0 as {{ dbt.type_bigint() }}) as exact_duplicate_count,
        raw_file,
        raw_line_number,
        malformed_reason
    from ({{ customer360.select_malformed_lines(source.relation) }}) as malformed
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{% macro reconciliation_counts(quarantine) -%}
    {#-
        One row per raw source: raw rows counted straight from the file, staged rows, rejected rows (in
        `quarantine`), malformed lines (in `quarantine`, rule malformed_line), exact duplicates removed and rows of
        erased people dropped on read (docs/privacy.md).
    -#}
    {%- for source in customer360.staging_sources() %}
    select
        '{{ source.source_name }}' as source_name,
        ({{ customer360.count_raw_rows(source.relation) }}) as raw_rows,
        (select count(*) from {{ ref(source.stg) }}) as staged_rows,
        (select count(*) from {{ quarantine }}
            where source_name = '{{ source.source_name }}' and rule_name <> 'malformed_line') as rejected_rows,
        (select count(*) from {{ quarantine }}
            where source_name = '{{ source.source_name }}' and rule_name = 'malformed_line') as malformed_rows,
        (select cast(coalesce(sum(exact_duplicate_count), 0) as {{ dbt.type_bigint() }}) from {{ ref(source.base) }})
            as exact_duplicate_rows,
        ({{ customer360.count_erased_raw_rows(source.relation) }}) as erased_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
