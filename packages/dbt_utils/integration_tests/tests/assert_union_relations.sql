-- union_relations: NULL where a relation lacks a column, _dbt_source_relation names the relation;
-- the second call overrides amount's type and filters id <> 1 (columns: assert_macro_columns)
{{ config(tags=['expect_pass']) }}

with

union_rows as (
    select
        count(*) as row_count,
        count(name) as name_count,
        count(extra) as extra_count,
        sum(case when _dbt_source_relation like '%utils_union_b%' then 1 else 0 end) as rows_from_b
    from {{ ref('utils_union') }}
),

excluding_rows as (
    select
        count(*) as row_count,
        min(id) as min_id
    from {{ ref('utils_union_excluding') }}
),

amount_type as (
    select lower(data_type) as data_type
    from information_schema.columns
    where
        table_schema = '{{ target.schema }}'
        and table_name = 'utils_union_excluding'
        and column_name = 'amount'
),

problems as (
    -- a: 3 rows with a name, b: 2 rows with an extra
    select 'utils_union rows' as problem
    from union_rows
    where not (row_count = 5 and name_count = 3 and extra_count = 2 and rows_from_b = 2)
    union all
    select 'utils_union_excluding rows' as problem
    from excluding_rows
    where not (row_count = 4 and min_id = 2)
    union all
    select 'utils_union_excluding amount type' as problem
    from amount_type
    where data_type <> 'decimal(10,2)'
)

select * from problems
