{#- The moment the personalization models treat as "now": the cut-off date (var recommendation_cutoff_date)
    when set, else the latest order, web or email event in the data (the events the facts keep: erased people's
    are left out), so a rebuild on the same data gives the
    same result; an export without any of them (CRM and loyalty only) falls back to midnight of the reference
    date (int_reference_date__resolved). One row. -#}
{%- set cutoff = personalization_cutoff_timestamp() -%}

with

orders as (
    select ordered_at_utc from {{ ref('int_orders__unioned') }}
    where not is_erased_customer
),

web_events as (
    select event_at_utc from {{ ref('int_web_events__sessionized') }}
),

email_events as (
    select occurred_at_utc from {{ ref('int_email_events__attributed') }}
),

reference_date as (
    select reference_date from {{ ref('int_reference_date__resolved') }}
),

latest_events as (
    select max(ordered_at_utc) as latest_event_at_utc from orders
    union all
    select max(event_at_utc) as latest_event_at_utc from web_events
    union all
    select max(occurred_at_utc) as latest_event_at_utc from email_events
),

final as (
    select
        {% if cutoff -%}
            {{ cutoff }} as as_of_at_utc,
            true as is_cutoff_applied,
        {%- else -%}
            coalesce(
                max(latest_event_at_utc),
                (select max(cast(resolved.reference_date as timestamp)) from reference_date as resolved)
            ) as as_of_at_utc,
            false as is_cutoff_applied,
        {%- endif %}
        max(latest_event_at_utc) as latest_event_at_utc
    from latest_events
)

select * from final
