{#-
    run-operation: copy the BI-facing schemas (var `privacy_bi_facing_schemas`, i.e. `marts`) into a separate
    DuckDB file that holds nothing else, for BI tools to open read-only:

        dbt run-operation publish_bi_database --args '{path: customer360_bi.duckdb}'

    The warehouse file itself also holds the restricted schemas (raw personal data) and DuckDB has no grants,
    so a BI tool must never be pointed at it. Tables are replaced in place, with their table and column
    comments (the dbt descriptions, persisted by `persist_docs`). DuckDB lets one process write a file or
    several read it: publish while no BI connection is open, or publish to a new file and repoint the BI tool.

    The file is written in the storage format of var `bi_database_storage_version` (DuckDB's ATTACH option
    STORAGE_VERSION), not in the warehouse's own DuckDB 2.0 format: the DuckDB clients bundled with BI tools
    (1.4.x in Evidence's connector, 1.5.x in Superset's duckdb-engine) cannot open a 2.0 file. DuckDB never lowers
    the format of an existing file: a file published in a newer format must be deleted once (the error says
    "The storage version of an existing database cannot be lowered").
-#}
{% macro publish_bi_database(path) -%}
    {{ return(adapter.dispatch('publish_bi_database', 'customer360')(path)) }}
{%- endmacro %}

{% macro default__publish_bi_database(path) -%}
    {{ exceptions.raise_compiler_error(
        'publish_bi_database is DuckDB-only: on a server warehouse, grant the BI role read access to the marts schema.'
    ) }}
{%- endmacro %}

{% macro duckdb__publish_bi_database(path) -%}
    {%- set alias = 'bi_publish' -%}
    {%- set schemas = var('privacy_bi_facing_schemas') | map('lower') | list -%}
    {%- set tables = run_query(
        "select schema_name, table_name, comment from duckdb_tables() where database_name = current_database() "
        ~ "and lower(schema_name) in ('" ~ schemas | join("', '") ~ "') order by 1, 2"
    ) -%}
    {%- set columns = run_query(
        "select schema_name, table_name, column_name, comment from duckdb_columns() "
        ~ "where database_name = current_database() and comment is not null "
        ~ "and lower(schema_name) in ('" ~ schemas | join("', '") ~ "') order by 1, 2"
    ) -%}
    {%- do run_query(
        "attach '" ~ path | replace("'", "''") ~ "' as " ~ alias
        ~ " (storage_version '" ~ var('bi_database_storage_version') | replace("'", "''") ~ "')"
    ) -%}
    {%- for schema_name in schemas -%}
        {%- do run_query("create schema if not exists " ~ alias ~ "." ~ adapter.quote(schema_name)) -%}
    {%- endfor -%}
    {%- for row in tables.rows -%}
        {%- set source_table = adapter.quote(row[0]) ~ "." ~ adapter.quote(row[1]) -%}
        {%- set target_table = alias ~ "." ~ source_table -%}
        {%- do run_query("create or replace table " ~ target_table ~ " as select * from " ~ source_table) -%}
        {%- if row[2] -%}
            {%- do run_query("comment on table " ~ target_table ~ " is '" ~ row[2] | replace("'", "''") ~ "'") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for row in columns.rows -%}
        {%- do run_query(
            "comment on column " ~ alias ~ "." ~ adapter.quote(row[0]) ~ "." ~ adapter.quote(row[1]) ~ "."
            ~ adapter.quote(row[2]) ~ " is '" ~ row[3] | replace("'", "''") ~ "'"
        ) -%}
    {%- endfor -%}
    {%- do run_query("detach " ~ alias) -%}
    {{ log(
        "published " ~ tables.rows | length ~ " tables of schemas " ~ schemas | join(', ') ~ " to " ~ path
        ~ " (storage version " ~ var('bi_database_storage_version') ~ ")",
        info=true
    ) }}
{%- endmacro %}
