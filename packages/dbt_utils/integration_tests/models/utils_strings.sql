-- '' and whitespace-only strings cannot be written in a seed CSV (they load as NULL)
with

strings as (
    select
        1 as string_id,
        'kept' as note
    union all
    select
        2 as string_id,
        '' as note
    union all
    select
        3 as string_id,
        '   ' as note
    union all
    select
        4 as string_id,
        cast(null as {{ dbt.type_string() }}) as note
)

select * from strings
