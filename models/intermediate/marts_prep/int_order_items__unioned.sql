{#-
    Online order lines and store transaction lines in one shape, carrying their order's customer, status and
    channel and the product's harmonized category. Line revenue follows the order's status (doc `revenue_definition`).
    Amounts have the precision the marts publish (decimal(18, 2)).
    Lines of erased customers' orders carry `is_erased_customer` (marts leave them out); a line without its
    order keeps NULL order columns, so the relationships test on fct_order_items reports it.
-#}
with

shop_order_items as (
    select * from {{ ref('stg_shop__order_items') }}
),

pos_transaction_items as (
    select * from {{ ref('stg_pos__transaction_items') }}
),

orders as (
    select * from {{ ref('int_orders__unioned') }}
),

products as (
    select * from {{ ref('stg_catalog__products') }}
),

online_items as (
    select
        order_item_id,
        'online' as channel,
        order_id,
        line_number,
        product_id,
        quantity,
        currency_code,
        unit_price,
        line_amount,
        line_amount_reporting
    from shop_order_items
),

store_items as (
    select
        transaction_item_id as order_item_id,
        'store' as channel,
        transaction_id as order_id,
        line_number,
        product_id,
        quantity,
        currency_code,
        unit_price,
        line_amount,
        line_amount_reporting
    from pos_transaction_items
),

unioned as (
    select * from online_items
    union all
    select * from store_items
),

final as (
    select
        -- ids
        unioned.order_item_id,
        unioned.order_id,
        unioned.channel,
        unioned.line_number,
        orders.customer_id,
        unioned.product_id,
        products.category,
        products.subcategory,
        -- order context
        orders.ordered_at_utc,
        orders.order_date,
        orders.status as order_status,
        coalesce(orders.is_erased_customer, false) as is_erased_customer,
        -- amounts
        unioned.quantity,
        unioned.currency_code,
        cast(unioned.unit_price as decimal(18, 2)) as unit_price,
        cast(unioned.line_amount as decimal(18, 2)) as line_amount,
        cast(unioned.line_amount_reporting as decimal(18, 2)) as line_amount_reporting,
        cast(
            case when orders.status = 'completed' then unioned.line_amount_reporting else 0 end as decimal(18, 2)
        ) as revenue_reporting
    from unioned
    left join orders
        on
            unioned.order_id = orders.order_id
            and unioned.channel = orders.channel
    left join products
        on unioned.product_id = products.product_id
)

select * from final
