{#-
    Row accounting per raw source: raw rows (counted straight from the raw file) = staged rows + rejected rows
    (quarantine) + malformed lines (quarantine, rule malformed_line) + exact duplicates (copies removed) + erased rows (rows of people erased under a right-to-erasure
    request, dropped while reading; docs/privacy.md). Tests `assert_staging_reconciles` and `is_reconciled` fail
    the build when a source does not add up.
-#}

with

quarantine as (
    select * from {{ ref('stg_quality__quarantine') }}
),

counts as (
    {{ customer360.reconciliation_counts('quarantine') }}
),

final as (
    select
        source_name,
        raw_rows,
        staged_rows,
        rejected_rows,
        malformed_rows,
        exact_duplicate_rows,
        erased_rows,
        raw_rows = staged_rows + rejected_rows + malformed_rows + exact_duplicate_rows + erased_rows as is_reconciled
    from counts
)

select * from final
