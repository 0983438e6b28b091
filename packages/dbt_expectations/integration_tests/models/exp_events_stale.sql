-- only an old event and a future-dated one: the future row must not count as recent
{%- set now = 'cast(' ~ dbt.current_timestamp() ~ ' as ' ~ dbt.type_timestamp() ~ ')' %}
with

events as (
    select
        1 as event_id,
        cast('2020-01-01 00:00:00' as {{ dbt.type_timestamp() }}) as event_at
    union all
    select
        2 as event_id,
        {{ dbt.dateadd('day', 10, now) }} as event_at
)

select * from events
