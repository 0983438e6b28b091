{#-
    Every rejected raw row of every source, once (after exact-duplicate removal), with the first rule it
    failed (precedence of docs/validation_rules.md), the raw column and value that failed, and the whole raw
    row as JSON text; and every line of a raw file that cannot be parsed (rule malformed_line: the file, the
    line number, the line's text and why). No build timestamp, so a rebuild on the same files gives the same rows.
-#}

with

rejected as (
    {{ customer360.union_rejected_rows() }}
),

final as (
    select
        -- keys (a malformed line: its line number, so two identical broken lines stay two rows)
        case
            when rule_name = 'malformed_line' then record_key
            else source_name || ':' || raw_record_hash
        end as quarantine_key,
        source_name,
        record_key,
        source_record_id,
        -- rule
        rule_name,
        rejected_column,
        rejected_value,
        -- raw row
        raw_record,
        raw_record_hash,
        raw_row_number,
        exact_duplicate_count,
        -- malformed line
        raw_file,
        raw_line_number,
        malformed_reason
    from rejected
)

select * from final
