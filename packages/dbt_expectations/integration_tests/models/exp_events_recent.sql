-- one event an hour ago and one long ago: recent data exists
{%- set now = 'cast(' ~ dbt.current_timestamp() ~ ' as ' ~ dbt.type_timestamp() ~ ')' %}
with

events as (
    select
        1 as event_id,
        {{ dbt.dateadd('hour', -1, now) }} as event_at,
        current_date as event_date
    union all
    select
        2 as event_id,
        cast('2020-01-01 00:00:00' as {{ dbt.type_timestamp() }}) as event_at,
        cast('2020-01-01' as date) as event_date
)

select * from events
