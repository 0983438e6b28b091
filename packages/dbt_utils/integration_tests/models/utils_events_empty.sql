-- no rows at all: recency must fail, not pass vacuously
with

events as (
    select
        'a' as event_source,
        cast('2020-01-01 00:00:00' as {{ dbt.type_timestamp() }}) as event_at
)

select * from events
where event_source = 'no such source'
