{#-
    One row: the date customer_segments (as-of cut, recency, lifecycle) and customer_360 ("days since")
    are measured at. Var `segment_reference_date` when set, else the latest activity date in the data, so the
    bundled demo stays meaningful however old it gets.
-#}
with

shop_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

email_events as (
    select * from {{ ref('stg_esp__email_events') }}
),

latest_activity_dates as (
    select max(order_date) as latest_activity_date from shop_orders
    union all
    select max(transaction_date) as latest_activity_date from pos_transactions
    union all
    select max(cast(event_at_utc as date)) as latest_activity_date from web_events
    union all
    select max(cast(occurred_at_utc as date)) as latest_activity_date from email_events
),

final as (
    select
        {%- if var('segment_reference_date') is not none %}
        cast('{{ var("segment_reference_date") }}' as date) as reference_date,
        'var segment_reference_date' as reference_date_source,
        {%- else %}
            max(latest_activity_date) as reference_date,
            'latest activity in the data' as reference_date_source,
        {%- endif %}
        max(latest_activity_date) as latest_activity_date
    from latest_activity_dates
)

select * from final
