{#- The sessionization rule holds on every event: a session starts exactly at an anonymous_id's first event
    or after a gap of more than var `session_inactivity_minutes`; inside a session no gap is longer. -#}
with

events as (
    select * from {{ ref('int_web_events__sessionized') }}
),

checked as (
    select
        event_id,
        anonymous_id,
        session_number,
        is_session_start,
        previous_event_at_utc,
        event_at_utc,
        previous_event_at_utc is null
        or event_at_utc
        > {{ dbt.dateadd('minute', var('session_inactivity_minutes'), 'previous_event_at_utc') }}
            as should_start_session
    from events
)

select * from checked
where is_session_start <> should_start_session
