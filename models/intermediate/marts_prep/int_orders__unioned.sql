{#-
    Online orders and store transactions in one shape, attributed to a customer_id through the identity
    crosswalk. The revenue definition lives here and only here (see doc `revenue_definition`):
    completed orders are revenue, cancelled orders are not, returned orders are tracked separately.
    A store transaction has no status: it is a completed sale. Amounts have the precision the marts publish
    (decimal(18, 2)), so every reader (fct_orders, the personalization models) sees the same values. Orders of
    customers who asked for erasure are flagged `is_erased_customer` and left out of every mart and every
    personalization model, as the erasure purge and every later build (staging drops their raw rows) leave them
    out.
-#}
with

shop_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

crosswalk as (
    select * from {{ ref('int_identity__crosswalk') }}
),

erased_customers as (
    select distinct customer_id from {{ ref('int_privacy__erased_customers') }}
),

online_orders as (
    select
        order_id,
        'online' as channel,
        source_name,
        source_record_id,
        cast(null as {{ dbt.type_string() }}) as store_id,
        ordered_at_utc,
        order_date,
        status,
        currency_code,
        order_total,
        order_total_reporting,
        discount_total_reporting as discount_reporting,
        cast(null as {{ dbt.type_string() }}) as payment_method,
        is_amount_outlier
    from shop_orders
),

store_orders as (
    select
        transaction_id as order_id,
        'store' as channel,
        source_name,
        source_record_id,
        store_id,
        transacted_at_utc as ordered_at_utc,
        transaction_date as order_date,
        'completed' as status,
        currency_code,
        total_amount as order_total,
        total_amount_reporting as order_total_reporting,
        discount_amount_reporting as discount_reporting,
        payment_method,
        is_amount_outlier
    from pos_transactions
),

unioned as (
    select * from online_orders
    union all
    select * from store_orders
),

attributed as (
    select
        unioned.*,
        crosswalk.customer_id,
        erased_customers.customer_id is not null as is_erased_customer
    from unioned
    left join crosswalk
        on
            unioned.source_name = crosswalk.source_name
            and unioned.source_record_id = crosswalk.source_record_id
    left join erased_customers
        on crosswalk.customer_id = erased_customers.customer_id
),

final as (
    select
        -- ids
        order_id,
        channel,
        source_name,
        customer_id,
        is_erased_customer,
        store_id,
        -- timestamps
        ordered_at_utc,
        order_date,
        -- status and amounts
        status,
        currency_code,
        cast(order_total as decimal(18, 2)) as order_total,
        cast(order_total_reporting as decimal(18, 2)) as order_total_reporting,
        cast(discount_reporting as decimal(18, 2)) as discount_reporting,
        cast(
            case when status = 'completed' then order_total_reporting else 0 end as decimal(18, 2)
        ) as revenue_reporting,
        cast(
            case when status = 'returned' then order_total_reporting else 0 end as decimal(18, 2)
        ) as returned_revenue_reporting,
        -- other
        payment_method,
        is_amount_outlier
    from attributed
)

select * from final
