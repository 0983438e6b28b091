{#-
    Right to erasure. How it works (docs/privacy.md):
      1. int_privacy__erasure_scope resolves every request through the identity graph to the customer and to
         every identifier and record of that customer, as hashes (`erasure_hash`), never raw values.
      2. Models downstream of the identity graph exclude int_privacy__erased_customers in the same build.
      3. on-run-end (`purge_erased_people`) appends the hashes to the suppression list (a table in the audit
         schema that dbt does not manage) and deletes every remaining row of the erased people from every
         table (staging, quarantine, identity, golden profile, snapshots, ...), logging the counts.
      4. In every later build `erasure_keep_condition` (called by `select_raw_columns`) drops their raw rows while
         staging reads the files, so they never come back, not even with --full-refresh.
-#}

{#- The hash used on the suppression list: sha256 of namespace || lower(trim(value)); NULL for a NULL/blank value. -#}
{% macro erasure_hash(expression) -%}
    {{ return(adapter.dispatch('erasure_hash', 'customer360')(expression)) }}
{%- endmacro %}

{% macro default__erasure_hash(expression) -%}
    {%- set normalized = customer360.erasure_value_key(expression) -%}
    case
        when {{ normalized }} <> ''
            then {{ customer360.sha256_hex(dbt.concat(["'" ~ var('erasure_hash_namespace') | replace("'", "''") ~ "'", normalized])) }}
    end
{%- endmacro %}


{#- The form of a value that erasure_hash hashes (and the purge compares): lower(trim(text)). -#}
{% macro erasure_value_key(expression) -%}
    lower(trim({{ dbt.safe_cast(expression, dbt.type_string()) }}))
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


{#- The raw columns of a source table (a source relation) marked `meta: {erasure_identifier: <type>}` in its
    sources YAML. -#}
{% macro erasure_identifier_columns(relation) -%}
    {%- set columns = [] -%}
    {#- (no node while parsing or in a unit test, whose graph is empty: then no column is an identifier) -#}
    {%- set node = customer360.raw_source_node(relation) -%}
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
{% macro erasure_keep_condition(relation, prefix='raw_') -%}
    {%- set columns = customer360.erasure_identifier_columns(relation) -%}
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
    the readable rows of the file minus the rows select_raw_columns keeps. -#}
{% macro count_erased_raw_rows(relation) -%}
    {%- set columns = customer360.erasure_identifier_columns(relation) -%}
    {%- if not columns or not customer360.erasure_suppression_is_active()
        or customer360.raw_source_is_absent(relation) -%}
        select cast(0 as {{ dbt.type_bigint() }}) as erased_rows
    {%- else -%}
        select
            -- the readable records of the file (a malformed line is quarantined, never erased here)
            ({{ customer360.count_readable_raw_rows(relation) }})
            - (select count(*) from ({{ customer360.select_raw_columns(relation) }}) as kept_rows)
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
    How the purge finds a row that carries a suppressed identifier. Normally (`work_values` given) by its value:
    the run's erased values in their erasure_value_key form sit in a work table of the restricted schema, so a
    row costs a lower/trim and a hash-join probe. Without it (some new hash had no known value) by hashing
    the row's value with erasure_hash, the slow path. Either way the joined row has `request_id`.
-#}
{% macro erasure_match_join(expression, suppression, work_values=none) -%}
    {%- if work_values is not none -%}
        inner join {{ work_values }} as suppressed on suppressed.value_key = {{ customer360.erasure_value_key(expression) }}
    {%- else -%}
        inner join {{ suppression }} as suppressed on suppressed.identifier_hash = {{ customer360.erasure_hash(expression) }}
    {%- endif -%}
{%- endmacro %}


{#-
    on-run-end: carry out the erasure requests of this build.
      1. hashes of int_privacy__erasure_scope not yet on the suppression list are appended to it;
      2. the erased values are looked up: the values of the identifier columns of every table row of the
         customers they resolve to, and of the erasure requests, whose hash is suppressed (plus their sha256, the
         enrichment key). When they explain every new hash, rows are matched by value (cheap); otherwise by
         hashing every value (slow, logged);
      3. the customers they resolve to are collected, plus every customer_id that a table with a customer_id and a
         source_record_id / record_key gave to one of their records (older ids in snapshot history);
      4. in every table of the warehouse (every schema but the audit schema; seeds excepted) each row is marked
         whose customer_id is collected, or whose column named in var erasure_identifier_columns (or such a key in
         a JSON text column of var erasure_json_columns) carries an erased value;
      5. cascade: the parent keys (var erasure_cascade_columns) of those rows take the rows carrying them along,
         and go on the suppression list, so that later builds drop (and count as erased) the same raw rows;
      6. the rows are deleted and counted in the erasure log per request and relation (a request that removed
         nothing gets one row with 0).
    Runs only when the scope holds a hash that is not on the list yet, so an ordinary build costs one count.
    The work tables of erased values and parent keys live in the scope's (restricted) schema and are dropped
    at the end.
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
    {%- set work_hashes = customer360.privacy_audit_relation('erasure_work_hashes') -%}
    {%- set work_rows = customer360.privacy_audit_relation('erasure_work_rows') -%}
    {#- the erased values are personal data: their work table stays in the restricted schema of the scope -#}
    {%- set work_values = api.Relation.create(
        database=scope.database, schema=scope.schema, identifier='erasure_work_values', type='table'
    ) -%}
    {#- parent keys (order ids) of deleted rows: ids, not personal values, but they point at a person: restricted -#}
    {%- set work_cascade = api.Relation.create(
        database=scope.database, schema=scope.schema, identifier='erasure_work_cascade', type='table'
    ) -%}
    {%- set requests_relation = customer360.built_relation_of_model(var('erasure_requests_model')) -%}
    {%- set erased_at = "cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S') ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- set identifier_columns = var('erasure_identifier_columns') | map('lower') | list -%}
    {%- set json_columns = var('erasure_json_columns') | map('lower') | list -%}
    {%- set record_columns = ['source_record_id', 'record_key'] -%}

    {#- 1. suppression list, requests, new hashes and customers of this run -#}
    {%- call statement('erasure_suppress') -%}
        create or replace table {{ work_requests }} as
        select distinct request_id from {{ scope }}
        where identifier_hash not in (select identifier_hash from {{ suppression }});

        create or replace table {{ work_hashes }} as
        select distinct identifier_hash from {{ scope }}
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

    {#- every table of the warehouse and its columns -#}
    {%- set skipped = [
        (work_values.schema ~ '.' ~ work_values.identifier) | lower,
        (work_cascade.schema ~ '.' ~ work_cascade.identifier) | lower
    ] -%}
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
                {%- do tables.update({key: {
                    'schema': row[0], 'name': row[1], 'columns': [],
                    'relation': api.Relation.create(database=target.database, schema=row[0], identifier=row[1])
                }}) -%}
            {%- endif -%}
            {%- do tables[key]['columns'].append(row[2]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for table in tables.values() -%}
        {%- set matched = [] -%}
        {%- for column in table.columns if customer360.is_erasure_identifier_column(column, identifier_columns) -%}
            {%- do matched.append(column) -%}
        {%- endfor -%}
        {%- do table.update({'identifier_columns': matched}) -%}
    {%- endfor -%}

    {#- 2. the erased values: every identifier value of their rows and requests whose hash is suppressed -#}
    {%- set value_sources = [] -%}
    {%- for table in tables.values() if 'customer_id' in table.columns -%}
        {%- for column in table.identifier_columns -%}
            {%- do value_sources.append(
                'select ' ~ dbt.safe_cast(adapter.quote(column), dbt.type_string()) ~ ' as erased_value from '
                ~ table.relation ~ ' where ' ~ dbt.safe_cast('customer_id', dbt.type_string())
                ~ ' in (select customer_id from ' ~ work_customers ~ ')'
            ) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if requests_relation is not none -%}
        {%- for column in adapter.get_columns_in_relation(requests_relation)
            if customer360.is_erasure_identifier_column(column.name, identifier_columns) -%}
            {%- do value_sources.append(
                'select ' ~ dbt.safe_cast(adapter.quote(column.name), dbt.type_string()) ~ ' as erased_value from '
                ~ requests_relation
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set use_values = false -%}
    {%- if value_sources -%}
        {%- call statement('erasure_values') -%}
            create or replace table {{ work_values }} as
            with candidate_values as (
                select distinct erased_value
                from (
                    {{ value_sources | join('\n                    union all\n                    ') }}
                ) as sources
                where erased_value is not null
            ),

            with_enrichment_keys as (
                select erased_value from candidate_values
                union all
                select {{ customer360.sha256_hex('erased_value') }} from candidate_values
            )

            select
                {{ customer360.erasure_value_key('with_enrichment_keys.erased_value') }} as value_key,
                min(suppressed.request_id) as request_id
            from with_enrichment_keys
            inner join {{ suppression }} as suppressed
                on suppressed.identifier_hash = {{ customer360.erasure_hash('with_enrichment_keys.erased_value') }}
            group by 1
        {%- endcall -%}
        {%- set unexplained = run_query(
            'select count(*) from ' ~ work_hashes ~ ' where identifier_hash not in (select '
            ~ customer360.erasure_hash('value_key') ~ ' from ' ~ work_values ~ ')'
        ).columns[0].values()[0] -%}
        {%- set use_values = unexplained == 0 -%}
        {%- if not use_values -%}
            {{ log('Erasure purge: ' ~ unexplained ~ ' suppressed hash(es) without a known value; matching by hashing every identifier value (slow path)', info=true) }}
        {%- endif -%}
    {%- endif -%}
    {%- set match_values = work_values if use_values else none -%}

    {#- 3. customer ids their records had anywhere (snapshot history keeps older ids) -#}
    {%- for table in tables.values() if 'customer_id' in table.columns -%}
        {%- set keys = [] -%}
        {%- for column in record_columns if column in table.columns -%}
            {%- do keys.append(column) -%}
        {%- endfor -%}
        {%- if keys -%}
            {%- call statement('erasure_collect_customers') -%}
                insert into {{ work_customers }} (customer_id, request_id)
                select
                    cast(records.customer_id as {{ dbt.type_string() }}),
                    min(suppressed.request_id)
                from (
                    {#- one equi-join input per key column: an `in (…)` join condition makes a nested loop -#}
                    {%- for column in keys %}
                    select customer_id, {{ adapter.quote(column) }} as record_value
                    from {{ table.relation }}
                    where customer_id is not null
                    {{ 'union all' if not loop.last }}
                    {%- endfor %}
                ) as records
                {{ customer360.erasure_match_join('records.record_value', suppression, match_values) }}
                where cast(records.customer_id as {{ dbt.type_string() }}) not in (select customer_id from {{ work_customers }})
                group by 1
            {%- endcall -%}
        {%- endif -%}
    {%- endfor -%}

    {#- 4. the rows to delete, table by table, into one work table (relation, row locator, request) -#}
    {%- call statement('erasure_work_rows') -%}
        create or replace table {{ work_rows }} (
            relation_name {{ dbt.type_string() }},
            row_locator {{ dbt.type_bigint() }},
            request_id {{ dbt.type_string() }}
        )
    {%- endcall -%}
    {%- set locator = customer360.erasure_row_locator('target_rows') -%}
    {%- for table in tables.values() -%}
        {%- set relation = table.relation -%}
        {%- set matches = [] -%}
        {%- for column in table.identifier_columns -%}
            {%- do matches.append(
                'select ' ~ locator ~ ' as row_locator, suppressed.request_id from ' ~ relation ~ ' as target_rows '
                ~ customer360.erasure_match_join('target_rows.' ~ adapter.quote(column), suppression, match_values)
            ) -%}
        {%- endfor -%}
        {%- for column in table.columns if column in json_columns -%}
            {%- for key in identifier_columns -%}
                {%- do matches.append(
                    'select ' ~ locator ~ ' as row_locator, suppressed.request_id from ' ~ relation ~ ' as target_rows '
                    ~ customer360.erasure_match_join(
                        customer360.json_text_field('target_rows.' ~ adapter.quote(column), key), suppression, match_values
                    )
                ) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if 'customer_id' in table.columns -%}
            {%- do matches.append(
                'select ' ~ locator ~ ' as row_locator, erased.request_id from '
                ~ relation ~ ' as target_rows inner join ' ~ work_customers ~ ' as erased on cast(target_rows.customer_id as '
                ~ dbt.type_string() ~ ') = erased.customer_id'
            ) -%}
        {%- endif -%}
        {%- if matches -%}
            {%- call statement('erasure_match_rows') -%}
                insert into {{ work_rows }} (relation_name, row_locator, request_id)
                select '{{ table.schema }}.{{ table.name }}', row_locator, min(request_id)
                from (
                    {{ matches | join('\n                    union all\n                    ') }}
                ) as matched
                group by row_locator
            {%- endcall -%}
        {%- endif -%}
    {%- endfor -%}

    {#- 5. cascade: a deleted row's parent key (var erasure_cascade_columns: order_id, transaction_id) takes the
        rows that carry it along, e.g. the lines of an order deleted because it named an erased email, even
        when the order belongs to somebody else's record (a shared email) -#}
    {%- set cascade_columns = var('erasure_cascade_columns', []) | map('lower') | list -%}
    {%- set cascade_tables = [] -%}
    {%- for table in tables.values() -%}
        {%- set keys = [] -%}
        {%- for column in table.columns if customer360.is_erasure_identifier_column(column, cascade_columns) -%}
            {%- do keys.append(column) -%}
        {%- endfor -%}
        {%- if keys -%}
            {%- do cascade_tables.append({'table': table, 'keys': keys}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if cascade_tables -%}
        {%- set deleted_keys = [] -%}
        {%- for item in cascade_tables -%}
            {%- for column in item['keys'] -%}
                {%- do deleted_keys.append(
                    'select ' ~ customer360.erasure_value_key('target_rows.' ~ adapter.quote(column)) ~ ' as value_key, '
                    ~ 'deleted.request_id from ' ~ item['table'].relation ~ ' as target_rows inner join ' ~ work_rows
                    ~ ' as deleted on deleted.row_locator = ' ~ locator ~ " and deleted.relation_name = '"
                    ~ item['table'].schema ~ '.' ~ item['table'].name ~ "'"
                ) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- call statement('erasure_cascade_keys') -%}
            create or replace table {{ work_cascade }} as
            select value_key, min(request_id) as request_id
            from (
                {{ deleted_keys | join('\n                union all\n                ') }}
            ) as deleted_keys
            where value_key is not null and value_key <> ''
            group by value_key;

            {#- the parent keys go on the suppression list too: staging drops (and reconciliation counts as erased)
                every raw row carrying one in later builds, exactly the rows deleted here. Otherwise a row deleted
                only through the cascade (the later version of an order whose first version named the erased
                email, the lines of an order of a shared email) would come back with --full-refresh or as an orphan
                line, and an incremental build that does not reread it would count it nowhere (issue 17). -#}
            insert into {{ suppression }} (identifier_hash, identifier_type, request_id, suppressed_at_utc)
            select
                {{ customer360.erasure_hash('value_key') }} as identifier_hash,
                'cascaded_parent_key' as identifier_type,
                min(request_id) as request_id,
                {{ erased_at }} as suppressed_at_utc
            from {{ work_cascade }}
            where {{ customer360.erasure_hash('value_key') }} not in (select identifier_hash from {{ suppression }})
            group by 1
        {%- endcall -%}
        {%- for item in cascade_tables -%}
            {%- set name = item['table'].schema ~ '.' ~ item['table'].name -%}
            {%- call statement('erasure_cascade_rows') -%}
                insert into {{ work_rows }} (relation_name, row_locator, request_id)
                select '{{ name }}', row_locator, min(request_id)
                from (
                    {#- one equi-join per key column (an `in (…)` join condition makes a nested loop) -#}
                    {%- for column in item['keys'] %}
                    select {{ locator }} as row_locator, cascaded.request_id
                    from {{ item['table'].relation }} as target_rows
                    inner join {{ work_cascade }} as cascaded
                        on cascaded.value_key = {{ customer360.erasure_value_key('target_rows.' ~ adapter.quote(column)) }}
                    {{ 'union all' if not loop.last }}
                    {%- endfor %}
                ) as cascaded_rows
                where row_locator not in (
                    select row_locator from {{ work_rows }} where relation_name = '{{ name }}'
                )
                group by row_locator
            {%- endcall -%}
        {%- endfor -%}
    {%- endif -%}

    {#- 6. delete and log, table by table -#}
    {%- for table in tables.values() -%}
        {%- set name = table.schema ~ '.' ~ table.name -%}
        {%- call statement('erasure_purge_table') -%}
            insert into {{ erasure_log }} (request_id, erased_at_utc, relation_name, rows_removed)
            select request_id, {{ erased_at }}, '{{ name }}', count(*)
            from {{ work_rows }}
            where relation_name = '{{ name }}'
            group by request_id;

            delete from {{ table.relation }}
            where {{ customer360.erasure_row_locator(none) }} in (
                select row_locator from {{ work_rows }} where relation_name = '{{ name }}'
            );
        {%- endcall -%}
    {%- endfor -%}

    {#- 7. requests that removed nothing still get a log row; the work tables go -#}
    {%- call statement('erasure_finish') -%}
        insert into {{ erasure_log }} (request_id, erased_at_utc, relation_name, rows_removed)
        select request_id, {{ erased_at }}, null, 0
        from {{ work_requests }}
        where request_id not in (select request_id from {{ erasure_log }});

        drop table if exists {{ work_rows }};
        drop table if exists {{ work_customers }};
        drop table if exists {{ work_requests }};
        drop table if exists {{ work_hashes }};
        drop table if exists {{ work_cascade }};
        drop table if exists {{ work_values }};
    {%- endcall -%}
    {#- hooks run in a transaction that dbt rolls back at the end of the invocation: commit the purge -#}
    {%- do adapter.commit() -%}
    {{ return('') }}
{%- endmacro %}
