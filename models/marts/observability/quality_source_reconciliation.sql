-- Row reconciliation per raw source (raw = staged + rejected + exact duplicates + erased), for BI.
with

reconciliation as (
    select * from {{ ref('stg_quality__reconciliation') }}
),

final as (
    select
        source_name,
        raw_rows,
        staged_rows,
        rejected_rows,
        exact_duplicate_rows,
        erased_rows,
        is_reconciled
    from reconciliation
)

select * from final
