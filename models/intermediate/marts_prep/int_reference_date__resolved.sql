{#-
    One row: the date customer_segments (as-of cut, recency, lifecycle) and customer_360 ("days since")
    are measured at. Var `segment_reference_date` when set, else the latest activity date in the data, so the
    bundled demo stays meaningful however old it gets. It falls back through the sources that exist: the latest
    activity (online orders, store sales, web and email events), else the latest profile change (CRM contacts,
    loyalty enrolments: an export without activity, e.g. CRM + loyalty only), else the date the build started.
    An empty or absent source (docs/raw_data_contract.md, optional sources) simply adds nothing.
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

crm_customers as (
    select * from {{ ref('stg_crm__customers') }}
),

loyalty_members as (
    select * from {{ ref('stg_pos__loyalty_members') }}
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

latest_profile_dates as (
    select max(cast(coalesce(updated_at_utc, created_at_utc) as date)) as latest_profile_date from crm_customers
    union all
    select max(cast(created_at_utc as date)) as latest_profile_date from crm_customers
    union all
    select max(cast(enrolled_at_utc as date)) as latest_profile_date from loyalty_members
),

latest_dates as (
    select
        (select max(latest_activity_date) from latest_activity_dates) as latest_activity_date,
        (select max(latest_profile_date) from latest_profile_dates) as latest_profile_date
),

final as (
    select
        {%- if var('segment_reference_date') is not none %}
        cast('{{ var("segment_reference_date") }}' as date) as reference_date,
        'var segment_reference_date' as reference_date_source,
        {%- else %}
            coalesce(
                latest_activity_date,
                latest_profile_date,
                cast('{{ run_started_at.strftime("%Y-%m-%d") }}' as date)
            ) as reference_date,
            case
                when latest_activity_date is not null then 'latest activity in the data'
                when latest_profile_date is not null then 'latest profile change in the data'
                else 'build start'
            end as reference_date_source,
        {%- endif %}
        latest_activity_date
    from latest_dates
)

select * from final
