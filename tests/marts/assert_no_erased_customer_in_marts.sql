{#- No mart of this area holds a row of a customer named in an erasure request of this build. -#}
with

erased_customers as (
    select distinct customer_id from {{ ref('int_privacy__erased_customers') }}
),

mart_customer_ids as (
    select
        'customer_360' as model_name,
        customer_id
    from {{ ref('customer_360') }}
    union all
    select
        'customer_segments' as model_name,
        customer_id
    from {{ ref('customer_segments') }}
    union all
    select
        'fct_orders' as model_name,
        customer_id
    from {{ ref('fct_orders') }}
    union all
    select
        'fct_order_items' as model_name,
        customer_id
    from {{ ref('fct_order_items') }}
    union all
    select
        'fct_web_sessions' as model_name,
        customer_id
    from {{ ref('fct_web_sessions') }}
    union all
    select
        'fct_email_events' as model_name,
        customer_id
    from {{ ref('fct_email_events') }}
)

select
    mart_customer_ids.model_name,
    count(*) as erased_customer_rows
from mart_customer_ids
inner join erased_customers
    on mart_customer_ids.customer_id = erased_customers.customer_id
group by mart_customer_ids.model_name
