{#-
    Right to erasure. How it works (docs/privacy.md):
      1. int_privacy__erasure_scope resolves every request through the identity graph to the customer and to
         every identifier and record of that customer, as hashes (`erasure_hash`), never raw values.
      2. Models downstream of the identity graph exclude int_privacy__erased_customers in the same build.
      3. on-run-end (`purge_erased_people`) appends the hashes to the suppression list (a table in the audit
         schema that dbt does not manage) and deletes every remaining row of the erased people from every
         table (staging, quarantine, identity, golden profile, snapshots, ...), logging the counts.
      4. In every later build `erasure_suppression_filter` drops their raw rows while staging reads the files,
         so they never come back, not even with --full-refresh.
-#}

{#- The hash used on the suppression list: sha256 of namespace || lower(trim(value)); NULL for a NULL/blank value. -#}
{% macro erasure_hash(expression) -%}
    {{ return(adapter.dispatch('erasure_hash', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__erasure_hash(expression) -%}
    {%- set normalized = "lower(trim(" ~ dbt.safe_cast(expression, dbt.type_string()) ~ "))" -%}
    case
        when {{ normalized }} <> ''
            then {{ customer360.sha256_hex(dbt.concat(["'" ~ var('erasure_hash_namespace') | replace("'", "''") ~ "'", normalized])) }}
    end
{%- endmacro %}


{#- A relation of the audit schema (suppression list, erasure log): outside dbt's management on purpose. -#}
{% macro privacy_audit_relation(identifier) -%}
    {{ return(api.Relation.create(
        database=target.database, schema=var('privacy_audit_schema'), identifier=identifier, type='table'
    )) }}
{%- endmacro %}


{#- on-run-start: create the audit schema, the suppression list and the erasure log when they do not exist. -#}
{% macro create_privacy_audit_tables() -%}
    {%- if execute -%}
        {%- do adapter.create_schema(api.Relation.create(database=target.database, schema=var('privacy_audit_schema'))) -%}
        {%- set statements -%}
            create table if not exists {{ customer360.privacy_audit_relation('erasure_suppression') }} (
                identifier_hash {{ dbt.type_string() }} not null,
                identifier_type {{ dbt.type_string() }},
                request_id {{ dbt.type_string() }},
                suppressed_at_utc {{ dbt.type_timestamp() }}
            );
            create table if not exists {{ customer360.privacy_audit_relation('erasure_log') }} (
                request_id {{ dbt.type_string() }} not null,
                erased_at_utc {{ dbt.type_timestamp() }} not null,
                relation_name {{ dbt.type_string() }},
                rows_removed {{ dbt.type_bigint() }} not null
            );
        {%- endset -%}
        {%- do run_query(statements) -%}
    {%- endif -%}
    select 1 as privacy_audit_tables_ready
{%- endmacro %}


{#- The raw columns of a source table marked `meta: {erasure_identifier: <type>}` in its sources YAML. -#}
{% macro erasure_identifier_columns(source_name, table_name) -%}
    {%- set columns = [] -%}
    {%- if not execute -%}
        {{ return(columns) }}
    {%- endif -%}
    {#- (graph may be empty, e.g. in a unit test: then no column is an identifier) -#}
    {%- set node = (graph.get('sources') or {}).get('source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name) -%}
    {%- if node is not none -%}
        {%- for column in node.columns.values() -%}
            {%- set meta = column.get('config', {}).get('meta', {}) or column.get('meta', {}) -%}
            {%- if meta.get('erasure_identifier') -%}
                {%- do columns.append(column.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}


{#- Whether the suppression list exists and holds at least one hash (checked at execution time). -#}
{% macro erasure_suppression_is_active() -%}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(
        database=target.database, schema=var('privacy_audit_schema'), identifier='erasure_suppression'
    ) -%}
    {%- if relation is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set found = run_query('select count(*) from ' ~ relation).columns[0].values()[0] -%}
    {{ return(found > 0) }}
{%- endmacro %}


{#-
    The condition that keeps a raw row: none of its erasure-identifier columns (`<prefix><column>`) is on the
    suppression list. Renders `true` while the list is empty, so a warehouse without erasures pays nothing.
    Called by select_raw_columns, so every staging model (and its quarantine and reconciliation) drops the rows
    of erased people before anything else sees them.
-#}
{% macro erasure_keep_condition(source_name, table_name, prefix='raw_') -%}
    {%- set columns = customer360.erasure_identifier_columns(source_name, table_name) -%}
    {%- if not columns or not customer360.erasure_suppression_is_active() -%}
        true
    {%- else -%}
        {%- set suppression = customer360.privacy_audit_relation('erasure_suppression') -%}
        {%- for column in columns %}
        {{ 'and ' if not loop.first }}coalesce({{ customer360.erasure_hash(prefix ~ column) }}, '') not in (
            select identifier_hash from {{ suppression }}
        )
        {%- endfor %}
    {%- endif -%}
{%- endmacro %}


{#- Raw rows of a source table dropped because they belong to an erased person (for reconciliation):
    the rows of the file minus the rows select_raw_columns keeps. -#}
{% macro count_erased_raw_rows(source_name, table_name) -%}
    {%- set columns = customer360.erasure_identifier_columns(source_name, table_name) -%}
    {%- if not columns or not customer360.erasure_suppression_is_active() -%}
        select cast(0 as {{ dbt.type_bigint() }}) as erased_rows
    {%- else -%}
        select
            (select count(*) from {{ source(source_name, table_name) }})
            - (select count(*) from ({{ customer360.select_raw_columns(source_name, table_name) }}) as kept_rows)
            as erased_rows
    {%- endif -%}
{%- endmacro %}


{#- Warehouse-specific pieces of the purge: a row locator usable in `delete ... where <locator> in (...)`, and a
    text field of a JSON text column. -#}
{% macro erasure_row_locator(table_alias) -%}
    {{ return(adapter.dispatch('erasure_row_locator', 'customer360')(table_alias)) }}
{%- endmacro %}

{% macro default__erasure_row_locator(table_alias) -%}
    {{ exceptions.raise_compiler_error('erasure_row_locator is not implemented for adapter ' ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__erasure_row_locator(table_alias) -%}
    {{ table_alias ~ '.' if table_alias }}rowid
{%- endmacro %}

{% macro json_text_field(json_expression, key) -%}
    {{ return(adapter.dispatch('json_text_field', 'customer360')(json_expression, key)) }}
{%- endmacro %}

{% macro default__json_text_field(json_expression, key) -%}
    json_extract_string({{ json_expression }}, '$.{{ key }}')
{%- endmacro %}


{#- A column holding identifiers: named as one in var erasure_identifier_columns, or ending in `_<that name>`
    (raw_email, shipping_email, parent_order_id). Matching more columns costs nothing: a row goes only when
    the column's value hashes to a suppressed one. -#}
{% macro is_erasure_identifier_column(column_name, identifier_columns) -%}
    {%- set name = column_name | lower -%}
    {%- for identifier in identifier_columns if name == identifier or name.endswith('_' ~ identifier) -%}
        {{ return(true) }}
    {%- endfor -%}
    {{ return(false) }}
{%- endmacro %}


{#- The relation of a model of this project by name, or none when it has not been built. -#}
{% macro built_relation_of_model(model_name) -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == model_name -%}
        {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) }}
    {%- endfor -%}
    {{ return(none) }}
{%- endmacro %}


{#-
    on-run-end: carry out the erasure requests of this build.
      1. hashes of int_privacy__erasure_scope not yet on the suppression list are appended to it;
      2. the customers they resolve to are collected, plus every customer_id that a table with a customer_id and a
         source_record_id / record_key gave to one of their records (older ids in snapshot history);
      3. in every table of the warehouse (every schema but the audit schema; seeds excepted) each row is deleted
         whose customer_id is collected, or whose column named in var erasure_identifier_columns (or such a key in
         a JSON text column of var erasure_json_columns) hashes to a suppressed value; the counts go to the erasure
         log per request and relation (a request that removed nothing gets one row with 0).
    Runs only when the scope holds a hash that is not on the list yet, so an ordinary build costs one count.
-#}
{% macro purge_erased_people() -%}
    {%- if not execute or flags.WHICH not in ['build', 'run', 'snapshot'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set scope = customer360.built_relation_of_model('int_privacy__erasure_scope') -%}
    {%- set suppression = customer360.privacy_audit_relation('erasure_suppression') -%}
    {%- if scope is none or adapter.get_relation(
        database=suppression.database, schema=suppression.schema, identifier=suppression.identifier
    ) is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set pending = run_query(
        'select count(*) from ' ~ scope ~ ' where identifier_hash not in (select identifier_hash from ' ~ suppression ~ ')'
    ).columns[0].values()[0] -%}
    {%- if pending == 0 -%}
        {{ return('') }}
    {%- endif -%}

    {%- set erasure_log = customer360.privacy_audit_relation('erasure_log') -%}
    {%- set work_customers = customer360.privacy_audit_relation('erasure_work_customers') -%}
    {%- set work_requests = customer360.privacy_audit_relation('erasure_work_requests') -%}
    {%- set work_rows = customer360.privacy_audit_relation('erasure_work_rows') -%}
    {%- set erased_at = "cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S') ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- set identifier_columns = var('erasure_identifier_columns') | map('lower') | list -%}
    {%- set json_columns = var('erasure_json_columns') | map('lower') | list -%}
    {%- set record_columns = ['source_record_id', 'record_key'] -%}

    {#- 1. suppression list, requests and customers of this run -#}
    {%- call statement('erasure_suppress') -%}
        create or replace table {{ work_requests }} as
        select distinct request_id from {{ scope }}
        where identifier_hash not in (select identifier_hash from {{ suppression }});

        insert into {{ suppression }} (identifier_hash, identifier_type, request_id, suppressed_at_utc)
        select
            identifier_hash,
            min(identifier_type),
            min(request_id),
            {{ erased_at }}
        from {{ scope }}
        where identifier_hash not in (select identifier_hash from {{ suppression }})
        group by identifier_hash;

        create or replace table {{ work_customers }} as
        select
            cast(customer_id as {{ dbt.type_string() }}) as customer_id,
            min(request_id) as request_id
        from {{ scope }}
        where customer_id is not null
        group by 1;
    {%- endcall -%}

    {#- 2. every table of the warehouse and its columns -#}
    {%- set skipped = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'seed' -%}
        {%- do skipped.append((node.schema ~ '.' ~ node.alias) | lower) -%}
    {%- endfor -%}
    {%- set columns_query -%}
        select columns.table_schema, columns.table_name, lower(columns.column_name) as column_name
        from information_schema.columns as columns
        inner join information_schema.tables as tables
            on
                columns.table_catalog = tables.table_catalog
                and columns.table_schema = tables.table_schema
                and columns.table_name = tables.table_name
        where
            tables.table_type = 'BASE TABLE'
            and lower(columns.table_catalog) = lower('{{ target.database }}')
            and lower(columns.table_schema) not in (
                lower('{{ var("privacy_audit_schema") }}'), 'information_schema', 'pg_catalog'
            )
        order by 1, 2
    {%- endset -%}
    {%- set tables = {} -%}
    {%- for row in run_query(columns_query).rows -%}
        {%- set key = row[0] ~ '.' ~ row[1] -%}
        {%- if key | lower not in skipped -%}
            {%- if key not in tables -%}
                {%- do tables.update({key: {'schema': row[0], 'name': row[1], 'columns': []}}) -%}
            {%- endif -%}
            {%- do tables[key]['columns'].append(row[2]) -%}
        {%- endif -%}
    {%- endfor -%}

    {#- 3. customer ids their records had anywhere (snapshot history keeps older ids) -#}
    {%- for table in tables.values() if 'customer_id' in table.columns -%}
        {%- set keys = [] -%}
        {%- for column in record_columns if column in table.columns -%}
            {%- do keys.append(column) -%}
        {%- endfor -%}
        {%- if keys -%}
            {%- set relation = api.Relation.create(database=target.database, schema=table.schema, identifier=table.name) -%}
            {%- call statement('erasure_collect_customers') -%}
                insert into {{ work_customers }} (customer_id, request_id)
                select
                    records.customer_id,
                    min(suppressed.request_id)
                from (
                    {#- one equi-join input per key column: an `in (…)` join condition makes a nested loop -#}
                    {%- for column in keys %}
                    select
                        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
                        {{ customer360.erasure_hash(adapter.quote(column)) }} as identifier_hash
                    from {{ relation }}
                    where customer_id is not null
                    {{ 'union all' if not loop.last }}
                    {%- endfor %}
                ) as records
                inner join {{ suppression }} as suppressed
                    on records.identifier_hash = suppressed.identifier_hash
                where records.customer_id not in (select customer_id from {{ work_customers }})
                group by 1
            {%- endcall -%}
        {%- endif -%}
    {%- endfor -%}

    {#- 4. delete and log, table by table -#}
    {%- for table in tables.values() -%}
        {%- set relation = api.Relation.create(database=target.database, schema=table.schema, identifier=table.name) -%}
        {%- set matches = [] -%}
        {%- for column in table.columns if customer360.is_erasure_identifier_column(column, identifier_columns) -%}
            {%- do matches.append(
                'select ' ~ customer360.erasure_row_locator('target_rows') ~ ' as row_locator, suppressed.request_id from '
                ~ relation ~ ' as target_rows inner join ' ~ suppression ~ ' as suppressed on suppressed.identifier_hash = '
                ~ customer360.erasure_hash('target_rows.' ~ adapter.quote(column))
            ) -%}
        {%- endfor -%}
        {%- for column in table.columns if column in json_columns -%}
            {%- for key in identifier_columns -%}
                {%- do matches.append(
                    'select ' ~ customer360.erasure_row_locator('target_rows') ~ ' as row_locator, suppressed.request_id from '
                    ~ relation ~ ' as target_rows inner join ' ~ suppression ~ ' as suppressed on suppressed.identifier_hash = '
                    ~ customer360.erasure_hash(customer360.json_text_field('target_rows.' ~ adapter.quote(column), key))
                ) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if 'customer_id' in table.columns -%}
            {%- do matches.append(
                'select ' ~ customer360.erasure_row_locator('target_rows') ~ ' as row_locator, erased.request_id from '
                ~ relation ~ ' as target_rows inner join ' ~ work_customers ~ ' as erased on cast(target_rows.customer_id as '
                ~ dbt.type_string() ~ ') = erased.customer_id'
            ) -%}
        {%- endif -%}
        {%- if matches -%}
            {%- call statement('erasure_purge_table') -%}
                create or replace table {{ work_rows }} as
                select row_locator, min(request_id) as request_id
                from (
                    {{ matches | join('\n                    union all\n                    ') }}
                ) as matched
                group by row_locator;

                insert into {{ erasure_log }} (request_id, erased_at_utc, relation_name, rows_removed)
                select request_id, {{ erased_at }}, '{{ table.schema }}.{{ table.name }}', count(*)
                from {{ work_rows }}
                group by request_id;

                delete from {{ relation }}
                where {{ customer360.erasure_row_locator(none) }} in (select row_locator from {{ work_rows }});
            {%- endcall -%}
        {%- endif -%}
    {%- endfor -%}

    {#- 5. requests that removed nothing still get a log row; the work tables go -#}
    {%- call statement('erasure_finish') -%}
        insert into {{ erasure_log }} (request_id, erased_at_utc, relation_name, rows_removed)
        select request_id, {{ erased_at }}, null, 0
        from {{ work_requests }}
        where request_id not in (select request_id from {{ erasure_log }});

        drop table if exists {{ work_rows }};
        drop table if exists {{ work_customers }};
        drop table if exists {{ work_requests }};
    {%- endcall -%}
    {#- hooks run in a transaction that dbt rolls back at the end of the invocation: commit the purge -#}
    {%- do adapter.commit() -%}
    {{ return('') }}
{%- endmacro %}
