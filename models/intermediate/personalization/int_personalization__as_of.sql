{#- The moment the personalization models treat as "now": the cut-off date (var recommendation_cutoff_date)
    when set, else the latest order, web or email event in the data, so a rebuild on the same data gives the
    same result. One row. -#}
{%- set cutoff = personalization_cutoff_timestamp() -%}

with

orders as (
    select ordered_at_utc from {{ ref('fct_orders') }}
),

web_sessions as (
    select ended_at_utc from {{ ref('fct_web_sessions') }}
),

email_events as (
    select occurred_at_utc from {{ ref('fct_email_events') }}
),

latest_events as (
    select max(ordered_at_utc) as latest_event_at_utc from orders
    union all
    select max(ended_at_utc) as latest_event_at_utc from web_sessions
    union all
    select max(occurred_at_utc) as latest_event_at_utc from email_events
),

final as (
    select
        {% if cutoff -%}
            {{ cutoff }} as as_of_at_utc,
            true as is_cutoff_applied,
        {%- else -%}
            max(latest_event_at_utc) as as_of_at_utc,
            false as is_cutoff_applied,
        {%- endif %}
        max(latest_event_at_utc) as latest_event_at_utc
    from latest_events
)

select * from final
