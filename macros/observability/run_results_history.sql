{#-
    on-run-end: append one row per node result of this invocation (models, seeds, snapshots, tests, source
    freshness checks) to the run-results history `<var run_history_schema>.dbt_run_results`. The table lives
    outside dbt's management (created here if missing, never dropped by --full-refresh), so it accumulates every
    run. It stores no messages (a failing test's message may quote data): status, failures, rows affected and
    seconds only.
-#}
{% macro run_results_history_relation() -%}
    {{ return(api.Relation.create(
        database=target.database, schema=var('run_history_schema'), identifier='dbt_run_results'
    )) }}
{%- endmacro %}

{% macro create_run_results_history() -%}
    {%- do adapter.create_schema(api.Relation.create(database=target.database, schema=var('run_history_schema'))) -%}
    {%- set statement -%}
        create table if not exists {{ customer360.run_results_history_relation() }} (
            invocation_id {{ dbt.type_string() }} not null,
            run_started_at_utc {{ dbt.type_timestamp() }} not null,
            command {{ dbt.type_string() }},
            unique_id {{ dbt.type_string() }} not null,
            resource_type {{ dbt.type_string() }},
            node_name {{ dbt.type_string() }},
            status {{ dbt.type_string() }},
            failures {{ dbt.type_bigint() }},
            rows_affected {{ dbt.type_bigint() }},
            execution_seconds {{ dbt.type_numeric() }}
        )
    {%- endset -%}
    {%- do run_query(statement) -%}
{%- endmacro %}

{% macro record_run_results(results) -%}
    {%- if execute and results is not none -%}
        {%- do customer360.create_run_results_history() -%}
        {%- set rows = [] -%}
        {%- for result in results -%}
            {%- set node = result.node -%}
            {%- set response = result.adapter_response or {} -%}
            {%- set rows_affected = response.get('rows_affected') if response is mapping else none -%}
            {%- do rows.append(
                "(" ~ customer360.sql_string_literal(invocation_id)
                ~ ", cast(" ~ customer360.sql_string_literal(run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f'))
                ~ " as " ~ dbt.type_timestamp() ~ ")"
                ~ ", " ~ customer360.sql_string_literal(flags.WHICH)
                ~ ", " ~ customer360.sql_string_literal(node.unique_id)
                ~ ", " ~ customer360.sql_string_literal(node.resource_type)
                ~ ", " ~ customer360.sql_string_literal(node.name)
                ~ ", " ~ customer360.sql_string_literal(result.status)
                ~ ", " ~ (result.failures if result.failures is number else 'null')
                ~ ", " ~ (rows_affected if rows_affected is number and rows_affected >= 0 else 'null')
                ~ ", " ~ (result.execution_time | round(3) if result.execution_time is number else 'null')
                ~ ")"
            ) -%}
        {%- endfor -%}
        {%- for batch in rows | batch(500) -%}
            {%- do run_query(
                "insert into " ~ customer360.run_results_history_relation() ~ " values " ~ batch | join(", ")
            ) -%}
        {%- endfor -%}
        {{ log("run history: recorded " ~ rows | length ~ " node results of invocation " ~ invocation_id, info=true) }}
    {%- endif -%}
    select 1 as run_results_recorded
{%- endmacro %}

{#- a SQL string literal of a value (NULL for none), quotes doubled -#}
{% macro sql_string_literal(value) -%}
    {%- if value is none -%}
        {{ return('null') }}
    {%- endif -%}
    {{ return("'" ~ (value | string) | replace("'", "''") ~ "'") }}
{%- endmacro %}
