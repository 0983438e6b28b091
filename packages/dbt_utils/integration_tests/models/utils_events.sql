-- source a had an event an hour ago, source b only in 2020, source c at midnight yesterday
{%- set now = 'cast(' ~ dbt.current_timestamp() ~ ' as ' ~ dbt.type_timestamp() ~ ')' %}
with

events as (
    select 'a' as event_source, {{ dbt.dateadd('hour', -1, now) }} as event_at
    union all
    select 'b' as event_source, cast('2020-01-01 00:00:00' as {{ dbt.type_timestamp() }}) as event_at
    union all
    select
        'c' as event_source,
        {{ dbt.dateadd('day', -1, 'cast(current_date as ' ~ dbt.type_timestamp() ~ ')') }} as event_at
)

select * from events
