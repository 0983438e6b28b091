-- star() and union_relations() produce exactly the expected columns, in order
{{ config(tags=['expect_pass']) }}
-- depends_on: {{ ref('utils_star') }}
-- depends_on: {{ ref('utils_union') }}
-- depends_on: {{ ref('utils_union_excluding') }}

with

expected as (
    select * from {{ ref('utils_expected_columns') }}
),

actual as (
    select
        table_name,
        column_name,
        ordinal_position
    from information_schema.columns
    where
        table_schema = '{{ target.schema }}'
        and table_name in (select distinct expected.table_name from expected)
),

mismatches as (
    select
        coalesce(actual.table_name, expected.table_name) as table_name,
        actual.column_name as actual_column,
        expected.column_name as expected_column
    from actual
    full outer join expected
        on
            actual.table_name = expected.table_name
            and actual.column_name = expected.column_name
            and actual.ordinal_position = expected.ordinal_position
    where actual.column_name is null or expected.column_name is null
)

select * from mismatches
