{#- the hook creates the table at the end of a run; on the very first build it does not exist yet -#}
{%- if execute -%}
    {%- do customer360.create_run_results_history() -%}
{%- endif %}
-- The run-results history (audit table written by the on-run-end hook record_run_results), for BI. It holds
-- the runs finished before this model was built: a build shows up after the next run of this model.
with

run_results as (
    select * from {{ customer360.run_results_history_relation() }}
),

final as (
    select
        -- ids
        invocation_id,
        unique_id,
        -- node
        resource_type,
        node_name,
        command,
        -- result
        status,
        failures,
        rows_affected,
        cast(execution_seconds as {{ dbt.type_numeric() }}) as execution_seconds,
        -- timestamps
        run_started_at_utc,
        cast(run_started_at_utc as date) as run_date
    from run_results
)

select * from final
