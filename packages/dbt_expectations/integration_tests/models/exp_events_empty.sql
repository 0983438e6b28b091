-- no rows at all: a recency test must fail, not pass vacuously
with

events as (
    select
        1 as event_id,
        cast('2020-01-01 00:00:00' as {{ dbt.type_timestamp() }}) as event_at
)

select * from events
where event_id < 0
