{#-
    For every raw source: raw rows = staged rows + rejected rows + malformed lines + exact duplicates (+ erased rows).
    Returns the sources that do not add up, and any source missing from the reconciliation: the test fails on any
    row.
-#}

with

reconciliation as (
    select * from {{ ref('stg_quality__reconciliation') }}
),

expected_sources as (
    {{ customer360.staging_source_names() }}
),

final as (
    select
        expected_sources.source_name,
        reconciliation.raw_rows,
        reconciliation.staged_rows,
        reconciliation.rejected_rows,
        reconciliation.malformed_rows,
        reconciliation.exact_duplicate_rows
    from expected_sources
    left join reconciliation
        on expected_sources.source_name = reconciliation.source_name
    where reconciliation.is_reconciled is null or not reconciliation.is_reconciled
)

select * from final
